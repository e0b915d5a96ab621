#!/usr/bin/env node
// Takes screenshots of the demo's stories in headless Chromium (into
// .cache/screenshots/), after driving them a little: a download completed,
// one in progress, a broken entry, the downloads panel.
import { mkdirSync } from 'node:fs';
import { createMediaServer } from '../server/media-server.mjs';
import { launchChromium, openPage } from '../test/support/headless.mjs';
import { buttonState as waitButton, click as clickPart, newProfile, openPage as openSitePage, openSite, playsFor, whenShellReady } from '../test/support/site.mjs';

const out = '.cache/screenshots';
mkdirSync(out, { recursive: true });
const { server, url } = await createMediaServer().listen({ port: 0 });
const browser = await launchChromium();
const { page, problems } = await openPage(browser, `${url}demo/`);

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function story(id) {
  await page.evaluate((s) => (location.hash = s), id);
  await page.waitForFunction((s) => document.querySelector('.sidebar [aria-current="page"]')?.getAttribute('href') === `#${s}`, {}, id);
  await wait(500);
}
async function showFrame() {
  await page.waitForFunction(() => document.querySelector('offline-player')?.currentSource, { timeout: 15000 }).catch(() => {});
  await page.evaluate(async () => {
    const video = document.querySelector('offline-player')?.video;
    if (!video) return;
    video.currentTime = 6;
    await new Promise((r) => video.addEventListener('seeked', r, { once: true }));
  }).catch(() => {});
  await wait(300);
}
async function shot(name) {
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
}
const click = (selector) =>
  page.evaluate((s) => document.querySelector(s).shadowRoot.querySelector('[part=button]').click(), selector);
const buttonState = (selector, state) =>
  page.waitForFunction((s, st) => document.querySelector(s)?.state === st, { timeout: 30000 }, selector, state);

await story('clear-dash');
await showFrame();
await shot('1-clear-dash-online');
await click('download-button');
await buttonState('download-button', 'completed');
await showFrame();
await shot('2-clear-dash-downloaded');

// A download in progress, slowed down by the server's fault injection.
await page.evaluate(() =>
  fetch('/__control/faults', { method: 'POST', body: JSON.stringify({ scope: 'default', rules: [{ match: '\\.m4s$', latencyMs: 700 }] }) }),
);
await story('clearkey-dash');
await showFrame();
await click('download-button');
await page.waitForFunction(() => document.querySelector('download-button')?.progress >= 20, { timeout: 30000 });
await shot('3-clearkey-dash-downloading');
await click('download-button');
await buttonState('download-button', 'paused');
await shot('4-clearkey-dash-paused');
await page.evaluate(() => fetch('/__control/faults?scope=default', { method: 'DELETE' }));

await story('broken');
await page.waitForFunction(() => document.querySelector('#log')?.textContent.includes('player-error'), { timeout: 15000 });
await click('download-button');
await buttonState('download-button', 'failed');
await shot('5-broken');

await story('two-buttons');
await showFrame();
await shot('6-two-buttons');
await story('themed');
await shot('7-themed');
await story('tracks');
await showFrame();
await shot('8-tracks');
await story('downloads');
await page.waitForFunction(() => document.querySelector('#downloads table'), { timeout: 10000 });
await shot('9-downloads');
await page.goto(`${url}demo/embed.html`);
await wait(1500);
await shot('10-embed');

console.log(problems.length ? `console problems:\n  ${problems.join('\n  ')}` : 'no console problems');
await browser.close();
server.close();

// The demo's promise: download, cut the network, reload: it still plays.
// Its own site and profile; the browser restarts between the two visits.
{
  const site = await openSite();
  const profile = newProfile();
  let b = await profile.launch();
  const online = await openSitePage(b, `${site.url}demo/#clear-dash`);
  await whenShellReady(online.page);
  await online.page.waitForFunction(() => document.querySelector('download-button')?.entry, { timeout: 15000 });
  await clickPart(online.page, 'download-button');
  await waitButton(online.page, 'download-button', 'completed');
  await b.close();
  site.cutNetwork();
  b = await profile.launch();
  const offline = await openSitePage(b, `${site.url}demo/#clear-dash`, { offline: true, viewport: { width: 1280, height: 900 } });
  await offline.page.waitForFunction(() => document.querySelector('offline-player')?.local, { timeout: 20000 });
  await playsFor(offline.page);
  await offline.page.evaluate(() => document.querySelector('offline-player').video.pause());
  await offline.page.screenshot({ path: `${out}/11-clear-dash-reloaded-offline.png`, fullPage: true });
  console.log(`${out}/11-clear-dash-reloaded-offline.png (network cut: ${site.requestCount()} requests answered before the cut, none after; problems: ${offline.problems.join('; ') || 'none'})`);
  await b.close();
  await site.close();
  profile.remove();
}
