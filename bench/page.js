// The benchmark's scenarios, run in Chromium by bench/run.mjs. They use the
// built ESM bundle, as a page would.
import { DefaultLocalDataStore, LocalAssetsManager, loadShaka, loadSource } from '../dist/bundle/offline-player.js';

let count = 0;
const newManager = (options = {}) =>
  new LocalAssetsManager(new DefaultLocalDataStore({ name: `bench-${Date.now()}-${++count}` }), { cleanupOnStart: false, ...options });
const entryFor = (url, id) => ({ id, sources: [{ id: `${id}-src`, contentUrl: url, mediaFormat: 'dash' }] });

async function control(path, body) {
  await fetch(`/__control/${path}`, { method: 'POST', body: JSON.stringify(body) });
}

/** Our download path: prepare + download + register (options: the manager's). */
async function ours(url, options = {}) {
  const manager = newManager(options);
  await manager.ready;
  const t0 = performance.now();
  const status = await manager.download(entryFor(url, `ours-${count}`));
  const ms = performance.now() - t0;
  await manager.removeAsset(status.assetId);
  return { ms, bytes: status.size };
}

/** Plain shaka.offline.Storage with its defaults. */
async function shakaStorage(url) {
  const shaka = await loadShaka();
  const storage = new shaka.offline.Storage();
  const t0 = performance.now();
  const content = await storage.store(url).promise;
  const ms = performance.now() - t0;
  await storage.remove(content.offlineUri);
  await storage.destroy();
  return { ms, bytes: content.size };
}

/**
 * The limit: plain fetch of exactly the URLs our download requested
 * (`parallel` in flight, the most Chromium opens to one host), written to
 * IndexedDB in large batches (>= 8 MB per transaction, or what is left).
 */
async function limit(urls, parallel = 6) {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open(`bench-limit-${++count}`, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('segments', { autoIncrement: true });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const t0 = performance.now();
  let bytes = 0;
  let pending = [];
  let pendingBytes = 0;
  let writing = Promise.resolve();
  const flush = () => {
    const batch = pending;
    pending = [];
    pendingBytes = 0;
    writing = writing.then(
      () =>
        new Promise((resolve, reject) => {
          const tx = db.transaction('segments', 'readwrite', { durability: 'relaxed' });
          for (const data of batch) tx.objectStore('segments').add({ data });
          tx.oncomplete = resolve;
          tx.onerror = () => reject(tx.error);
        }),
    );
  };
  const queue = [...urls];
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const data = await (await fetch(next, { cache: 'no-store' })).arrayBuffer();
        bytes += data.byteLength;
        pending.push(data);
        pendingBytes += data.byteLength;
        if (pendingBytes >= 8 * 1024 * 1024) flush();
      }
    }),
  );
  flush();
  await writing;
  const ms = performance.now() - t0;
  db.close();
  await new Promise((resolve) => {
    const del = indexedDB.deleteDatabase(db.name);
    del.onsuccess = del.onerror = del.onblocked = resolve;
  });
  return { ms, bytes };
}

/** Resolves when a download of `manager` reaches half. */
function halfway(manager) {
  return new Promise((resolve) => {
    const on = (e) => {
      if (e.detail.fraction >= 0.5) {
        manager.removeEventListener('download-progress', on);
        resolve();
      }
    };
    manager.addEventListener('download-progress', on);
  });
}

/** Pause at about half, resume (bytes fetched twice come from the server's log). */
async function pauseResume(url, scope, bytesPerSecond) {
  await control('faults', { scope, rules: [{ match: '\\.m4s$', bytesPerSecond }] });
  const manager = newManager();
  const entry = entryFor(url.replace('/bench/', `/t/${scope}/bench/`), `pause-${count}`);
  const prepared = await manager.prepareForDownload(entry);
  await manager.startDownload(prepared);
  await halfway(manager);
  await manager.pauseDownload(prepared.assetId);
  await control('faults', { scope, rules: [] });
  await manager.resumeDownload(prepared.assetId);
  const status = await manager.whenDownloaded(prepared.assetId);
  await manager.removeAsset(prepared.assetId);
  return { bytes: status.size };
}

/** A page (iframe) removed at about half; this page resumes it. */
async function interrupted(url, scope, bytesPerSecond) {
  await control('faults', { scope, rules: [{ match: '\\.m4s$', bytesPerSecond }] });
  const name = `bench-interrupted-${++count}`;
  const frame = document.createElement('iframe');
  frame.src = 'frame.html';
  document.body.append(frame);
  while (frame.contentDocument?.documentElement?.dataset.ready !== 'true') await new Promise((r) => setTimeout(r, 20));
  const api = frame.contentWindow.offline;
  const first = new api.LocalAssetsManager(new api.DefaultLocalDataStore({ name }), { cleanupOnStart: false });
  const entry = entryFor(url.replace('/bench/', `/t/${scope}/bench/`), 'interrupted');
  await first.startDownload(await first.prepareForDownload(entry));
  await halfway(first);
  frame.remove();
  await control('faults', { scope, rules: [] });
  const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }), { cleanupOnStart: false });
  await second.resumeDownload('interrupted');
  const status = await second.whenDownloaded('interrupted');
  await second.removeAsset('interrupted');
  return { bytes: status.size };
}

/** Time from load() to the first presented frame. */
async function firstFrame(source) {
  const shaka = await loadShaka();
  const video = document.getElementById('video');
  const player = new shaka.Player();
  await player.attach(video);
  const t0 = performance.now();
  const frame = new Promise((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now())));
  await loadSource(player, source);
  void video.play().catch(() => {});
  const t1 = await frame;
  await player.destroy();
  return t1 - t0;
}

/** Offline vs online time to first frame, alternating, `runs` each. */
async function timeToFirstFrame(entryUrl, runs) {
  const entry = await (await fetch(entryUrl)).json();
  const absolute = { ...entry, sources: entry.sources.map((s) => ({ ...s, contentUrl: new URL(s.contentUrl, new URL(entryUrl, location.href)).href })) };
  const manager = newManager();
  await manager.download(absolute);
  const local = await manager.createLocalMediaEntry(absolute.id);
  const online = [];
  const offline = [];
  for (let i = 0; i < runs; i++) {
    online.push(await firstFrame(absolute.sources[0]));
    offline.push(await firstFrame(local.sources[0]));
  }
  await manager.removeAsset(absolute.id);
  return { online, offline };
}

/**
 * Start-up and listAssets() with `n` registered assets. One asset is
 * registered through the API; the others are copies of its record under
 * other ids, written straight into the store (registering 10,000 files one
 * by one would take the bench a minute).
 */
async function manyAssets(n) {
  const name = `bench-assets-${++count}`;
  const store = new DefaultLocalDataStore({ name });
  const manager = new LocalAssetsManager(store, { cleanupOnStart: false });
  const source = { id: 'file', contentUrl: `${location.origin}/fixtures/media/clear/mp4/video.mp4`, mediaFormat: 'mp4' };
  await manager.assetDownloadFinished(source, new Blob([new Uint8Array(1024)], { type: 'video/mp4' }), { assetId: 'asset-0' });
  const decode = (bytes) => JSON.parse(new TextDecoder().decode(bytes));
  const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
  const template = decode(await store.load('offline-player/asset/asset-0'));
  const ids = ['asset-0'];
  for (let i = 1; i < n; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 500); j++) {
      ids.push(`asset-${j}`);
      batch.push(store.save(`offline-player/asset/asset-${j}`, encode({ ...template, assetId: `asset-${j}`, mediaKey: template.mediaKey.replace(/asset-0$/, `asset-${j}`) })));
    }
    await Promise.all(batch);
  }
  await store.save('offline-player/assets', encode(ids));
  const startup = [];
  const startupWithCleanup = [];
  const list = [];
  const floor = [];
  for (let run = 0; run < 5; run++) {
    // The floor: the same records read straight from IndexedDB (one
    // connection, one getAll) and parsed, nothing else: what any registry of
    // one record per asset pays.
    let t0 = performance.now();
    const database = await new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const values = await new Promise((resolve, reject) => {
      const req = database.transaction(store.storeName).objectStore(store.storeName).getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const decoder = new TextDecoder();
    let parsed = 0;
    for (const value of values) parsed += JSON.parse(decoder.decode(value)) ? 1 : 0;
    database.close();
    floor.push(performance.now() - t0);
    if (parsed < n) throw new Error(`the floor read ${parsed} of ${n} records`);
    t0 = performance.now();
    const fresh = new LocalAssetsManager(new DefaultLocalDataStore({ name }), { cleanupOnStart: false });
    await fresh.ready;
    startup.push(performance.now() - t0);
    t0 = performance.now();
    const withCleanup = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
    await withCleanup.ready;
    startupWithCleanup.push(performance.now() - t0);
    for (let i = 0; i < 4; i++) {
      t0 = performance.now();
      const assets = await fresh.listAssets();
      list.push(performance.now() - t0);
      if (assets.length !== n) throw new Error(`listAssets returned ${assets.length} of ${n}`);
    }
    await Promise.all([fresh.destroy(), withCleanup.destroy()]);
  }
  await store.clear();
  return { startup, startupWithCleanup, list, floor };
}

window.bench = { ours, shakaStorage, limit, pauseResume, interrupted, timeToFirstFrame, manyAssets };
document.documentElement.dataset.ready = 'true';
