// The `backgroundDownloads` option where Background Fetch cannot take the
// download (this page: no service worker controls it; Firefox: no Background
// Fetch at all): bad input is a typed error, the download stays in the page
// and completes as without the option; and which shapes of content the page
// keeps, on real plans of the fixtures. (The handover itself, in real
// Chromium with the real worker: test/node/background-fetch.test.mjs.)
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, ErrorCode, LocalAssetsManager, type LocalDataStore } from '../../src/index.js';
import { downloadTotalFor, keptInPageBecause, startBackgroundFetch } from '../../src/service/background/handover.js';
import { handoverId, parseHandoverId } from '../../src/service/background/handover-id.js';
import { pendingWork } from '../../src/service/download/work.js';
import type { AssetRecord } from '../../src/service/registry/asset-record.js';
import { pauseReason } from '../../src/sw/background/background-downloads.js';
import { throws } from '../support/errors.js';
import { type FixtureName, type ShapeName, fixtureEntry, newScope, serverState } from '../support/media.js';

const stores: DefaultLocalDataStore[] = [];
function newStore(label: string): DefaultLocalDataStore {
  const store = new DefaultLocalDataStore({ name: `test-background-${newScope(label)}` });
  stores.push(store);
  return store;
}
after(async () => {
  for (const s of stores) await s.clear();
});

describe('backgroundDownloads', () => {
  it('refuses a value that is not a boolean, and a store the worker cannot reach, with INVALID_ARGUMENT', () => {
    for (const value of ['yes', 1, null, {}]) {
      const error = throws(() => new LocalAssetsManager(newStore('bad'), { backgroundDownloads: value as never }));
      expect(error.code, String(value)).to.equal(ErrorCode.INVALID_ARGUMENT);
      expect(error.message).to.match(/backgroundDownloads must be true or false/);
    }
    const memory = new Map<string, Uint8Array>();
    const custom: LocalDataStore = {
      save: async (key, value) => void memory.set(key, value),
      load: async (key) => memory.get(key) ?? null,
      remove: async (key) => void memory.delete(key),
    };
    const error = throws(() => new LocalAssetsManager(custom, { backgroundDownloads: true }));
    expect(error.code).to.equal(ErrorCode.INVALID_ARGUMENT);
    expect(error.message).to.match(/needs the DefaultLocalDataStore/);
    // The same custom store without the option is fine, as is the default store with it.
    expect(() => new LocalAssetsManager(custom, { backgroundDownloads: false, cleanupOnStart: false })).not.to.throw();
    expect(() => new LocalAssetsManager(newStore('ok'), { backgroundDownloads: true, cleanupOnStart: false })).not.to.throw();
  });

  it('where no worker can take it, the download stays in the page and completes as without the option', async function () {
    this.timeout(60000);
    expect(navigator.serviceWorker?.controller ?? null, 'this page is not controlled').to.equal(null);
    const scope = newScope('bg-fallback');
    const manager = new LocalAssetsManager(newStore('fallback'), { backgroundDownloads: true, cleanupOnStart: false });
    try {
      const seen: boolean[] = [];
      const entry = await fixtureEntry('clear-dash', scope);
      const prepared = await manager.prepareForDownload(entry);
      const stop = manager.watchAsset(prepared.assetId, (status) => seen.push(status.inBackground));
      await manager.startDownload(prepared);
      const status = await manager.whenDownloaded(prepared.assetId);
      stop();
      expect(status.state).to.equal('completed');
      expect(status.inBackground).to.equal(false);
      expect(seen.every((b) => b === false), 'never in the background').to.be.true;
      // The page fetched the segments itself.
      const gets = (await serverState(scope)).log.filter((e) => e.method === 'GET' && /\.m4s$/.test(e.path));
      expect(gets.length).to.be.greaterThan(10);
      await manager.removeAsset(prepared.assetId);
    } finally {
      await manager.destroy();
    }
  });

  describe('which content the page keeps (real plans)', () => {
    const manager = new LocalAssetsManager(newStore('plans'), { cleanupOnStart: false });
    after(() => manager.destroy());

    it("asks the browser for the remaining segments by URL, with the entry's name, its thumbnail and the plan's size", async () => {
      // The browser's UI cannot be seen headless (nor in Chromium's background-service log): what we ask for is checked here.
      const prepared = await manager.prepareForDownload(await fixtureEntry('clear-dash', newScope('plan-ask')));
      const work = pendingWork(prepared.manifest(), new Map());
      const asked: Array<{ id: string; requests: Request[]; options: unknown }> = [];
      const browser = {
        fetch: async (id: string, requests: RequestInfo | RequestInfo[], options?: unknown) => void asked.push({ id, requests: requests as Request[], options }),
        get: async () => undefined,
      };
      const record = prepared.toRecord('test:plan') as AssetRecord;
      await startBackgroundFetch(browser as never, 'the-id', { record, work, aes: false, licencePending: false, requestInit: false, remainingBytes: 1000, exactSizes: false });
      expect(asked).to.have.length(1);
      expect(asked[0].requests.map((r) => r.url)).to.deep.equal(work.map((item) => item.request.uris[0]));
      expect(asked[0].requests.every((r) => r.mode === 'cors' && !r.headers.has('range'))).to.be.true;
      expect(asked[0].options).to.deep.equal({ title: 'Clear DASH (test pattern)', icons: [{ src: record.entry.thumbnailUrl }], downloadTotal: 1250 });
      expect(downloadTotalFor(1000, true), 'exact sizes as they are').to.equal(1000);
      expect(downloadTotalFor(0, false)).to.equal(0);
    });

    async function verdict(name: FixtureName | ShapeName, extra: { licencePending?: boolean; requestInit?: boolean } = {}): Promise<string | null> {
      const prepared = await manager.prepareForDownload(await fixtureEntry(name, newScope(`plan-${name}`)));
      const manifest = prepared.manifest();
      const aes = !!prepared.parts.plan?.aes;
      const record = prepared.toRecord('test:plan') as AssetRecord;
      return keptInPageBecause({
        record,
        work: pendingWork(manifest, new Map()),
        aes,
        licencePending: extra.licencePending ?? false,
        requestInit: extra.requestInit ?? false,
        remainingBytes: prepared.estimatedSize,
        exactSizes: false,
      });
    }

    it('hands over whole-file segments: clear DASH, clear HLS, ClearKey DASH with its licence', async () => {
      expect(await verdict('clear-dash')).to.equal(null);
      expect(await verdict('clear-hls')).to.equal(null);
      expect(await verdict('clearkey-dash')).to.equal(null);
    });

    it('keeps in the page: AES-128 (keys never stored), byte ranges, a licence still to read, mediaRequestInit', async () => {
      expect(await verdict('hls-aes128')).to.match(/AES-128/);
      expect(await verdict('hls-byterange')).to.match(/byte ranges/);
      expect(await verdict('dash-segmentbase')).to.match(/byte ranges/);
      expect(await verdict('clearkey-dash', { licencePending: true })).to.match(/licence/);
      expect(await verdict('clear-dash', { requestInit: true })).to.match(/mediaRequestInit/);
    });
  });

  it("says why a failed background fetch stopped, as the pause's reason", () => {
    expect(['aborted', 'fetch-error', 'quota-exceeded', 'download-total-exceeded', 'bad-status', ''].map(pauseReason)).to.deep.equal([
      'user',
      'network',
      'quota',
      'interrupted',
      'error',
      'error',
    ]);
  });

  it('names the store and the asset in the fetch id, and reads back only its own ids', () => {
    const target = { storeName: 'a|b', storeTable: 'local_data', assetId: 'id with spaces|and bars' };
    const id = handoverId(target);
    expect(parseHandoverId(id)).to.deep.equal(target);
    expect(handoverId(target)).not.to.equal(id);
    for (const other of ['', 'someone-else', 'offline-player-bg|x', 'offline-player-bg|%E0%A4%A|t|a|n']) expect(parseHandoverId(other), other).to.equal(null);
  });
});
