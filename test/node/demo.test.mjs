// The README's demo command serves a page that headless Chromium loads
// without console errors: every story renders, the first one plays, and the
// CMS embed page works too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMediaServer } from '../../server/media-server.mjs';
import { launchChromium, openPage } from '../support/headless.mjs';

let server;
let base;
let browser;
before(async () => {
  ({ server, url: base } = await createMediaServer().listen({ port: 0 }));
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

const STORIES = ['clear-dash', 'clear-hls', 'clear-mp4', 'clearkey-dash', 'two-buttons', 'themed', 'tracks', 'downloads'];

test('every story of the demo renders without console errors, and the first plays', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/#clear-dash`);
  const playing = () =>
    page.evaluate(() => {
      const player = document.querySelector('offline-player');
      return player?.video ? player.video.currentTime : 0;
    });
  await page.waitForFunction(() => document.querySelector('offline-player')?.currentSource, { timeout: 15000 });
  // play() may never settle while it waits for data: keep a refusal and report it.
  await page.evaluate(() => {
    document.querySelector('offline-player').video.play().catch((error) => (window.playRefused = String(error)));
  });
  const until = Date.now() + 20000;
  while ((await playing()) < 0.5 && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  const refused = await page.evaluate(() => window.playRefused ?? 'no');
  assert.ok((await playing()) >= 0.5, `the first story plays (play() refused: ${refused}; ${problems.join('; ')})`);
  for (const story of STORIES) {
    await page.evaluate((id) => (location.hash = id), story);
    await page.waitForFunction((id) => document.querySelector('.sidebar [aria-current="page"]')?.getAttribute('href') === `#${id}`, {}, story);
    await page.waitForFunction(() => !document.querySelector('download-button') || document.querySelector('download-button').state !== undefined);
    await new Promise((r) => setTimeout(r, 300));
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('the broken story shows its errors without unexpected console errors', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/#broken`);
  await page.waitForFunction(() => document.querySelector('#log')?.textContent.includes('player-error'), { timeout: 15000 });
  // The only failures are the requests the broken entry makes on purpose.
  const unexpected = problems.filter((p) => !/missing\/manifest\.mpd|404 \(Not Found\)/.test(p));
  assert.deepEqual(unexpected, []);
  await page.close();
});

test('the CMS embed page (only the IIFE) loads without console errors', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/embed.html`);
  await page.waitForFunction(() => document.querySelector('download-button')?.effectiveAssetId === 'clearkey-dash', { timeout: 15000 });
  assert.deepEqual(problems, []);
  await page.close();
});
