// A site of its own, for journeys a user takes across page loads and browser
// restarts: the project's server on its own port (so its own origin, service
// worker and IndexedDB), pages of `test/pages/` and `demo/`, a browser whose
// profile survives a restart, and a network cut that is real for the page and
// for its service worker alike: the server refuses every connection (nothing
// can reach it) and the page is put offline (navigator.onLine is false).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { createMediaServer } from '../../server/media-server.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.mjs';

/** The manager's and the elements' events a page records (window.__events). */
const EVENTS = ['source-change', 'player-error', 'download-error', 'download-state-change', 'registration-change', 'entry-change'];

export async function openSite({ distDir = null } = {}) {
  const media = createMediaServer({ publicPaths: /^\/test\/pages\//, distDir });
  const { server, url } = await media.listen({ port: 0 });
  let cut = false;
  let refused = 0;
  server.on('connection', (socket) => {
    if (!cut) return;
    refused += 1;
    socket.destroy();
  });
  const log = () => media.scopes.get('default')?.log ?? [];
  return {
    url,
    media,
    /** Requests the server answered so far. */
    requestCount: () => log().length,
    requests: () => log().map((e) => `${e.method} ${e.path}`),
    /** Connections refused since the cut (what tried the network). */
    refusedCount: () => refused,
    cutNetwork() {
      cut = true;
      server.closeAllConnections();
    },
    restoreNetwork() {
      cut = false;
    },
    close: () => new Promise((done) => server.close(done)),
  };
}

/** A Chromium profile that outlives the browser (service worker, caches, IndexedDB). */
export function newProfile() {
  const dir = mkdtempSync(join(tmpdir(), 'offline-player-profile-'));
  return {
    dir,
    launch: () => puppeteer.launch({ executablePath: chromiumPath(), headless: true, userDataDir: dir, args: CHROMIUM_ARGS }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Opens `url` in a new tab (offline from the start when asked), recording
 * page errors, console errors and the elements' events.
 */
export async function openPage(browser, url, { offline = false, viewport = { width: 1000, height: 800 } } = {}) {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console.error: ${m.text()}`);
  });
  await page.evaluateOnNewDocument((types) => {
    window.__events = [];
    const plain = (detail) => {
      const out = {};
      for (const [k, v] of Object.entries(detail ?? {})) {
        if (v && typeof v === 'object' && 'code' in v && 'message' in v) out[k] = { code: v.code, message: v.message };
        else if (k === 'mediaSource' && v) out[k] = { id: v.id, contentUrl: v.contentUrl };
        else if (k === 'status' || k === 'entry') out[k] = v ? { state: v.state, id: v.id } : null;
        else out[k] = v;
      }
      return out;
    };
    for (const type of types) document.addEventListener(type, (e) => window.__events.push({ type, time: performance.now(), detail: plain(e.detail) }), true);
  }, EVENTS);
  if (offline) await page.setOfflineMode(true);
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(url, { waitUntil: 'load' });
  return { page, problems, events: () => page.evaluate(() => window.__events) };
}

/**
 * Resolves once the offline shell worker is active and keeps `page` itself.
 * (A page that navigated while the worker was still activating may stay
 * uncontrolled until its next load: what matters is that the next load,
 * offline, finds it.)
 */
export async function whenShellReady(page, timeout = 20000) {
  try {
    await page.waitForFunction(
      async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        if (registration?.active?.state !== 'activated') return false;
        return !!(await caches.match(location.href.split('#')[0]));
      },
      { timeout, polling: 200 },
    );
  } catch (e) {
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const workers = ['installing', 'waiting', 'active'].map((k) => `${k}: ${registration?.[k]?.state ?? '-'}`).join(', ');
      return `registration ${registration ? registration.scope : 'none'} (${workers}); controller ${navigator.serviceWorker.controller ? 'yes' : 'no'}; caches ${(await caches.keys()).join(', ')}`;
    });
    throw new Error(`the offline shell did not take the page: ${state} (${e.message})`);
  }
}

/** Resolves when the player's video time has advanced by `seconds` (really playing). */
export async function playsFor(page, selector = 'offline-player', seconds = 1.5, timeout = 20000) {
  const start = await page.evaluate((s) => {
    const video = document.querySelector(s).video;
    video.muted = true;
    window.__playRefused = null;
    // A refusal is kept and reported if playback then does not advance.
    video.play().catch((e) => (window.__playRefused = String(e)));
    return video.currentTime;
  }, selector);
  try {
    await page.waitForFunction((s, from, d) => document.querySelector(s).video.currentTime - from >= d, { timeout, polling: 100 }, selector, start, seconds);
  } catch (e) {
    const refused = await page.evaluate(() => window.__playRefused);
    throw new Error(`playback did not advance ${seconds} s${refused ? ` (play() refused: ${refused})` : ''}: ${e.message}`);
  }
}

export const click = (page, selector, part = 'button') =>
  page.evaluate((s, p) => document.querySelector(s).shadowRoot.querySelector(`[part=${p}]`).click(), selector, part);

export const buttonState = (page, selector, state, timeout = 30000) =>
  page.waitForFunction((s, st) => document.querySelector(s)?.state === st, { timeout, polling: 100 }, selector, state);
