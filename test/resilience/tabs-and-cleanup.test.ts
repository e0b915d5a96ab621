// Several tabs of one origin share one download and see each other's
// changes; at start-up, storage that nobody owns is found and removed.
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { ShakaDb, segmentKeysOf } from '../../src/service/databases/shaka-db.js';
import { ProgressiveStore } from '../../src/service/databases/media-db.js';
import { openFrame } from '../support/frames.js';
import { fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { mediaRequests } from './helpers.js';

describe('several tabs', () => {
  it('two pages asking for the same asset share one download, both see its progress, and a removal in one is seen by the other', async () => {
    const scope = newScope('tabs');
    const entry = await fixtureEntry('clear-dash', scope);
    const name = `test-tabs-${scope}`;
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 30, bytesPerSecond: 200_000 }]);
    const [a, b] = await Promise.all([openFrame(), openFrame()]);
    try {
      const ma = new a.api.LocalAssetsManager(new a.api.DefaultLocalDataStore({ name }));
      const mb = new b.api.LocalAssetsManager(new b.api.DefaultLocalDataStore({ name }));
      const seen = { a: [] as number[], b: [] as number[], bRemoved: false };
      ma.addEventListener('download-progress', (e) => seen.a.push((e as CustomEvent).detail.fraction));
      mb.addEventListener('download-progress', (e) => seen.b.push((e as CustomEvent).detail.fraction));
      mb.addEventListener('registration-change', (e) => {
        if ((e as CustomEvent).detail.change === 'removed') seen.bRemoved = true;
      });
      const [pa, pb] = await Promise.all([ma.prepareForDownload(entry), mb.prepareForDownload(entry)]);
      await Promise.all([ma.startDownload(pa), mb.startDownload(pb)]);
      const [sa, sb] = await Promise.all([ma.whenDownloaded('clear-dash'), mb.whenDownloaded('clear-dash')]);
      expect(sa.state).to.equal('completed');
      expect(sb.state).to.equal('completed');
      expect(sb.size).to.equal(sa.size);

      const requests = await mediaRequests(scope);
      const twice = [...requests].filter(([, entries]) => entries.length > 1).map(([resource]) => resource);
      expect(twice, 'every segment was fetched once: one download').to.deep.equal([]);
      expect(requests.size).to.equal(43);
      expect(seen.a.length, 'progress seen in the first page').to.be.greaterThan(3);
      expect(seen.b.length, 'progress seen in the second page').to.be.greaterThan(3);
      expect(seen.a.at(-1)).to.equal(1);
      expect(seen.b.at(-1)).to.equal(1);
      expect(seen.b.every((f, i) => i === 0 || f >= seen.b[i - 1])).to.be.true;
      expect((await ShakaDb.listManifests()).filter((m) => (m.manifest.appMetadata as { offlinePlayer?: { assetId: string } })?.offlinePlayer?.assetId === 'clear-dash')).to.have.length(1);

      await ma.removeAsset('clear-dash');
      await waitUntil(() => seen.bRemoved, 'the other page saw the removal');
      expect((await mb.getAssetStatus('clear-dash')).state).to.equal('none');
    } finally {
      a.remove();
      b.remove();
    }
  });

  it('pausing in one page pauses the download another page runs', async () => {
    const scope = newScope('tabs-pause');
    const entry = await fixtureEntry('clear-dash', scope);
    const name = `test-tabs-pause-${scope}`;
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 60, bytesPerSecond: 100_000 }]);
    const [a, b] = await Promise.all([openFrame(), openFrame()]);
    try {
      const ma = new a.api.LocalAssetsManager(new a.api.DefaultLocalDataStore({ name }));
      const mb = new b.api.LocalAssetsManager(new b.api.DefaultLocalDataStore({ name }));
      await ma.startDownload(await ma.prepareForDownload(entry));
      await waitUntil(async () => (await mb.getAssetStatus('clear-dash')).bytesDownloaded > 0, 'the other page follows');
      const paused = await mb.pauseDownload('clear-dash');
      expect(paused.state).to.equal('paused');
      await waitUntil(async () => (await ma.getAssetStatus('clear-dash')).state === 'paused', 'the running page paused');
      const before = (await serverState(scope)).log.length;
      await new Promise((r) => setTimeout(r, 400));
      expect((await serverState(scope)).log.length).to.equal(before);
      await setFaults(scope, []);
      await mb.resumeDownload('clear-dash');
      expect((await mb.whenDownloaded('clear-dash')).state).to.equal('completed');
      await mb.removeAsset('clear-dash');
    } finally {
      a.remove();
      b.remove();
    }
  });
});

describe('start-up cleanup', () => {
  it('removes Shaka’s abandoned incomplete download and the segments nothing points at, and reports it', async () => {
    const scope = newScope('orphans-shaka');
    const entry = await fixtureEntry('clear-dash', scope);
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 80 }]);
    const page = await openFrame();
    const shaka = await page.api.loadShaka();
    const storage = new shaka.offline.Storage();
    // The page is closed mid-store, so this never settles; failing before that is a failure.
    let storeError: unknown;
    storage.store(entry.sources[0].contentUrl).promise.catch((error: unknown) => (storeError = error));
    // Plain Shaka writes segments one by one and links them only at the end.
    const before = new Set(await ShakaDb.segmentKeys());
    await waitUntil(async () => (await ShakaDb.segmentKeys()).filter((k) => !before.has(k)).length >= 5, 'Shaka stored some segments', { timeout: 15000 });
    expect(storeError, 'Shaka’s store() failed before the page was closed').to.equal(undefined);
    page.remove(); // closed mid-store
    const incomplete = (await ShakaDb.listManifests()).filter((m) => m.manifest.isIncomplete && !(m.manifest.appMetadata as Record<string, unknown>)?.offlinePlayer);
    expect(incomplete.length).to.be.greaterThan(0);

    const manager = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { orphanAgeMs: 0 });
    const report = (await manager.cleanupDone)!;
    expect(manager.lastCleanup).to.equal(report);
    expect(report.manifests.map((m) => m.reason)).to.include('abandoned-shaka-download');
    expect(report.segments).to.be.at.least(5);
    expect(report.segmentsSkipped).to.equal(null);
    const left = await ShakaDb.listManifests();
    expect(left.filter((m) => m.manifest.isIncomplete && !(m.manifest.appMetadata as Record<string, unknown>)?.offlinePlayer)).to.deep.equal([]);
    const referenced = new Set(left.flatMap((m) => [...segmentKeysOf(m.manifest)]));
    expect((await ShakaDb.segmentKeys()).filter((k) => !referenced.has(k)), 'no unreferenced segment left').to.deep.equal([]);
  });

  it('removes media whose registration was lost, and keeps what is registered', async () => {
    const scope = newScope('orphans-ours');
    const store = new DefaultLocalDataStore({ name: `test-${scope}` });
    const first = new LocalAssetsManager(store);
    await first.download(await fixtureEntry('clear-hls', scope));
    await first.download(await fixtureEntry('clear-mp4', scope));
    await first.download(await fixtureEntry('clear-dash', scope));
    // The app lost two registrations (a partly cleared store).
    await store.remove('offline-player/asset/clear-hls');
    await store.remove('offline-player/asset/clear-mp4');
    const second = new LocalAssetsManager(store);
    const report = (await second.cleanupDone)!;
    expect(report.manifests.map((m) => [m.reason, m.assetId])).to.deep.equal([['unregistered', 'clear-hls']]);
    expect(report.files.map((f) => f.key.split(':').at(-1))).to.deep.equal(['clear-mp4']);
    expect(report.bytesFreed).to.be.greaterThan(1_500_000);
    expect((await ProgressiveStore.listFiles()).some((f) => f.key.endsWith(':clear-mp4'))).to.be.false;
    expect((await second.listAssets()).map((s) => s.assetId)).to.deep.equal(['clear-dash']);
    const local = await second.createLocalMediaEntry('clear-dash');
    expect(local.sources[0].contentUrl).to.match(/^offline:/);
    await second.removeAsset('clear-dash');
  });
});
