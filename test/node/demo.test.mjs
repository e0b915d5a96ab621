// The README's demo command serves a page that headless Chromium loads
// without console errors: every story renders (its code sample is exactly
// what runs), the first one plays, the page builds no HTML from strings, the
// gallery of states and the CMS embed page work too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

const STORIES = ['clear-dash', 'overlay', 'tracks', 'clearkey-dash', 'clear-mp4', 'downloads', 'languages', 'broken', 'two-buttons', 'themed'];

/**
 * In the page: the elements of the story's code sample are on the canvas,
 * with the same attributes and values (the sample is what runs above it).
 */
function sampleMatchesCanvas() {
  const sample = new DOMParser().parseFromString(document.querySelector('#code code').textContent, 'text/html');
  const canvas = document.querySelector('#canvas');
  const problems = [];
  for (const el of sample.querySelectorAll('*')) {
    if (!el.localName.includes('-')) continue;
    const same = [...canvas.querySelectorAll(el.localName)].some((live) => [...el.attributes].every((a) => live.getAttribute(a.name) === a.value));
    if (!same) problems.push(el.outerHTML.split('>')[0] + '>');
  }
  const tags = (root) => [...root.querySelectorAll('*')].filter((e) => e.localName.includes('-')).length;
  if (tags(sample) !== tags(canvas)) problems.push(`${tags(sample)} elements in the sample, ${tags(canvas)} on the canvas`);
  return problems;
}

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
  const listed = await page.evaluate(() => [...document.querySelectorAll('.sidebar a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)));
  assert.deepEqual(listed, STORIES, 'every story is listed');
  for (const story of STORIES) {
    await page.evaluate((id) => (location.hash = id), story);
    await page.waitForFunction((id) => document.querySelector('.sidebar [aria-current="page"]')?.getAttribute('href') === `#${id}`, {}, story);
    await page.waitForFunction(() => !document.querySelector('download-button') || document.querySelector('download-button').state !== undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await page.evaluate(sampleMatchesCanvas), [], `${story}: the code sample is what runs`);
  }
  const unexpected = problems.filter((p) => !/missing\/manifest\.mpd|404 \(Not Found\)/.test(p));
  assert.deepEqual(unexpected, []);
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

test('the demo renders through lit templates: an id with a quote stays an attribute value', async () => {
  const source = readFileSync(new URL('../../demo/demo.js', import.meta.url), 'utf8');
  assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, 'no HTML built from strings');
  const { page, problems } = await openPage(browser, `${base}demo/#clear-dash`);
  await page.waitForFunction(() => document.querySelector('#attributes input'));
  // A value typed in the attribute editor, with quotes and markup, only ever becomes that attribute's value.
  const hostile = '"><img src=x onerror="window.pwned=1">';
  const result = await page.evaluate(async (value) => {
    const input = document.querySelector('#attributes input[type=text]');
    input.value = value;
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 200));
    const name = input.previousElementSibling.textContent;
    return { name, stored: document.querySelector('#canvas offline-player').getAttribute(name), images: document.querySelectorAll('img').length, pwned: window.pwned ?? null };
  }, hostile);
  assert.deepEqual(result, { name: 'local-label', stored: hostile, images: 0, pwned: null });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the gallery of states loads without console errors', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/states/`);
  await page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && document.querySelectorAll('download-button').length > 20, { timeout: 15000 });
  await page.waitForFunction(() => [...document.querySelectorAll('offline-downloads')].every((el) => el.shadowRoot.querySelector('[part=list], [part=empty]')), { timeout: 15000 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the CMS embed page (only the IIFE) loads without console errors', async () => {
  const { page, problems } = await openPage(browser, `${base}demo/embed.html`);
  await page.waitForFunction(() => document.querySelector('download-button')?.effectiveAssetId === 'clearkey-dash', { timeout: 15000 });
  assert.deepEqual(problems, []);
  await page.close();
});
