// Launches Debian's Chromium headless with puppeteer-core (no browser
// download), for checks that drive whole pages: the demo smoke test, the
// screenshots and the benchmarks.
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

export async function launchChromium({ args = [] } = {}) {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: run `npm test` (it installs it) or set CHROME_PATH');
  return puppeteer.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS, ...args] });
}

/** Opens `url` and records console errors and uncaught page errors. */
export async function openPage(browser, url, { viewport = { width: 1280, height: 900 } } = {}) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? '';
    if (!failure.includes('ERR_ABORTED')) problems.push(`request failed: ${request.url()} ${failure}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems };
}
