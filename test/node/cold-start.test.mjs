// Offline from a cold start, as a user lives it: a page opened once online
// (which registers the offline shell worker and downloads a video), the
// browser closed, the network cut, the browser started again and the page
// opened anew. Each journey has its own origin and browser profile; the cut is
// real for the page and its worker alike (the server refuses every
// connection) and the page is offline (navigator.onLine is false).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buttonState, click, newProfile, openPage, openSite, playsFor, whenShellReady } from '../support/site.mjs';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/**
 * Runs `online(browser)` in a first browser session, closes the browser,
 * cuts the network and opens `path` in a new session, offline. Resolves with
 * that page and what the server saw after the cut.
 */
async function coldStart(path, online, { distDir = null } = {}) {
  const site = await openSite({ distDir });
  const profile = newProfile();
  cleanups.push(() => site.close(), () => profile.remove());
  let browser = await profile.launch();
  try {
    await online(browser, site);
  } finally {
    await browser.close();
  }
  site.cutNetwork();
  const answered = site.requestCount();
  browser = await profile.launch();
  cleanups.push(() => browser.close());
  const opened = await openPage(browser, `${site.url}${path}`, { offline: true });
  return { ...opened, site, browser, profile, requestsAfterCut: () => site.requestCount() - answered };
}

async function downloadOnline(browser, site, path) {
  const { page, problems } = await openPage(browser, `${site.url}${path}`);
  await whenShellReady(page);
  await page.waitForFunction(() => document.querySelector('download-button')?.entry, { timeout: 15000 });
  await click(page, 'download-button');
  await buttonState(page, 'download-button', 'completed');
  await page.waitForFunction(() => document.querySelector('offline-player')?.local, { timeout: 15000 });
  assert.deepEqual(problems, [], `${path} online: no errors`);
  return page;
}

async function assertPlaysLocally({ page, problems, events, requestsAfterCut }, { entryJson = true } = {}) {
  await page.waitForFunction(() => document.querySelector('offline-player')?.local === true, { timeout: 20000 });
  await playsFor(page);
  const sourceChanges = (await events()).filter((e) => e.type === 'source-change');
  assert.equal(sourceChanges.at(-1)?.detail.local, true, 'source-change says local: true');
  assert.equal(await page.evaluate(() => document.querySelector('download-button').state), 'completed', 'the button shows completed');
  assert.equal(await page.evaluate(() => navigator.onLine), false, 'the page is offline');
  assert.equal(requestsAfterCut(), 0, 'the server saw no request after the cut');
  assert.deepEqual(problems, [], 'no error in the page');
  // The worker kept pages, scripts and entries, never media, manifests or licences.
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
    return urls;
  });
  if (entryJson) assert.ok(cached.some((u) => u.endsWith('.json')), 'the entry JSON is kept');
  assert.deepEqual(cached.filter((u) => /\.(m4s|mp4|m4a|mpd|m3u8|vtt|ts|aac|mp3|webm)$|\/license\//.test(u)), [], 'no media, manifest or licence in any cache');
}

test('an element with src: downloaded online, then a cold start offline plays the local copy', async () => {
  const cold = await coldStart('test/pages/src.html', (browser, site) => downloadOnline(browser, site, 'test/pages/src.html'));
  await assertPlaysLocally(cold);
});

test('an element with only asset-id plays the stored entry from a cold start', async () => {
  const cold = await coldStart('test/pages/asset-id.html', async (browser, site) => {
    await downloadOnline(browser, site, 'test/pages/src.html');
    // The asset-id page, opened once online: it finds the download by its id.
    const { page, problems } = await openPage(browser, `${site.url}test/pages/asset-id.html`);
    await whenShellReady(page);
    await page.waitForFunction(() => document.querySelector('offline-player')?.local, { timeout: 15000 });
    assert.deepEqual(problems, []);
  });
  await assertPlaysLocally(cold);
  const origin = await cold.page.evaluate(() => document.querySelector('offline-player').entry?.name);
  assert.equal(origin, 'Clear DASH (test pattern)', 'the entry kept with the download');
});

test('inline JSON with the IIFE in <head>: it downloads, and plays from a cold start', async () => {
  const cold = await coldStart('test/pages/inline.html', async (browser, site) => {
    const { page } = await openPage(browser, `${site.url}test/pages/inline.html`);
    // The elements were defined before the parser added the inline JSON: they read it when it arrived.
    await page.waitForFunction(() => document.querySelector('offline-player')?.currentSource, { timeout: 15000 });
    assert.equal(await page.evaluate(() => document.querySelector('download-button').effectiveAssetId), 'clear-hls');
    await page.close();
    await downloadOnline(browser, site, 'test/pages/inline.html');
  });
  await assertPlaysLocally(cold, { entryJson: false });
});

test('the CMS embed page (only the IIFE, ClearKey DASH) plays from a cold start', async () => {
  const cold = await coldStart('demo/embed.html', (browser, site) => downloadOnline(browser, site, 'demo/embed.html'));
  await assertPlaysLocally(cold);
});

test('the demo story plays from a cold start, as its text says', async () => {
  const cold = await coldStart('demo/#clear-dash', async (browser, site) => {
    const page = await downloadOnline(browser, site, 'demo/#clear-dash');
    const text = await page.evaluate(() => document.querySelector('#story-description').textContent);
    assert.match(text, /cut the network.*reload: the page loads and it still plays/i);
  });
  await assertPlaysLocally(cold);
});

test('a video that was never downloaded: a short human message offline, no uncaught error', async () => {
  const cold = await coldStart('test/pages/src.html', async (browser, site) => {
    const { page } = await openPage(browser, `${site.url}test/pages/src.html`);
    await whenShellReady(page);
    await page.waitForFunction(() => document.querySelector('offline-player')?.currentSource, { timeout: 15000 });
  });
  const { page, problems, events } = cold;
  await page.waitForFunction(() => document.querySelector('offline-player')?.error, { timeout: 15000 });
  const shown = await page.evaluate(() => {
    const player = document.querySelector('offline-player');
    const message = player.shadowRoot.querySelector('[part=message]');
    return { code: player.error.code, text: message.textContent.trim(), visible: !message.hidden && message.offsetHeight > 0 };
  });
  assert.deepEqual(shown, { code: 'NOT_AVAILABLE_OFFLINE', text: 'You are offline and this video is not downloaded', visible: true });
  const errors = (await events()).filter((e) => e.type === 'player-error').map((e) => e.detail.error.code);
  assert.deepEqual(errors, ['NOT_AVAILABLE_OFFLINE']);
  assert.deepEqual(problems, [], 'no uncaught error');
  assert.equal(cold.requestsAfterCut(), 0);
});

test('a new library version: the next load uses it online, and after it the download still plays offline', async () => {
  const next = resolve('.cache/dist-next');
  const version = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')).version;
  if (!existsSync(`${next}/offline-player-sw.js`) || process.env.CI) {
    execFileSync('node', ['scripts/build.mjs', '--out', next], { env: { ...process.env, OFFLINE_PLAYER_VERSION: `${version}-next` }, stdio: 'ignore' });
  }
  const libraryVersion = (page) => page.evaluate(() => import('/dist/bundle/offline-player.js').then((m) => m.VERSION));
  const cold = await coldStart('test/pages/src.html', async (browser, site) => {
    const page = await downloadOnline(browser, site, 'test/pages/src.html');
    assert.equal(await libraryVersion(page), version);
    await page.close();
    // The site deploys the next release; the user comes back while online.
    site.media.setDistDir(next);
    const { page: again, problems } = await openPage(browser, `${site.url}test/pages/src.html`);
    assert.equal(await libraryVersion(again), `${version}-next`, 'never an older library than the page');
    // The new worker installs in the background and waits for the old pages to close.
    await again.waitForFunction(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return !!registration?.waiting;
    }, { timeout: 20000, polling: 200 });
    await again.waitForFunction(() => document.querySelector('offline-player')?.local, { timeout: 15000 });
    assert.deepEqual(problems, []);
  }, { distDir: null });
  await assertPlaysLocally(cold);
  assert.equal(await libraryVersion(cold.page), `${version}-next`, 'offline, the new version');
  const shell = await cold.page.evaluate(() => import('/dist/bundle/offline-player.js').then((m) => m.offlineShellVersion()));
  assert.equal(shell?.version, `${version}-next`, 'the new worker took over');
});

test('a reload in the middle of a download shows reason="interrupted" and says so', async () => {
  const site = await openSite();
  const profile = newProfile();
  const browser = await profile.launch();
  cleanups.push(() => site.close(), () => profile.remove(), () => browser.close());
  await fetch(`${site.url}__control/faults`, { method: 'POST', body: JSON.stringify({ rules: [{ match: '\\.m4s$', latencyMs: 300 }] }) });
  const { page, problems } = await openPage(browser, `${site.url}test/pages/src.html`);
  await page.waitForFunction(() => document.querySelector('download-button')?.entry, { timeout: 15000 });
  await click(page, 'download-button');
  await page.waitForFunction(() => document.querySelector('download-button').progress >= 5, { timeout: 30000 });
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('download-button')?.reason === 'interrupted', { timeout: 15000 });
  const shown = await page.evaluate(() => {
    const button = document.querySelector('download-button');
    return { state: button.state, reason: button.getAttribute('reason'), label: button.shadowRoot.querySelector('[part=label]').textContent.trim() };
  });
  assert.deepEqual(shown, { state: 'paused', reason: 'interrupted', label: 'Interrupted: resume' });
  assert.deepEqual(problems, []);
});

test('malformed inline JSON under a script in <head>: INVALID_ENTRY and a visible message at both elements', async () => {
  const site = await openSite();
  const profile = newProfile();
  const browser = await profile.launch();
  cleanups.push(() => site.close(), () => profile.remove(), () => browser.close());
  const { page, problems, events } = await openPage(browser, `${site.url}test/pages/inline-bad.html`);
  await page.waitForFunction(() => document.querySelector('offline-player').error && document.querySelector('download-button').error, { timeout: 5000 });
  const shown = await page.evaluate(() =>
    ['offline-player', 'download-button'].map((tag) => {
      const el = document.querySelector(tag);
      const message = el.shadowRoot.querySelector('[part=message]');
      // Human words on screen; the parser's words stay on the error, for developers.
      return { code: el.error.code, technical: /not valid JSON/.test(el.error.message), visible: message.offsetHeight > 0 ? message.textContent.trim() : '' };
    }),
  );
  assert.deepEqual(shown, [
    { code: 'INVALID_ENTRY', technical: true, visible: 'The details of this video are missing or invalid.' },
    { code: 'INVALID_ENTRY', technical: true, visible: 'The details of this video are missing or invalid.' },
  ]);
  const codes = (await events()).filter((e) => e.type.endsWith('-error')).map((e) => `${e.type} ${e.detail.error.code}`);
  assert.deepEqual(codes.sort(), ['download-error INVALID_ENTRY', 'player-error INVALID_ENTRY']);
  assert.deepEqual(problems, []);
});
