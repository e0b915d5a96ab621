// Background downloads (the manager's `backgroundDownloads` option), as a user
// lives them in real Chromium with the real offline shell worker and real
// Background Fetch (headless Chromium runs it: it starts a few seconds after
// it is asked for). Each journey has its own origin and browser profile.
//   - handed over, the page closed: the browser downloads with no page open,
//     the worker stores it and the asset is completed; a new page plays it
//     with the network cut; no segment was fetched twice;
//   - a page opened meanwhile shows its progress;
//   - pause = the fetch aborted: paused (user), what the fetch had received
//     whole kept by the worker; resuming hands the rest over again;
//   - a fetch that fails (a 404): what arrived whole is stored, paused
//     (error), resumed from there;
//   - a progressive file stays in the page;
//   - removal aborts the fetch and leaves nothing stored.
// Not provable headless: the browser's download UI itself (title, icon, the
// user's cancel button); the cancel is the same abort event as a pause.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { newProfile, openPage, openSite, playsFor } from '../support/site.mjs';

const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const PAGE = 'test/pages/background.html';
const SEGMENT = /^\/fixtures\/media\/clear\/dash\/.+\.(m4s|mp4|vtt)$/;

async function journey() {
  const site = await openSite();
  const profile = newProfile();
  const browser = await profile.launch();
  cleanups.push(() => site.close(), () => profile.remove(), () => browser.close());
  return { site, browser };
}

/** Opens the page and waits until the offline shell controls it and the manager is ready. */
async function openControlled(browser, site) {
  const opened = await openPage(browser, `${site.url}${PAGE}`);
  await opened.page.waitForFunction(() => document.documentElement.dataset.ready === 'true' && !!navigator.serviceWorker.controller, { timeout: 20000, polling: 100 });
  return opened;
}

/** Starts downloading the fixture in the page; resolves once the rest is handed to the browser. */
async function startInBackground(page, fixture = 'clear-dash') {
  const id = await page.evaluate(async (name) => {
    const entry = await window.manager.loadMediaEntry(`/fixtures/entries/${name}.json`);
    const prepared = await window.manager.prepareForDownload(entry);
    await window.manager.startDownload(prepared);
    return prepared.assetId;
  }, fixture);
  await page.waitForFunction(async (assetId) => (await window.manager.getAssetStatus(assetId)).inBackground, { timeout: 15000, polling: 100 }, id);
  return id;
}

/** The asset's record as stored (localforage's database, read with plain IndexedDB) in the worker's own context. */
function readRecordInWorker(worker, assetId) {
  return worker.evaluate(
    (key) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('offline-player');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('local_data').objectStore('local_data').get(key);
          get.onsuccess = () => {
            db.close();
            resolve(get.result ? JSON.parse(new TextDecoder().decode(get.result)) : null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    `offline-player/asset/${assetId}`,
  );
}

async function until(condition, what, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const segmentGets = (site, pattern = SEGMENT) => site.media.scopes.get('default').log.filter((e) => e.method === 'GET' && pattern.test(e.path));

for (const [fixture, pattern] of [
  ['clear-dash', SEGMENT],
  ['clear-hls', /^\/fixtures\/media\/clear\/hls\/.+\.(m4s|mp4|vtt)$/],
]) {
test(`${fixture}: handed to the browser, the download goes on with its page closed and completes in the worker`, async () => {
  const { site, browser } = await journey();
  const { page, problems } = await openControlled(browser, site);
  const assetId = await startInBackground(page, fixture);
  const status = await page.evaluate((id) => window.manager.getAssetStatus(id), assetId);
  assert.equal(status.state, 'downloading');
  const handedAt = site.requestCount();
  assert.deepEqual(problems, [], 'no error in the page');
  await page.close();
  assert.equal((await browser.pages()).filter((p) => p.url().startsWith(site.url)).length, 0, 'no page of the site is open');

  // The browser fetches every remaining segment with no page open...
  const workerTarget = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(site.url), { timeout: 60000 });
  const worker = await workerTarget.worker();
  // ...and the worker stores them: the record says completed.
  const record = await until(async () => {
    const r = await readRecordInWorker(worker, assetId).catch(() => null);
    return r?.state === 'completed' ? r : null;
  }, 'the worker to complete the asset');
  assert.equal(record.background, null, 'the record no longer names a fetch');
  assert.equal(record.bytesDownloaded, record.estimatedTotalBytes);
  assert.equal((await browser.pages()).filter((p) => p.url().startsWith(site.url)).length, 0, 'still no page of the site open');

  const gets = segmentGets(site, pattern);
  assert.ok(gets.length > 10, `segments were fetched (${gets.length})`);
  assert.ok(gets.every((e) => e.seq > handedAt), 'every segment was fetched after the handover (none by the page)');
  const twice = gets.map((e) => e.path).filter((p, i, all) => all.indexOf(p) !== i);
  assert.deepEqual(twice, [], 'no segment fetched twice');

  // A new page, with the network cut: the asset is completed and plays from what the worker stored.
  const again = await openControlled(browser, site);
  site.cutNetwork();
  await again.page.setOfflineMode(true);
  const played = await again.page.evaluate(async (id) => {
    const status = await window.manager.getAssetStatus(id);
    const player = document.createElement('offline-player');
    player.manager = window.manager;
    player.muted = true;
    player.setAttribute('asset-id', id);
    document.body.append(player);
    return { state: status.state, fraction: status.fraction, inBackground: status.inBackground };
  }, assetId);
  assert.deepEqual(played, { state: 'completed', fraction: 1, inBackground: false });
  await again.page.waitForFunction(() => document.querySelector('offline-player')?.local === true, { timeout: 20000 });
  await playsFor(again.page);
  site.restoreNetwork();
});
}

test('a page opened while the browser downloads shows its progress; pausing aborts the fetch, resuming finishes in the page', async () => {
  const { site, browser } = await journey();
  // Slow segments: the fetch is still running when the second page opens and pauses it.
  await fetch(`${site.url}__control/faults`, {
    method: 'POST',
    body: JSON.stringify({ scope: 'default', rules: [{ match: '^/fixtures/media/clear/dash/.*\\.m4s$', latencyMs: 400 }] }),
  });
  const first = await openControlled(browser, site);
  const assetId = await startInBackground(first.page);
  await first.page.close();

  const { page, problems } = await openControlled(browser, site);
  // The browser's own progress reaches this page (it never ran the download), up to at least the init
  // segments (not slowed down), which the server has sent whole.
  const inits = await until(() => {
    const sent = segmentGets(site).filter((e) => e.path.endsWith('/init.mp4') && e.status === 200 && !e.aborted && !e.dropped);
    return sent.length >= 2 ? sent : null;
  }, 'the init segments to be sent');
  const initBytes = inits.reduce((sum, e) => sum + e.bytes, 0);
  await page.waitForFunction(
    async (id, bytes) => {
      const status = await window.manager.getAssetStatus(id);
      return status.inBackground && window.statuses.some((s) => s.type === 'progress' && s.bytes >= bytes);
    },
    { timeout: 60000, polling: 200 },
    assetId,
    initBytes,
  );

  // The browser's own download: the total it shows and enforces comes from the plan (with a margin: an estimate).
  const fetchTotal = await page.evaluate(async () => {
    const manager = (await navigator.serviceWorker.ready).backgroundFetch;
    const [id] = await manager.getIds();
    return (await manager.get(id)).downloadTotal;
  });
  const estimate = await page.evaluate(async (id) => (await window.manager.getAssetStatus(id)).estimatedTotalBytes, assetId);
  assert.ok(fetchTotal > 0 && fetchTotal <= Math.ceil(estimate * 1.25), `downloadTotal ${fetchTotal} from the plan's estimate ${estimate}`);

  // Pause: Background Fetch cannot pause, so the fetch is aborted; the worker writes the pause.
  const paused = await page.evaluate((id) => window.manager.pauseDownload(id), assetId);
  assert.equal(paused.state, 'paused');
  assert.equal(paused.reason, 'user');
  assert.equal(paused.inBackground, false);
  assert.ok(paused.bytesDownloaded > 0, 'what the aborted fetch had received whole was stored by the worker');
  const left = await page.evaluate(async () => (await (await navigator.serviceWorker.ready).backgroundFetch.getIds()).length);
  assert.equal(left, 0, 'the fetch is gone');

  // Resume in the page: it hands the rest over again, and completes.
  await fetch(`${site.url}__control/faults`, { method: 'DELETE' });
  const { done, handedAgain } = await page.evaluate(async (id) => {
    let handedAgain = false;
    const stop = window.manager.watchAsset(id, (s) => (handedAgain ||= s.inBackground));
    await window.manager.resumeDownload(id);
    const done = await window.manager.whenDownloaded(id);
    stop();
    return { done, handedAgain };
  }, assetId);
  assert.equal(done.state, 'completed');
  assert.equal(done.fraction, 1);
  assert.equal(handedAgain, true, 'resuming handed the rest to the browser again');
  assert.deepEqual(problems, [], 'no error in the page');
});

test('a background fetch that fails keeps what arrived whole: paused with a reason, resumed in the page', async () => {
  const { site, browser } = await journey();
  // One media segment answers 404: Background Fetch fails the whole fetch (bad-status).
  await fetch(`${site.url}__control/faults`, {
    method: 'POST',
    body: JSON.stringify({ scope: 'default', rules: [{ match: '^/fixtures/media/clear/dash/video-360/.*\\.m4s$', methods: ['GET'], nth: 3, status: 404 }] }),
  });
  const { page, problems } = await openControlled(browser, site);
  const assetId = await startInBackground(page);
  const paused = await page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const stop = window.manager.watchAsset(id, (status) => {
          if (status.state !== 'paused' && status.state !== 'completed' && status.state !== 'failed') return;
          queueMicrotask(() => stop());
          resolve(status);
        });
      }),
    assetId,
  );
  assert.equal(paused.state, 'paused');
  assert.equal(paused.reason, 'error', 'bad-status: paused with reason error');
  assert.equal(paused.inBackground, false);
  const stored = paused.bytesDownloaded;
  assert.ok(stored > 0, 'what arrived whole was stored');
  const fetchedBefore = new Set(segmentGets(site).filter((e) => e.status === 200).map((e) => e.path));

  await fetch(`${site.url}__control/faults`, { method: 'DELETE' });
  const done = await page.evaluate(async (id) => {
    await window.manager.resumeDownload(id);
    return window.manager.whenDownloaded(id);
  }, assetId);
  assert.equal(done.state, 'completed');
  // Resumed from what was stored: the segments stored from the failed fetch are not fetched again.
  const later = segmentGets(site).filter((e) => e.status === 200).map((e) => e.path);
  const again = later.filter((p, i) => later.indexOf(p) !== i && fetchedBefore.has(p));
  assert.ok(again.length < fetchedBefore.size, `most of what arrived before is not fetched again (${again.length} of ${fetchedBefore.size})`);
  assert.deepEqual(problems.filter((p) => !/HTTP 404/.test(p)), [], 'no error in the page but the injected 404');
});

test('a progressive file (MP4) stays in the page even with the option, and completes there', async () => {
  const { site, browser } = await journey();
  const { page, problems } = await openControlled(browser, site);
  const result = await page.evaluate(async () => {
    const seen = [];
    const entry = await window.manager.loadMediaEntry('/fixtures/entries/clear-mp4.json');
    const prepared = await window.manager.prepareForDownload(entry);
    const stop = window.manager.watchAsset(prepared.assetId, (s) => seen.push(s.inBackground));
    await window.manager.startDownload(prepared);
    const status = await window.manager.whenDownloaded(prepared.assetId);
    stop();
    const fetches = await (await navigator.serviceWorker.ready).backgroundFetch.getIds();
    return { state: status.state, everInBackground: seen.some(Boolean), fetches: fetches.length };
  });
  assert.deepEqual(result, { state: 'completed', everInBackground: false, fetches: 0 });
  assert.deepEqual(problems, []);
});

test('removing a background download aborts its fetch and leaves nothing stored', async () => {
  const { site, browser } = await journey();
  await fetch(`${site.url}__control/faults`, {
    method: 'POST',
    body: JSON.stringify({ scope: 'default', rules: [{ match: '^/fixtures/media/clear/dash/.*\\.m4s$', latencyMs: 400 }] }),
  });
  const { page, problems } = await openControlled(browser, site);
  const assetId = await startInBackground(page);
  const after = await page.evaluate(async (id) => {
    await window.manager.removeAsset(id);
    const fetches = await (await navigator.serviceWorker.ready).backgroundFetch.getIds();
    return { state: (await window.manager.getAssetStatus(id)).state, fetches: fetches.length };
  }, assetId);
  assert.deepEqual(after, { state: 'none', fetches: 0 });
  // Whatever the aborted fetch had received, the worker stores nothing of a removed asset.
  const worker = await (await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith(site.url), { timeout: 30000 })).worker();
  const stored = await until(
    () =>
      worker.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('shaka_offline_db');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['manifest-v5', 'segment-v5']);
              const counts = {};
              tx.objectStore('manifest-v5').count().onsuccess = (e) => (counts.manifests = e.target.result);
              tx.objectStore('segment-v5').count().onsuccess = (e) => (counts.segments = e.target.result);
              tx.oncomplete = () => {
                db.close();
                resolve(counts);
              };
            };
          }),
      ),
    'the worker to answer',
  );
  assert.deepEqual(stored, { manifests: 0, segments: 0 });
  assert.equal(await readRecordInWorker(worker, assetId), null, 'no record');
  assert.deepEqual(problems, []);
});
