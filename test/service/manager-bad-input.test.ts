// Every public method of LocalAssetsManager, given bad input, fails with a
// typed OfflineError and a stable code, and a completed download survives
// all of it.
import { expect } from '@open-wc/testing';
import {
  DefaultLocalDataStore,
  ErrorCode,
  LocalAssetsManager,
  type MediaSource as EntrySource,
  parseMediaEntry,
} from '../../src/index.js';
import { ShakaDb } from '../../src/service/databases/shaka-db.js';
import { fixtureEntry, newScope } from '../support/media.js';
import { rejects, throws } from '../support/errors.js';



const stores: DefaultLocalDataStore[] = [];
function newStore(label: string): DefaultLocalDataStore {
  const store = new DefaultLocalDataStore({ name: `test-bad-input-${newScope(label)}` });
  stores.push(store);
  return store;
}

after(async () => {
  for (const s of stores) await s.clear();
});

const mp4Source = (contentUrl = `${location.origin}/fixtures/media/clear/mp4/video.mp4`, id = `mp4-${newScope('src')}`): EntrySource => ({
  id,
  contentUrl,
  mimeType: 'video/mp4',
  mediaFormat: 'mp4',
  drmData: [],
});
const dashSource = (): EntrySource => ({
  id: `dash-${newScope('src')}`,
  contentUrl: `${location.origin}/fixtures/media/clear/dash/manifest.mpd`,
  mimeType: 'application/dash+xml',
  mediaFormat: 'dash',
  drmData: [],
});
const bytes = () => new Blob([new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112])], { type: 'video/mp4' });

/** Runs every bad call on `manager` and checks each code; `keep` is a registered asset id that must not be touched. */
async function badCalls(manager: LocalAssetsManager, keep: string | null): Promise<void> {
  const scope = newScope('bad');
  const entry = await fixtureEntry('clear-mp4', scope);
  const checks: Array<[string, () => Promise<unknown>, string]> = [
    ['prepareForDownload(null)', () => manager.prepareForDownload(null), ErrorCode.INVALID_ENTRY],
    ['prepareForDownload({})', () => manager.prepareForDownload({}), ErrorCode.INVALID_ENTRY],
    ["prepareForDownload(entry, { assetId: '' })", () => manager.prepareForDownload(entry, { assetId: '' }), ErrorCode.INVALID_ARGUMENT],
    ['prepareForDownload(entry, { assetId: 42 })', () => manager.prepareForDownload(entry, { assetId: 42 as never }), ErrorCode.INVALID_ARGUMENT],
    ['startDownload({})', () => manager.startDownload({} as never), ErrorCode.INVALID_ARGUMENT],
    ['startDownload(null)', () => manager.startDownload(null as never), ErrorCode.INVALID_ARGUMENT],
    ["getAssetStatus('')", () => manager.getAssetStatus(''), ErrorCode.INVALID_ARGUMENT],
    ['getAssetStatus(42)', () => manager.getAssetStatus(42 as never), ErrorCode.INVALID_ARGUMENT],
    ['getPreferredDownloadableMediaSource([])', () => manager.getPreferredDownloadableMediaSource([]), ErrorCode.INVALID_ENTRY],
    ['loadMediaEntry(42)', () => manager.loadMediaEntry(42 as never), ErrorCode.INVALID_ARGUMENT],
    ["loadMediaEntry('javascript:alert(1)')", () => manager.loadMediaEntry('javascript:alert(1)'), ErrorCode.INVALID_ARGUMENT],
    ['loadMediaEntry(a JSON that is not an entry)', () => manager.loadMediaEntry('/fixtures/keys.json'), ErrorCode.INVALID_ENTRY],
    ['loadMediaEntry(a missing entry, online)', () => manager.loadMediaEntry(`/t/${scope}/fixtures/entries/nope.json`), ErrorCode.NETWORK_ERROR],
    ["prepareForDownload(entry, { entryUrl: 'http://[' })", () => manager.prepareForDownload(entry, { entryUrl: 'http://[' }), ErrorCode.INVALID_ARGUMENT],
    ["createLocalMediaEntry('unknown')", () => manager.createLocalMediaEntry('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["removeAsset('unknown')", () => manager.removeAsset('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["cancelDownload('unknown')", () => manager.cancelDownload('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["pauseDownload('unknown')", () => manager.pauseDownload('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["resumeDownload('unknown')", () => manager.resumeDownload('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["moveToFront('unknown')", () => manager.moveToFront('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["moveToFront('')", () => manager.moveToFront(''), ErrorCode.INVALID_ARGUMENT],
    ['moveToFront(null)', () => manager.moveToFront(null as never), ErrorCode.INVALID_ARGUMENT],
    ["whenDownloaded('unknown')", () => manager.whenDownloaded('unknown'), ErrorCode.ASSET_NOT_FOUND],
    ["createLocalMediaEntry('')", () => manager.createLocalMediaEntry(''), ErrorCode.INVALID_ARGUMENT],
    ['removeAsset(undefined)', () => manager.removeAsset(undefined as never), ErrorCode.INVALID_ARGUMENT],
    ["pauseDownload(' ')", () => manager.pauseDownload(' '), ErrorCode.INVALID_ARGUMENT],
    ['resumeDownload({})', () => manager.resumeDownload({} as never), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(dash, Blob)', () => manager.assetDownloadFinished(dashSource(), bytes()), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(dash, cross-origin URL)', () => manager.assetDownloadFinished(dashSource(), 'http://example.invalid/manifest.mpd'), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(mp4, cross-origin URL)', () => manager.assetDownloadFinished(mp4Source(), 'http://example.invalid/x.mp4'), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(mp4, cross-origin URL object)', () => manager.assetDownloadFinished(mp4Source(), new URL('https://example.invalid/x.mp4')), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(mp4, bad URL)', () => manager.assetDownloadFinished(mp4Source(), 'http://[nope'), ErrorCode.INVALID_ARGUMENT],
    [
      'assetDownloadFinished(source without contentUrl)',
      () => manager.assetDownloadFinished({ id: 'no-url', mediaFormat: 'mp4', drmData: [] } as never, bytes()),
      ErrorCode.INVALID_ENTRY,
    ],
    ['assetDownloadFinished(null)', () => manager.assetDownloadFinished(null as never, bytes()), ErrorCode.INVALID_ENTRY],
    ['assetDownloadFinished(mp4, empty Blob)', () => manager.assetDownloadFinished(mp4Source(), new Blob([])), ErrorCode.INVALID_ARGUMENT],
    ["assetDownloadFinished(mp4, Blob, { assetId: '' })", () => manager.assetDownloadFinished(mp4Source(), bytes(), { assetId: '' }), ErrorCode.INVALID_ARGUMENT],
    ['assetDownloadFinished(mp4, Blob, { entry: {} })', () => manager.assetDownloadFinished(mp4Source(), bytes(), { entry: {} as never }), ErrorCode.INVALID_ENTRY],
    [
      'assetDownloadFinished(DRM mp4, Blob)',
      () => manager.assetDownloadFinished({ ...mp4Source(), drmData: [{ scheme: 'clearkey', licenseUri: `${location.origin}/license/clearkey` }] }, bytes()),
      ErrorCode.UNSUPPORTED_DRM,
    ],
  ];
  if (keep !== null) {
    checks.push([
      `assetDownloadFinished(mp4, Blob, { assetId: '${keep}' }) of a registered asset`,
      () => manager.assetDownloadFinished(mp4Source(), bytes(), { assetId: keep }),
      ErrorCode.INVALID_STATE,
    ]);
    checks.push([`moveToFront('${keep}') of an asset that is not queued`, () => manager.moveToFront(keep), ErrorCode.INVALID_STATE]);
  }
  for (const [name, call, code] of checks) {
    const error = await rejects(call());
    expect(error.code, `${name}: ${error.message}`).to.equal(code);
    expect(error.name).to.equal('OfflineError');
  }
  // None of the failed registrations left anything behind.
  const listed = (await manager.listAssets()).map((s) => s.assetId);
  expect(listed, JSON.stringify(listed)).to.deep.equal(keep === null ? [] : [keep]);
}

describe('LocalAssetsManager: bad input', () => {
  it('a store that is not a LocalDataStore is INVALID_ARGUMENT, thrown synchronously', () => {
    for (const bad of [{}, null, 'store', { save() {}, load() {} }]) {
      const error = throws(() => new LocalAssetsManager(bad as never));
      expect(error.code, JSON.stringify(bad)).to.equal(ErrorCode.INVALID_ARGUMENT);
    }
  });

  it('getAssetStatus of an unknown id resolves with state none, not registered', async () => {
    const manager = new LocalAssetsManager(newStore('status'));
    const status = await manager.getAssetStatus('unknown');
    expect(status).to.deep.include({ assetId: 'unknown', state: 'none', registered: false, size: 0, fraction: 0, entry: null, licence: null });
    expect(await manager.listAssets()).to.deep.equal([]);
  });

  it('every method with bad input rejects with its stable code, on an empty manager', async () => {
    const manager = new LocalAssetsManager(newStore('empty'));
    await badCalls(manager, null);
  });

  it('whenDownloaded with a bad id fails with INVALID_ARGUMENT', async () => {
    const manager = new LocalAssetsManager(newStore('when'));
    const error = await rejects(Promise.resolve().then(() => manager.whenDownloaded('')));
    expect(error.code).to.equal(ErrorCode.INVALID_ARGUMENT);
  });

  it('whenDownloaded with a bad id returns a rejected promise (no synchronous throw)', async () => {
    const manager = new LocalAssetsManager(newStore('when-sync'));
    let result: Promise<unknown> | null = null;
    let thrown: unknown = null;
    try {
      result = manager.whenDownloaded('');
    } catch (e) {
      thrown = e;
    }
    expect(thrown, 'no synchronous throw').to.equal(null);
    const error = await rejects(result!);
    expect(error.code).to.equal(ErrorCode.INVALID_ARGUMENT);
  });

  it('the broken entry: MANIFEST_ERROR listing every source it tried, nothing registered, nothing left in Shaka', async () => {
    const scope = newScope('broken');
    const manager = new LocalAssetsManager(newStore('broken'));
    const manifestsBefore = (await ShakaDb.listManifests()).length;
    const entry = await fixtureEntry('broken', scope);
    const error = await rejects(manager.prepareForDownload(entry));
    expect(error.code, error.message).to.equal(ErrorCode.MANIFEST_ERROR);
    const failures = error.details.failures as Array<{ sourceId: string; code: string; message: string }>;
    expect(failures.map((f) => f.sourceId)).to.deep.equal(['broken-missing-dash', 'broken-malformed-dash', 'broken-malformed-hls']);
    for (const f of failures) {
      expect(f.code, f.sourceId).to.equal(ErrorCode.MANIFEST_ERROR);
      expect(f.message, f.sourceId).to.be.a('string').and.not.empty;
      expect(error.message).to.contain(f.sourceId);
    }
    expect(failures[0].message).to.contain('HTTP 404');
    expect(error.details.rejected).to.deep.equal([]);
    expect((await manager.getAssetStatus('broken')).registered).to.be.false;
    expect((await ShakaDb.listManifests()).length, 'no plan left in Shaka').to.equal(manifestsBefore);
  });

  it('a completed download loses nothing to bad calls, a second download, or a duplicate registration', async () => {
    const scope = newScope('keep');
    const store = newStore('keep');
    const manager = new LocalAssetsManager(store);
    const entry = await fixtureEntry('clear-mp4', scope);
    const assetId = parseMediaEntry(entry).id;
    const done = await manager.download(entry);
    try {
      expect(done.state).to.equal('completed');
      expect(done.size).to.be.greaterThan(100_000);

      // A second prepared download of the same asset id.
      const again = await manager.prepareForDownload(entry);
      expect(again.assetId).to.equal(assetId);
      const second = await rejects(manager.startDownload(again));
      expect(second.code).to.equal(ErrorCode.INVALID_STATE);
      expect(second.details).to.deep.include({ assetId, state: 'completed' });
      // Wrong-state calls on the completed asset.
      expect((await rejects(manager.pauseDownload(assetId))).code).to.equal(ErrorCode.INVALID_STATE);
      expect((await rejects(manager.resumeDownload(assetId))).code).to.equal(ErrorCode.INVALID_STATE);
      // Every bad call again, with the completed asset in place.
      await badCalls(manager, assetId);

      const after = await manager.getAssetStatus(assetId);
      expect(after).to.deep.include({ state: 'completed', registered: true, size: done.size, bytesDownloaded: done.bytesDownloaded, downloadedAt: done.downloadedAt });
      expect(await manager.listAssets().then((all) => all.map((s) => s.assetId))).to.deep.equal([assetId]);

      // Still plays from the local copy: a blob: URL with every byte of the original.
      const local = await manager.createLocalMediaEntry(assetId);
      const url = local.sources[0].contentUrl;
      expect(url.startsWith('blob:'), url).to.be.true;
      const stored = await (await fetch(url)).arrayBuffer();
      expect(stored.byteLength).to.equal(after.size);
      const original = await (await fetch((entry.sources as Array<{ contentUrl: string }>)[0].contentUrl, { cache: 'no-store' })).arrayBuffer();
      expect(stored.byteLength).to.equal(original.byteLength);
      const digest = async (b: ArrayBuffer) => Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', b))).join(',');
      expect(await digest(stored)).to.equal(await digest(original));

      // And a new manager on the same store still finds it complete.
      const reopened = new LocalAssetsManager(store);
      expect(await reopened.getAssetStatus(assetId)).to.deep.include({ state: 'completed', size: done.size });
    } finally {
      const { bytesFreed } = await manager.removeAsset(assetId);
      expect(bytesFreed).to.equal(done.size);
    }
    expect((await manager.getAssetStatus(assetId)).registered).to.be.false;
    expect((await rejects(manager.createLocalMediaEntry(assetId))).code).to.equal(ErrorCode.ASSET_NOT_FOUND);
  });

  // Media of two stores never meet, even under the same asset id: input is
  // validated before anything is touched, and media keys carry the store's
  // namespace.
  it('bad or good input to a second manager (another store) leaves the first manager\'s file alone', async () => {
    const scope = newScope('cross');
    const first = new LocalAssetsManager(newStore('cross-a'));
    const second = new LocalAssetsManager(newStore('cross-b'));
    const entry = await fixtureEntry('clear-mp4', scope);
    const assetId = parseMediaEntry(entry).id;
    const done = await first.download(entry);
    try {
      const error = await rejects(second.assetDownloadFinished(mp4Source(), new Blob([]), { assetId }));
      expect(error.code).to.equal(ErrorCode.INVALID_ARGUMENT);
      const small = await second.assetDownloadFinished(mp4Source(), new Blob([new Uint8Array(1000)]), { assetId });
      expect(small.size).to.equal(1000);
      await second.removeAsset(assetId);
      const local = await first.createLocalMediaEntry(assetId);
      const stored = await (await fetch(local.sources[0].contentUrl)).arrayBuffer();
      expect(stored.byteLength).to.equal(done.size);
    } finally {
      await first.removeAsset(assetId);
    }
  });
});
