// What this library relies on in Shaka Player, checked against Shaka itself,
// so that a Shaka that changes them fails here, loudly, instead of corrupting
// downloads: its exact version (shaka-player is pinned), its offline
// database (name, version, stores, the manifest fields we read and write),
// its offline URIs, and the reference ids of pending segments in the plan.
// And a newer Shaka database than ours: a typed STORAGE_ERROR, not a manifest error.
import { expect } from '@open-wc/testing';
import { ErrorCode } from '../../src/index.js';
import { SHAKA_DB, ShakaDb, offlineManifestUri } from '../../src/service/databases/shaka-db.js';
import { planDownload } from '../../src/service/download/planner.js';
import { parseRefId } from '../../src/service/download/work.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { openRemotePage, type FrameApi } from '../support/frames.js';
import { fixtureEntry, newScope } from '../support/media.js';

const CHANGED = 'Shaka Player changed: check src/service/databases/shaka-db.ts and src/service/download/ against its lib/offline/ before moving the pin';

describe('the Shaka contract', () => {
  it('is the pinned version', async () => {
    const shaka = await loadShaka();
    expect(shaka.Player.version, CHANGED).to.equal('v5.2.12');
  });

  it('Shaka’s own storage writes the database we write: name, version, stores, manifest fields, offline URI', async () => {
    const shaka = await loadShaka();
    const scope = newScope('contract');
    const entry = await fixtureEntry('clear-dash', scope);
    const storage = new shaka.offline.Storage();
    storage.configure({ offline: { trackSelectionCallback: async (tracks: Array<{ height: number | null }>) => tracks.filter((t) => t.height === 180 || t.height === null).slice(0, 2) } });
    const stored = await storage.store(entry.sources[0].contentUrl).promise;
    try {
      const db = (await indexedDB.databases()).find((d) => d.name === SHAKA_DB.name);
      expect(db?.version, CHANGED).to.equal(SHAKA_DB.version);
      const names = await new Promise<string[]>((resolve, reject) => {
        const req = indexedDB.open(SHAKA_DB.name);
        req.onsuccess = () => {
          resolve([...req.result.objectStoreNames]);
          req.result.close();
        };
        req.onerror = () => reject(req.error);
      });
      expect(names.sort(), CHANGED).to.deep.equal([...SHAKA_DB.stores].sort());
      const key = Number(/(\d+)$/.exec(stored.offlineUri!)![1]);
      expect(stored.offlineUri, CHANGED).to.equal(offlineManifestUri(key));
      const manifest = (await ShakaDb.getManifest(key))!;
      for (const field of ['streams', 'size', 'isIncomplete', 'appMetadata', 'sessionIds', 'drmInfo', 'duration', 'creationTime', 'sequenceMode', 'type']) {
        expect(manifest, `${CHANGED} (ManifestDB.${field})`).to.have.property(field);
      }
      const segment = manifest.streams[0].segments[0];
      for (const field of ['startTime', 'endTime', 'dataKey', 'initSegmentKey']) expect(segment, `${CHANGED} (SegmentDB.${field})`).to.have.property(field);
      expect(manifest.size, 'size counts the stored bytes').to.equal(stored.size);
    } finally {
      await storage.remove(stored.offlineUri!);
      await storage.destroy();
    }
  });

  it('the plan’s pending segments carry reference ids we can read (URIs and byte ranges)', async () => {
    const scope = newScope('contract-plan');
    for (const name of ['clear-dash', 'clear-hls'] as const) {
      const entry = await fixtureEntry(name, scope);
      const plan = await planDownload(entry.sources[0]);
      const refs = plan.manifest.streams.flatMap((s) => s.segments.flatMap((seg) => [seg.pendingSegmentRefId, seg.pendingInitSegmentRefId])).filter((r): r is string => !!r);
      expect(refs.length, `${name}: pending segments`).to.be.above(10);
      for (const ref of refs) {
        const request = parseRefId(ref);
        expect(request.uris.length > 0 || request.inline !== null, `${CHANGED} (reference id ${ref.slice(0, 80)})`).to.be.true;
        for (const uri of request.uris) expect(uri.startsWith(location.origin), uri).to.be.true;
      }
    }
  });

  it('a Shaka database newer than ours: a typed STORAGE_ERROR saying so, and nothing else breaks', async () => {
    const origin = `http://127.0.0.9:${location.port}`;
    const entry = JSON.parse(JSON.stringify(await fixtureEntry('clear-dash', newScope('newer-db'))).replaceAll(location.origin, origin));
    const page = await openRemotePage(origin);
    try {
      const result = await page.call(async (api: FrameApi, e: unknown, name: string) => {
        // What a newer Shaka would have done to the database.
        await new Promise<void>((resolve, reject) => {
          const req = indexedDB.open(name, 6);
          req.onupgradeneeded = () => {
            for (const store of ['segment-v6', 'manifest-v6']) req.result.createObjectStore(store, { autoIncrement: true });
          };
          req.onsuccess = () => {
            req.result.close();
            resolve();
          };
          req.onerror = () => reject(req.error);
        });
        const manager = new api.LocalAssetsManager(new api.DefaultLocalDataStore({ name: 'newer-db' }));
        const failure = await manager.download(e).then(
          () => null,
          (x: { code: string; message: string }) => ({ code: x.code, message: x.message }),
        );
        return { failure, listed: (await manager.listAssets()).length };
      }, entry, SHAKA_DB.name);
      expect(result.failure?.code).to.equal(ErrorCode.STORAGE_ERROR);
      expect(result.failure?.message).to.match(/newer version than 5/);
      expect(result.listed, 'nothing registered').to.equal(0);
    } finally {
      await page.close();
    }
  });
});
