#!/usr/bin/env node
// `npm run screenshots`: the elements and the demo as people see them, in
// headless Chromium, into .cache/screenshots/ — a desktop (1280 x 800), a
// phone (390 x 844) and a narrow phone (320 x 640), light and dark:
//   - every demo story, driven for real: the menu open, a download going,
//     paused, done, the question before removing, a broken video, the list of
//     downloads, the same list with the network cut;
//   - every state of every element from the gallery (demo/states/), which
//     draws them from canned status snapshots;
//   - the demo reloaded offline after a browser restart (the cold start).
// Each file is printed with the page's horizontal overflow (0 means none).
//   --only=desktop,phone,narrow,offline   some passes only
import { mkdirSync, rmSync } from 'node:fs';
import { createMediaServer } from '../server/media-server.mjs';
import { launchChromium } from '../test/support/headless.mjs';
import { buttonState as waitButton, click as clickPart, newProfile, openPage as openSitePage, openSite, playsFor, whenShellReady } from '../test/support/site.mjs';

const out = '.cache/screenshots';
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',') ?? null;
const want = (pass) => !only || only.includes(pass);
if (!only) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844, isMobile: true, hasTouch: true },
  narrow: { width: 320, height: 640, isMobile: true, hasTouch: true },
};
const wait = (ms) => new Promise((r) => setTimeout(r, ms));
const problems = [];
const overflowing = [];

const { server, url } = await createMediaServer().listen({ port: 0 });
const browser = await launchChromium();

async function newPage(viewport, scheme = 'light') {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORTS[viewport]);
  await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
  page.on('console', (m) => m.type() === 'error' && problems.push(`${viewport}: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`${viewport}: page error ${e.message}`));
  return page;
}

async function shot(page, name, { full = true, selector = null } = {}) {
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth);
  if (overflow > 0) overflowing.push(`${name}: ${overflow} px`);
  const path = `${out}/${name}.png`;
  if (selector) await (await page.$(selector)).screenshot({ path });
  else await page.screenshot({ path, fullPage: full });
  console.log(`${path}  (horizontal overflow ${overflow} px)`);
}

async function story(page, id) {
  await page.evaluate((s) => (location.hash = s), id);
  await page.waitForFunction((s) => document.querySelector('.sidebar [aria-current="page"]')?.getAttribute('href') === `#${s}`, {}, id);
  await page.evaluate(() => window.scrollTo(0, 0));
  await wait(600);
}

/** A still frame at 6 s, so the player shows a picture. */
async function frame(page) {
  await page.waitForFunction(() => document.querySelector('#canvas offline-player')?.currentSource, { timeout: 15000 }).catch(() => {});
  await page.evaluate(async () => {
    const video = document.querySelector('#canvas offline-player')?.video;
    if (!video || video.readyState < 1) return;
    video.currentTime = 6;
    await new Promise((r) => video.addEventListener('seeked', r, { once: true }));
  }).catch(() => {});
  await wait(300);
}

const inButton = (selector, part) => (page) =>
  page.evaluate((s, p) => document.querySelector(s).shadowRoot.querySelector(`[part=${p}]`).click(), selector, part);
const buttonState = (page, selector, state) => page.waitForFunction((s, st) => document.querySelector(s)?.state === st, { timeout: 30000 }, selector, state);
const slowSegments = (page, latencyMs) =>
  page.evaluate((ms) => fetch('/__control/faults', { method: 'POST', body: JSON.stringify({ scope: 'default', rules: ms ? [{ match: '\\.(m4s|mp4)$', latencyMs: ms }] : [] }) }), latencyMs);
async function removeAllDownloads(page) {
  await page.evaluate(async () => {
    const { getDefaultManager } = await import('/dist/bundle/offline-player.js');
    const manager = getDefaultManager();
    for (const s of await manager.listAssets()) await manager.removeAsset(s.assetId);
  });
}
/** Focus a control in an element's shadow root and press a key (a real keyboard event). */
async function press(page, selector, part, key) {
  await page.evaluate((s, p) => document.querySelector(s).shadowRoot.querySelector(`[part=${p}]`).focus(), selector, part);
  await page.keyboard.press(key);
}

/** Every story, driven as a visitor would. */
async function stories(viewport, scheme = 'light') {
  const tag = `${viewport}${scheme === 'dark' ? '-dark' : ''}`;
  const page = await newPage(viewport, scheme);
  await page.goto(`${url}demo/#clear-dash`, { waitUntil: 'load' });
  await removeAllDownloads(page);
  await page.reload({ waitUntil: 'load' });
  let n = 0;
  const name = (what) => `${tag}-${String(++n).padStart(2, '0')}-${what}`;

  await story(page, 'clear-dash');
  await frame(page);
  await shot(page, name('story-watch-idle'));
  await press(page, '#canvas download-button', 'menu-button', 'Enter');
  await page.waitForFunction(() => document.querySelector('#canvas download-button').shadowRoot.querySelector('[part=menu] [role=menuitemradio]'), { timeout: 15000 });
  await page.evaluate(() => document.querySelector('#canvas download-button').scrollIntoView({ block: 'center' }));
  await wait(300);
  await shot(page, name('story-watch-menu-open'), { full: false });
  await page.keyboard.press('Escape');
  await slowSegments(page, 400);
  await inButton('#canvas download-button', 'button')(page);
  await page.waitForFunction(() => document.querySelector('#canvas download-button').progress >= 20, { timeout: 30000 });
  await shot(page, name('story-watch-downloading'));
  await inButton('#canvas download-button', 'button')(page);
  await buttonState(page, '#canvas download-button', 'paused');
  await shot(page, name('story-watch-paused'));
  await slowSegments(page, 0);
  await inButton('#canvas download-button', 'button')(page);
  await buttonState(page, '#canvas download-button', 'completed');
  await page.waitForFunction(() => document.querySelector('#canvas offline-player').local, { timeout: 15000 });
  await frame(page);
  await shot(page, name('story-watch-downloaded'));
  await press(page, '#canvas download-button', 'button', 'Delete');
  await page.waitForFunction(() => document.querySelector('#canvas download-button').shadowRoot.querySelector('[part=confirm]')?.open);
  await wait(200);
  await shot(page, name('story-watch-confirm-remove'), { full: false });
  await page.keyboard.press('Escape');

  await story(page, 'overlay');
  await frame(page);
  await shot(page, name('story-overlay-idle'));
  await press(page, '#canvas download-button', 'button', 'Shift');
  await wait(200);
  await page.evaluate(() => document.querySelector('#canvas offline-player').scrollIntoView({ block: 'center' }));
  await shot(page, name('story-overlay-tooltip'), { full: false });
  await slowSegments(page, 300);
  await inButton('#canvas download-button', 'button')(page);
  await page.waitForFunction(() => document.querySelector('#canvas download-button').progress >= 30, { timeout: 30000 });
  await shot(page, name('story-overlay-downloading'));
  await slowSegments(page, 0);
  await buttonState(page, '#canvas download-button', 'completed');
  await page.waitForFunction(() => document.querySelector('#canvas offline-player').local, { timeout: 15000 });
  await frame(page);
  await shot(page, name('story-overlay-downloaded'));

  await story(page, 'tracks');
  await frame(page);
  await inButton('#canvas download-button', 'button')(page);
  await page.waitForFunction(() => document.querySelector('#canvas download-button').shadowRoot.querySelector('[part=menu] [role=menuitemradio]'), { timeout: 15000 });
  await page.evaluate(() => document.querySelector('#canvas download-button').scrollIntoView({ block: 'center' }));
  await wait(300);
  await shot(page, name('story-tracks-menu-open'), { full: false });
  await page.keyboard.press('Escape');

  await story(page, 'clearkey-dash');
  await frame(page);
  await shot(page, name('story-drm'));

  await story(page, 'clear-mp4');
  await shot(page, name('story-mp4'));

  await story(page, 'languages');
  await inButton('#canvas section[lang=fr] download-button', 'button')(page);
  await buttonState(page, '#canvas section[lang=es] download-button', 'completed');
  await wait(300);
  await shot(page, name('story-languages-downloaded'));

  await story(page, 'broken');
  await page.waitForFunction(() => document.querySelector('#canvas offline-player')?.error, { timeout: 15000 });
  await inButton('#canvas download-button', 'button')(page);
  await buttonState(page, '#canvas download-button', 'failed');
  await page.evaluate(() => (document.querySelector('#canvas offline-player').shadowRoot.querySelector('[part=details]').open = true));
  await wait(200);
  await shot(page, name('story-broken'));

  await story(page, 'two-buttons');
  await frame(page);
  await shot(page, name('story-two-buttons'));

  await story(page, 'themed');
  await shot(page, name('story-themed'));

  await story(page, 'downloads');
  await page.waitForFunction(() => document.querySelector('#canvas offline-downloads').shadowRoot.querySelectorAll('[part=item]').length >= 3, { timeout: 15000 });
  await wait(500);
  await shot(page, name('story-downloads'));
  await page.evaluate(() => document.querySelector('#canvas offline-downloads').shadowRoot.querySelector('[part=item] .action.main').click());
  await page.waitForFunction(() => document.querySelector('#library-player').local && document.querySelector('#library-player').video.currentTime > 0.5, { timeout: 15000 });
  await page.evaluate(() => document.querySelector('#library-player').pause());
  await page.evaluate(() => window.scrollTo(0, 0));
  await wait(600); // the title fades back in once the video pauses
  await shot(page, name('story-downloads-playing'));
  await page.setOfflineMode(true);
  await page.waitForFunction(() => document.querySelector('#canvas offline-downloads').shadowRoot.querySelector('[part=offline]'));
  await wait(300);
  await shot(page, name('story-downloads-offline'));
  await page.setOfflineMode(false);
  await page.evaluate(() => document.querySelector('#canvas offline-downloads').shadowRoot.querySelector('[part=item] .action.remove').focus());
  await page.keyboard.press('Enter');
  await wait(300);
  await shot(page, name('story-downloads-confirm'), { full: false });
  await page.keyboard.press('Escape');
  await page.close();
}

/** The gallery of states: each section, and the menu, a tooltip and the question open. */
async function gallery(viewport, scheme = 'light') {
  const tag = `${viewport}${scheme === 'dark' ? '-dark' : ''}`;
  const page = await newPage(viewport, scheme);
  await page.goto(`${url}demo/states/`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
  await page.waitForFunction(() => [...document.querySelectorAll('offline-player')].every((p) => p.currentSource || p.error), { timeout: 20000 });
  await wait(1500);
  for (const section of ['buttons', 'compact', 'languages', 'players', 'downloads']) {
    await shot(page, `${tag}-states-${section}`, { selector: `#${section}` });
  }
  const cell = (state) => `#buttons [data-state="${state}"] download-button`;
  await press(page, cell('none'), 'menu-button', 'Enter');
  await page.waitForFunction((s) => document.querySelector(s).shadowRoot.querySelector('[part=menu] [role=menuitemradio]'), {}, cell('none'));
  await wait(300);
  await shot(page, `${tag}-states-menu-open`, { full: false });
  await page.keyboard.press('Escape');
  await press(page, '#compact [data-state="downloading"] download-button', 'button', 'Shift');
  await page.evaluate(() => document.querySelector('#compact [data-state="downloading"]').scrollIntoView({ block: 'center' }));
  await wait(300);
  await shot(page, `${tag}-states-tooltip`, { full: false });
  await press(page, cell('completed'), 'secondary', 'Enter');
  await page.waitForFunction((s) => document.querySelector(s).shadowRoot.querySelector('[part=confirm]')?.open, {}, cell('completed'));
  await wait(200);
  await shot(page, `${tag}-states-confirm`, { full: false });
  await page.keyboard.press('Escape');
  await page.close();
}

for (const viewport of ['desktop', 'phone', 'narrow']) {
  if (!want(viewport)) continue;
  await stories(viewport);
  await gallery(viewport);
  if (viewport !== 'narrow') {
    await stories(viewport, 'dark');
    await gallery(viewport, 'dark');
  }
}
await browser.close();
server.close();

// The demo's promise: download, cut the network, reload: it still plays.
// Its own site and profile; the browser restarts between the two visits.
for (const viewport of want('offline') ? ['desktop', 'phone'] : []) {
  const site = await openSite();
  const profile = newProfile();
  let b = await profile.launch();
  const online = await openSitePage(b, `${site.url}demo/#clear-dash`, { viewport: VIEWPORTS[viewport] });
  await whenShellReady(online.page);
  await online.page.waitForFunction(() => document.querySelector('download-button')?.entry, { timeout: 15000 });
  await clickPart(online.page, 'download-button');
  await waitButton(online.page, 'download-button', 'completed');
  await b.close();
  site.cutNetwork();
  b = await profile.launch();
  const offline = await openSitePage(b, `${site.url}demo/#clear-dash`, { offline: true, viewport: VIEWPORTS[viewport] });
  await offline.page.waitForFunction(() => document.querySelector('offline-player')?.local, { timeout: 20000 });
  await playsFor(offline.page);
  await offline.page.evaluate(() => document.querySelector('offline-player').video.pause());
  await shot(offline.page, `${viewport}-offline-reloaded`);
  await offline.page.evaluate(() => (location.hash = 'downloads'));
  await offline.page.waitForFunction(() => document.querySelector('offline-downloads')?.shadowRoot.querySelector('[part=item]'), { timeout: 15000 });
  await wait(500);
  await shot(offline.page, `${viewport}-offline-downloads`);
  console.log(`  (network cut: the server refused ${site.refusedCount()} connections; page problems: ${offline.problems.join('; ') || 'none'})`);
  await b.close();
  await site.close();
  profile.remove();
}

const expected = (p) => /missing\/manifest\.mpd|404 \(Not Found\)|broken\//.test(p);
const unexpected = problems.filter((p) => !expected(p));
console.log(unexpected.length ? `console problems:\n  ${unexpected.join('\n  ')}` : 'no console problems (besides the broken story’s 404s)');
console.log(overflowing.length ? `horizontal overflow:\n  ${overflowing.join('\n  ')}` : 'no horizontal overflow on any page');
