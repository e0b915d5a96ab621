// The races a review reproduced, each as a test: operations on one asset
// that overlap (within a tab and across tabs), a corrupt record, a quota
// failure mid-way. A LocalDataStore whose `load` is slow widens the windows.
// (The player moved during its creation: test/elements/offline-player; Shaka's
// database version: test/service/shaka-contract.)
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type LocalDataStore, type MediaEntry } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { rejects } from '../support/errors.js';
import { openFrame } from '../support/frames.js';
import { fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { SlowStore, quiet, storedOf, unreferencedSegments } from '../support/storage.js';

const progressOver = (m: LocalAssetsManager, id: string, fraction: number) =>
  waitUntil(async () => (await m.getAssetStatus(id)).fraction > fraction, `${id} past ${fraction}`, { timeout: 20000, interval: 20 });

async function mediaKeyOf(store: LocalDataStore, id: string): Promise<string> {
  const bytes = await store.load(`offline-player/asset/${id}`);
  return JSON.parse(new TextDecoder().decode(bytes!)).mediaKey;
}

describe('operations on one asset that overlap', () => {
  let scope: string;
  let entry: MediaEntry;
  beforeEach(async () => {
    scope = newScope('race');
    entry = await fixtureEntry('clear-dash', scope);
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 60 }]);
  });

  /** The windows a race hides in: the second operation asked 0 to 120 ms after the first. */
  const DELAYS = [0, 10, 30, 60, 120];

  it('1. removeAsset while a resume starts: the removal wins, nothing is left, nothing keeps downloading', async () => {
    for (const delay of DELAYS) {
      const store = new SlowStore(`race-1-${scope}-${delay}`, 40);
      const m = new LocalAssetsManager(store);
      await m.startDownload(await m.prepareForDownload(entry));
      await progressOver(m, 'clear-dash', 0.2);
      await m.pauseDownload('clear-dash');
      const mediaKey = await mediaKeyOf(store, 'clear-dash');
      const resuming = m.resumeDownload('clear-dash');
      await new Promise((r) => setTimeout(r, delay));
      const [resumed, removed] = await Promise.allSettled([resuming, m.removeAsset('clear-dash')]);
      expect(removed.status, `after ${delay} ms: ${String((removed as PromiseRejectedResult).reason)}`).to.equal('fulfilled');
      if (resumed.status === 'rejected') expect(resumed.reason.code).to.equal('ASSET_NOT_FOUND');
      await quiet();
      const requestsAfter = (await serverState(scope)).log.length;
      await new Promise((r) => setTimeout(r, 600));
      expect((await serverState(scope)).log.length, `after ${delay} ms: no request after the removal`).to.equal(requestsAfter);
      expect(await storedOf(mediaKey), `after ${delay} ms: nothing left`).to.deep.equal({ manifests: 0, bytes: 0, file: null, partials: 0 });
      expect(await unreferencedSegments(), `after ${delay} ms: no unreferenced segment`).to.equal(0);
      expect(await m.listAssets()).to.deep.equal([]);
      expect(await new LocalAssetsManager(store).listAssets()).to.deep.equal([]);
    }
  });

  it('1b. across tabs: one tab resumes while the other removes, in either order: the removal wins', async () => {
    const [a, b] = [await openFrame(), await openFrame()];
    try {
      for (const [first, delay] of [['remove', 0], ['remove', 5], ['resume', 0], ['resume', 5], ['remove', 20], ['resume', 20]] as const) {
        const name = `race-1b-${scope}-${first}-${delay}`;
        const resumer = new a.api.LocalAssetsManager(new a.api.DefaultLocalDataStore({ name }));
        const remover = new b.api.LocalAssetsManager(new b.api.DefaultLocalDataStore({ name }));
        await resumer.startDownload(await resumer.prepareForDownload(entry));
        await progressOver(resumer, 'clear-dash', 0.2);
        await resumer.pauseDownload('clear-dash');
        await remover.ready;
        const mediaKey = await mediaKeyOf(new DefaultLocalDataStore({ name }), 'clear-dash');
        const later = (call: () => Promise<unknown>) => new Promise((r) => setTimeout(r, delay)).then(call);
        const [resumed, removed] =
          first === 'remove'
            ? (await Promise.allSettled([later(() => resumer.resumeDownload('clear-dash')), remover.removeAsset('clear-dash')]))
            : await Promise.allSettled([resumer.resumeDownload('clear-dash'), later(() => remover.removeAsset('clear-dash'))]);
        const label = `${first} first, the other ${delay} ms later`;
        expect(removed.status, `${label}: ${String((removed as PromiseRejectedResult).reason)}`).to.equal('fulfilled');
        if (resumed.status === 'rejected') expect((resumed.reason as { code: string }).code, label).to.equal('ASSET_NOT_FOUND');
        await quiet();
        await new Promise((r) => setTimeout(r, 600));
        expect(await storedOf(mediaKey), `${label}: nothing left`).to.deep.equal({ manifests: 0, bytes: 0, file: null, partials: 0 });
        expect(await unreferencedSegments(), `${label}: no unreferenced segment`).to.equal(0);
        expect(await new LocalAssetsManager(new DefaultLocalDataStore({ name })).listAssets(), label).to.deep.equal([]);
      }
    } finally {
      a.remove();
      b.remove();
    }
  });

  it('2. pauseDownload during a removal does not bring the record back', async () => {
    for (const delay of DELAYS) {
      const store = new SlowStore(`race-2-${scope}-${delay}`, 40);
      const m = new LocalAssetsManager(store);
      await m.startDownload(await m.prepareForDownload(entry));
      await progressOver(m, 'clear-dash', 0.2);
      const removing = m.removeAsset('clear-dash');
      await new Promise((r) => setTimeout(r, delay));
      const [removed, paused] = await Promise.allSettled([removing, m.pauseDownload('clear-dash')]);
      expect(removed.status).to.equal('fulfilled');
      if (paused.status === 'rejected') expect(paused.reason.code, `after ${delay} ms`).to.equal('ASSET_NOT_FOUND');
      await quiet();
      const fresh = new LocalAssetsManager(store);
      expect(await fresh.listAssets(), `after ${delay} ms`).to.deep.equal([]);
      expect((await rejects(fresh.resumeDownload('clear-dash'))).code, 'not a STORAGE_ERROR about a missing manifest').to.equal('ASSET_NOT_FOUND');
    }
  });

  it('3. resumeDownload while a pause completes: pause then resume = downloading', async () => {
    const m = new LocalAssetsManager(new SlowStore(`race-3-${scope}`, 40));
    await m.startDownload(await m.prepareForDownload(entry));
    await progressOver(m, 'clear-dash', 0.1);
    const pausing = m.pauseDownload('clear-dash');
    const resumed = await m.resumeDownload('clear-dash');
    await pausing;
    expect(['downloading', 'completed']).to.include(resumed.state);
    await new Promise((r) => setTimeout(r, 300));
    const status = await m.getAssetStatus('clear-dash');
    expect(['downloading', 'completed'], `${status.state} (${status.reason})`).to.include(status.state);
    await setFaults(scope, []);
    await m.whenDownloaded('clear-dash');
    await m.removeAsset('clear-dash');
  });

  it('4. downloading again an asset whose earlier licence release is pending keeps the new licence', async () => {
    await setFaults(scope, []);
    const ck = await fixtureEntry('clearkey-dash', scope);
    const store = new DefaultLocalDataStore({ name: `race-4-${scope}` });
    const first = new LocalAssetsManager(store);
    await first.download(ck);
    // As a persistent (Widevine) licence would be: its release needs a CDM
    // this browser does not have, so it fails and is kept to try again.
    const licenceKey = 'offline-player/licence/clearkey-dash';
    const licence = JSON.parse(new TextDecoder().decode((await store.load(licenceKey))!));
    await store.save(licenceKey, new TextEncoder().encode(JSON.stringify({ ...licence, keys: undefined, keySystem: 'com.widevine.alpha', scheme: 'widevine', sessionIds: ['session-1'] })));
    const second = new LocalAssetsManager(store);
    await second.removeAsset('clearkey-dash');
    await second.download(ck);
    // A new start tries the pending release again: it must never touch the new licence.
    const third = new LocalAssetsManager(store);
    await third.ready;
    await new Promise((r) => setTimeout(r, 500));
    const local = await third.createLocalMediaEntry('clearkey-dash');
    expect(Object.keys(local.sources[0].drmData[0].clearKeys ?? {})).to.have.length.above(0);
    await withNetworkCut(() => playsFor(local, 1));
    await third.removeAsset('clearkey-dash');
  });

  it('5. one corrupt record: everything else works; it is reported, listed and removable', async () => {
    await setFaults(scope, []);
    const store = new DefaultLocalDataStore({ name: `race-5-${scope}` });
    const first = new LocalAssetsManager(store);
    await first.download(await fixtureEntry('clear-mp4', scope));
    await store.save('offline-player/asset/broken-one', new TextEncoder().encode('{"assetId":"broken-one","state":"compl'));
    const index = JSON.parse(new TextDecoder().decode((await store.load('offline-player/assets'))!));
    await store.save('offline-player/assets', new TextEncoder().encode(JSON.stringify([...index, 'broken-one'])));
    const m = new LocalAssetsManager(store);
    const announced: string[] = [];
    m.addEventListener('registration-change', (e) => announced.push(`${e.detail.assetId} ${e.detail.change}`));
    await m.ready;
    expect(announced).to.deep.equal(['broken-one corrupt']);
    const listed = (await m.listAssets()).map((s) => `${s.assetId} ${s.state}`).sort();
    expect(listed).to.deep.equal(['broken-one corrupt', 'clear-mp4 completed']);
    expect((await m.getAssetStatus('broken-one')).error?.code).to.equal('STORAGE_ERROR');
    expect((await rejects(m.resumeDownload('broken-one'))).code).to.equal('STORAGE_ERROR');
    await withNetworkCut(async () => playsFor(await m.createLocalMediaEntry('clear-mp4'), 1));
    await m.removeAsset('broken-one');
    expect((await m.listAssets()).map((s) => s.assetId)).to.deep.equal(['clear-mp4']);
    expect(await new LocalAssetsManager(store).listAssets().then((l) => l.map((s) => s.assetId))).to.deep.equal(['clear-mp4']);
    await m.removeAsset('clear-mp4');
  });

  it('6. two tabs registering two assets at the same moment: both stay listed', async () => {
    await setFaults(scope, []);
    const name = `race-6-${scope}`;
    const [a, b] = [await openFrame(), await openFrame()];
    try {
      const slow = (api: typeof a.api) => new api.LocalAssetsManager(new SlowStore(name, 30, true) as never);
      const [ma, mb] = [slow(a.api), slow(b.api)];
      const [pa, pb] = await Promise.all([ma.prepareForDownload(await fixtureEntry('clear-mp4', scope)), mb.prepareForDownload(await fixtureEntry('clear-dash', scope))]);
      await Promise.all([ma.startDownload(pa), mb.startDownload(pb)]);
      await Promise.all([ma.whenDownloaded('clear-mp4'), mb.whenDownloaded('clear-dash')]);
      const fresh = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
      expect((await fresh.listAssets()).map((s) => `${s.assetId} ${s.state}`).sort()).to.deep.equal(['clear-dash completed', 'clear-mp4 completed']);
      for (const id of ['clear-dash', 'clear-mp4']) await fresh.removeAsset(id);
    } finally {
      a.remove();
      b.remove();
    }
  });

  it('10. destroy() resolves once the download running here has written its outcome and let go of its locks', async () => {
    // A manager started right after (a reload, a moved player) must find the
    // asset as this one left it, not a run lock still held by the stopped run.
    const scope = newScope('destroy-settles');
    const name = `test-destroy-${scope}`;
    const entry = await fixtureEntry('clearkey-dash', scope);
    const first = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
    // The licence is fetched before the manifest is stored: a slow one holds the run while preparing.
    await setFaults(scope, [{ match: '/license/', latencyMs: 3000 }]);
    const started = first.startDownload(await first.prepareForDownload(entry));
    await waitUntil(async () => (await serverState(scope)).log.some((e) => e.path.startsWith('/license/')), 'the licence was asked for', { timeout: 10000 });
    await first.destroy();
    expect((await started).state).to.equal('preparing');
    const held = ((await navigator.locks.query()).held ?? []).map((lock) => lock.name ?? '');
    expect(held.filter((lockName) => lockName.includes(encodeURIComponent(name))), 'no lock of this store is held').to.deep.equal([]);
    await setFaults(scope, []);
    const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
    try {
      expect((await second.getAssetStatus(entry.id)).state, 'the stopped download, as the first manager left it').to.equal('paused');
    } finally {
      await second.removeAsset(entry.id);
      await second.destroy();
    }
  });
});
