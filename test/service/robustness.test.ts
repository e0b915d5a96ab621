// Defects found in review, kept fixed: the cleanup racing a download, a
// start-up that cannot save, untyped errors from a stopped transfer.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type LocalDataStore } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { rejects } from '../support/errors.js';
import { storedVersusFixtures } from '../support/integrity.js';
import { fixtureEntry, newScope, scoped, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';

class AppStore implements LocalDataStore {
  readonly data = new Map<string, Uint8Array>();
  failSaves = false;
  async save(key: string, value: Uint8Array) {
    if (this.failSaves) throw Object.assign(new Error('the store is full'), { name: 'QuotaExceededError' });
    this.data.set(key, value.slice());
  }
  async load(key: string) {
    return this.data.get(key)?.slice() ?? null;
  }
  async remove(key: string) {
    this.data.delete(key);
  }
}

describe('robustness', () => {
  it('a cleanup running while a download commits never takes its segments for orphans', async () => {
    const scope = newScope('cleanup-race');
    const entry = await fixtureEntry('clear-dash', scope);
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 20, bytesPerSecond: 400_000 }]);
    const manager = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
    const other = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}-other` }), { orphanAgeMs: 0 });
    await manager.startDownload(await manager.prepareForDownload(entry));
    let sweeps = 0;
    let removed = 0;
    while ((await manager.getAssetStatus('clear-dash')).state !== 'completed') {
      const report = await other.cleanup();
      removed += report.segments;
      sweeps += 1;
    }
    try {
      expect(sweeps, 'the cleanup ran during the download').to.be.greaterThan(3);
      expect(removed).to.equal(0);
      const { stored, expected } = await storedVersusFixtures('clear-dash', ['media/clear/dash/video-360/', 'media/clear/dash/audio-en/', 'media/clear/dash/audio-fr/', 'media/clear/dash/text-en/']);
      expect(stored).to.deep.equal(expected);
      await withNetworkCut(async () => playsFor(await manager.createLocalMediaEntry('clear-dash')));
    } finally {
      await manager.removeAsset('clear-dash');
    }
  });

  it('a manager still starts when its store refuses writes (a full quota), and can free space', async () => {
    const scope = newScope('start-full');
    const store = new AppStore();
    const first = new LocalAssetsManager(store);
    await setFaults(scope, [{ match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 300_000 }]);
    await first.startDownload(await first.prepareForDownload(await fixtureEntry('clear-mp4', scope)));
    await new Promise((r) => setTimeout(r, 800));
    await first.pauseDownload('clear-mp4');
    await first.destroy();
    store.failSaves = true;
    const second = new LocalAssetsManager(store);
    await second.ready;
    const [status] = await second.listAssets();
    expect(status.state).to.equal('paused');
    expect(status.bytesDownloaded).to.be.greaterThan(0);
    store.failSaves = false;
    await second.removeAsset('clear-mp4');
    expect((await second.getAssetStatus('clear-mp4')).state).to.equal('none');
  });

  it('a registration whose transfer the network stops rejects with a typed NETWORK_ERROR', async () => {
    const scope = newScope('typed-stop');
    const manager = new LocalAssetsManager(new AppStore());
    const entry = await fixtureEntry('clear-mp4', scope);
    const error = await withNetworkCut(() => rejects(manager.assetDownloadFinished(entry.sources[0], scoped(scope, '/fixtures/media/clear/mp4/video.mp4'), { assetId: 'net' })));
    expect(error.code).to.equal('NETWORK_ERROR');
    expect((await manager.getAssetStatus('net')).registered).to.be.false;
  });
});
