// Registrations and licences go through the LocalDataStore (a custom one
// receives every write; the default one survives a reload), the seed's
// third-party path registers what the app downloaded itself, and removal
// leaves nothing behind in Shaka's database, the media database or the store.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type LocalDataStore, type MediaSource } from '../../src/index.js';
import { ProgressiveStore } from '../../src/service/databases/media-db.js';
import { ShakaDb } from '../../src/service/databases/shaka-db.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { withNetworkCut } from '../support/browser.js';
import { openFrame, reloadFrame } from '../support/frames.js';
import { fixtureEntry, newScope, scoped, serverState } from '../support/media.js';
import { playsFor } from '../support/play.js';

/** An app's own store (here: in memory), recording every call. */
class AppStore implements LocalDataStore {
  readonly data = new Map<string, Uint8Array>();
  readonly saves: Array<{ key: string; json: unknown }> = [];
  async save(key: string, value: Uint8Array): Promise<void> {
    this.data.set(key, value.slice());
    this.saves.push({ key, json: JSON.parse(new TextDecoder().decode(value)) });
  }
  async load(key: string): Promise<Uint8Array | null> {
    return this.data.get(key)?.slice() ?? null;
  }
  async remove(key: string): Promise<void> {
    this.data.delete(key);
  }
}

/** The media database's record of an asset (keyed `<store namespace>:<assetId>`). */
async function storedFile(assetId: string) {
  return (await ProgressiveStore.listFiles()).find((f) => f.key.endsWith(`:${assetId}`));
}

async function sha256(data: ArrayBuffer | Blob): Promise<string> {
  const bytes = data instanceof Blob ? await data.arrayBuffer() : data;
  return Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
}

describe('registrations and the LocalDataStore', () => {
  it('a custom LocalDataStore receives every write: registration, licence, download state', async () => {
    const scope = newScope('custom-store');
    const entry = await fixtureEntry('clearkey-dash', scope);
    const store = new AppStore();
    const defaultStore = new DefaultLocalDataStore();
    const defaultKeysBefore = await defaultStore.keys();
    const manager = new LocalAssetsManager(store);
    const status = await manager.download(entry);
    try {
      const id = status.assetId;
      const keys = [...store.data.keys()].sort();
      expect(keys).to.deep.equal(['offline-player/asset/clearkey-dash', 'offline-player/assets', 'offline-player/licence/clearkey-dash', 'offline-player/namespace']);
      const licence = JSON.parse(new TextDecoder().decode(store.data.get(`offline-player/licence/${id}`)!));
      expect(Object.keys(licence.keys)).to.have.length(2);
      const states = store.saves.filter((s) => s.key === `offline-player/asset/${id}`).map((s) => (s.json as { state: string }).state);
      expect(states[0]).to.equal('preparing');
      expect(states).to.include('downloading');
      expect(states.at(-1)).to.equal('completed');
      expect(await defaultStore.keys(), 'nothing went to the default store').to.deep.equal(defaultKeysBefore);
      // A second manager on the same custom store sees the asset and plays it offline.
      const local = await new LocalAssetsManager(store).createLocalMediaEntry(id);
      await withNetworkCut(() => playsFor(local));
    } finally {
      await manager.removeAsset(status.assetId);
    }
    expect([...store.data.keys()].sort(), 'removal emptied the store').to.deep.equal(['offline-player/assets', 'offline-player/namespace']);
  });

  it('the default store survives a page reload', async () => {
    const scope = newScope('reload');
    const entry = await fixtureEntry('clear-dash', scope);
    const name = `test-reload-${scope}`;
    let page = await openFrame();
    try {
      const manager = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }));
      const done = await manager.download(entry);
      expect(done.state).to.equal('completed');
      page = await reloadFrame(page);
      const after = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }));
      const status = await after.getAssetStatus('clear-dash');
      expect(status.state).to.equal('completed');
      expect(status.size).to.equal(done.size);
      expect((await after.listAssets()).map((s) => s.assetId)).to.deep.equal(['clear-dash']);
      const local = await after.createLocalMediaEntry('clear-dash');
      await withNetworkCut(() => playsFor(local));
      await after.removeAsset('clear-dash');
    } finally {
      page.remove();
    }
  });
});

describe('a page view stores nothing', () => {
  const databaseNames = async () => (await indexedDB.databases()).map((d) => d.name);

  it('a manager on an empty default store creates no database until something is downloaded, then keeps the store id as its namespace', async () => {
    const name = `test-untouched-${newScope('untouched')}`;
    const store = new DefaultLocalDataStore({ name });
    expect(await store.loadAll('offline-player/')).to.deep.equal(new Map());
    const manager = new LocalAssetsManager(store);
    await manager.ready;
    await manager.cleanupDone;
    expect(await manager.listAssets()).to.deep.equal([]);
    expect((await manager.getAssetStatus('anything')).state).to.equal('none');
    expect(await databaseNames(), 'reading created no database').not.to.include(name);
    // The first download writes the namespace with its record: the store's id.
    const source = { id: 'file', contentUrl: new URL(scoped(newScope('untouched-file'), '/fixtures/media/clear/mp4/video.mp4'), location.href).href, mediaFormat: 'mp4' } as MediaSource;
    const blob = new Blob([new Uint8Array(4096)], { type: 'video/mp4' });
    const status = await manager.assetDownloadFinished(source, blob, { assetId: 'first' });
    try {
      expect(await databaseNames()).to.include(name);
      expect(JSON.parse(new TextDecoder().decode((await store.load('offline-player/namespace'))!))).to.equal(store.id);
      expect((await storedFile('first'))?.key).to.equal(`${store.id}:first`);
      // A second manager (a reload) reads it back in one pass.
      const again = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
      expect((await again.getAssetStatus('first')).state).to.equal('completed');
      await again.destroy();
    } finally {
      await manager.removeAsset(status.assetId);
      await manager.destroy();
    }
  });

  it('a store written before store ids keeps its random namespace (media keys, locks and channel stay its own)', async () => {
    const name = `test-old-namespace-${newScope('old-namespace')}`;
    const store = new DefaultLocalDataStore({ name });
    await store.save('offline-player/namespace', new TextEncoder().encode(JSON.stringify('old-random-id')));
    const manager = new LocalAssetsManager(store);
    const source = { id: 'file', contentUrl: new URL(scoped(newScope('old-namespace-file'), '/fixtures/media/clear/mp4/video.mp4'), location.href).href, mediaFormat: 'mp4' } as MediaSource;
    const status = await manager.assetDownloadFinished(source, new Blob([new Uint8Array(2048)], { type: 'video/mp4' }), { assetId: 'kept' });
    try {
      expect((await storedFile('kept'))?.key).to.equal('old-random-id:kept');
      expect(JSON.parse(new TextDecoder().decode((await store.load('offline-player/namespace'))!))).to.equal('old-random-id');
    } finally {
      await manager.removeAsset(status.assetId);
      await manager.destroy();
      await store.clear();
    }
  });

  it('a namespace another library version wrote first, after this manager started, is adopted (media keys, and the channel other tabs hear)', async () => {
    const name = `test-adopt-namespace-${newScope('adopt-namespace')}`;
    const store = new DefaultLocalDataStore({ name });
    const first = new LocalAssetsManager(store);
    await first.ready;
    // Another version (a random id) writes first.
    await new DefaultLocalDataStore({ name }).save('offline-player/namespace', new TextEncoder().encode(JSON.stringify('other-version-id')));
    const source = { id: 'file', contentUrl: new URL(scoped(newScope('adopt-file'), '/fixtures/media/clear/mp4/video.mp4'), location.href).href, mediaFormat: 'mp4' } as MediaSource;
    const status = await first.assetDownloadFinished(source, new Blob([new Uint8Array(2048)], { type: 'video/mp4' }), { assetId: 'adopted' });
    const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
    try {
      expect((await storedFile('adopted'))?.key).to.equal('other-version-id:adopted');
      expect(JSON.parse(new TextDecoder().decode((await store.load('offline-player/namespace'))!))).to.equal('other-version-id');
      expect((await second.getAssetStatus('adopted')).state).to.equal('completed');
      // The first manager now speaks on the adopted namespace's channel: the second hears its removal.
      const heard = new Promise<string>((resolve) => second.addEventListener('registration-change', (e) => resolve((e as CustomEvent).detail.change)));
      await first.removeAsset(status.assetId);
      expect(await heard).to.equal('removed');
    } finally {
      await Promise.all([first.destroy(), second.destroy()]);
      await store.clear();
    }
  });

  it('loadAll rejects a prefix that is not a string, with a typed error, and stores nothing', async () => {
    const name = `test-loadall-bad-${newScope('loadall-bad')}`;
    const store = new DefaultLocalDataStore({ name });
    const error = await store.loadAll(42 as unknown as string).catch((e: unknown) => e);
    expect((error as { code?: string }).code).to.equal('INVALID_ARGUMENT');
    expect(await databaseNames()).not.to.include(name);
  });
});

describe('assetDownloadFinished: media the app downloaded itself', () => {
  it('registers an MP4 the test downloaded itself (a Blob), stores it byte for byte, plays it offline', async () => {
    const scope = newScope('third-party');
    const entry = await fixtureEntry('clear-mp4', scope);
    const store = new AppStore();
    const manager = new LocalAssetsManager(store);
    const source = (entry.sources as MediaSource[])[0];
    const choice = await manager.getPreferredDownloadableMediaSource(entry);
    expect(choice.source?.id).to.equal(source.id);
    // The app's own download.
    const blob = await (await fetch(source.contentUrl, { cache: 'no-store' })).blob();
    const events: string[] = [];
    manager.addEventListener('registration-change', (e) => events.push((e as CustomEvent).detail.change));
    const status = await manager.assetDownloadFinished(choice.source!, blob, { entry });
    try {
      expect(status.state).to.equal('completed');
      expect(status.size).to.equal(blob.size);
      expect(events).to.deep.equal(['registered']);
      const local = await manager.createLocalMediaEntry(status.assetId);
      expect(local.sources[0].contentUrl).to.match(/^blob:/);
      expect(await sha256(await (await fetch(local.sources[0].contentUrl)).blob())).to.equal(await sha256(blob));
      await withNetworkCut(() => playsFor(local));
    } finally {
      await manager.removeAsset(status.assetId);
    }
    expect(await storedFile(status.assetId)).to.equal(undefined);
  });

  it('registers from a same-origin URL (read in chunks, resumable) and keeps the exact bytes', async () => {
    const scope = newScope('third-party-url');
    const entry = await fixtureEntry('clear-mp4', scope);
    const manager = new LocalAssetsManager(new AppStore());
    const source = (entry.sources as MediaSource[])[0];
    const location = scoped(scope, '/fixtures/media/clear/mp4/video.mp4');
    const status = await manager.assetDownloadFinished(source, location, { assetId: 'app-file' });
    try {
      expect(status.assetId).to.equal('app-file');
      const served = await (await fetch(location, { cache: 'no-store' })).arrayBuffer();
      const stored = await ProgressiveStore.blob((await storedFile('app-file'))!.key, 'video/mp4');
      expect(stored.size).to.equal(served.byteLength);
      expect(await sha256(stored)).to.equal(await sha256(served));
    } finally {
      await manager.removeAsset('app-file');
    }
  });
});

describe('removeAsset leaves nothing behind', () => {
  for (const name of ['clearkey-hls', 'clear-mp4'] as const) {
    it(`${name}: Shaka's database, the media database and the store hold nothing of it`, async () => {
      const scope = newScope(`remove-${name}`);
      const entry = await fixtureEntry(name, scope);
      const store = new AppStore();
      const manager = new LocalAssetsManager(store);
      const segmentsBefore = new Set(await ShakaDb.segmentKeys());
      const manifestsBefore = (await ShakaDb.listManifests()).length;
      const status = await manager.download(entry);
      const added = (await ShakaDb.segmentKeys()).filter((k) => !segmentsBefore.has(k));
      if (name === 'clearkey-hls') {
        expect(added.length, 'segments were stored in Shaka’s database').to.be.greaterThan(20);
        // Shaka's own API sees the stored asset.
        const shaka = await loadShaka();
        const newest = (await ShakaDb.listManifests()).at(-1)!.key;
        const listed = await new shaka.offline.Storage().list();
        expect(listed.map((c) => c.offlineUri)).to.include(`offline:manifest/idb/v5/${newest}`);
      } else {
        expect(await storedFile(status.assetId)).to.not.equal(undefined);
      }
      const removed = await manager.removeAsset(status.assetId);
      expect(removed.bytesFreed).to.equal(status.size);
      const after = new Set(await ShakaDb.segmentKeys());
      expect(added.filter((k) => after.has(k))).to.deep.equal([]);
      expect((await ShakaDb.listManifests()).length).to.equal(manifestsBefore);
      expect(await storedFile(status.assetId)).to.equal(undefined);
      expect([...store.data.keys()].filter((k) => k.includes(status.assetId))).to.deep.equal([]);
      expect([...store.data.keys()].sort()).to.deep.equal(['offline-player/assets', 'offline-player/namespace']);
      expect((await manager.getAssetStatus(status.assetId)).state).to.equal('none');
      const { log } = await serverState(scope);
      expect(log.length).to.be.greaterThan(0);
    });
  }
});
