// The README's demo command serves a page that headless Chromium loads
// without console errors, and its default story really plays.
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

test('the demo page loads without console errors and plays', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/`);
  await page
    .waitForFunction(() => document.querySelector('video')?.currentTime > 0.5, { timeout: 20000 })
    .catch((e) => assert.fail(`${e.message}; problems: ${problems.join('; ')}`));
  assert.deepEqual(problems, []);
  await page.close();
});
