// Licences as browsers ship them: the app's licence request adapter sees
// every licence and key request (the player's streaming included), and
// licenceMode 'online' stores DRM media with no licence, asking the licence
// server each time the asset plays, online only. The licence server requires
// a token that only the adapter adds; the token is stored nowhere.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/offline-player/offline-player.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import { LocalAssetsManager, type LicenceRequest, type LocalDataStore } from '../../src/index.js';
import { ShakaDb } from '../../src/service/databases/shaka-db.js';
import { cutNetwork, restoreNetwork } from '../support/browser.js';
import { rejects } from '../support/errors.js';
import { configureLicense, fixtureEntry, newScope, serverState, startPlayback, waitForPlayback } from '../support/media.js';

const TOKEN = 'token-that-must-not-be-kept';

class AppStore implements LocalDataStore {
  readonly data = new Map<string, Uint8Array>();
  readonly written: string[] = [];
  async save(key: string, value: Uint8Array) {
    this.data.set(key, value.slice());
    this.written.push(new TextDecoder().decode(value));
  }
  async load(key: string) {
    return this.data.get(key)?.slice() ?? null;
  }
  async remove(key: string) {
    this.data.delete(key);
  }
}

function setUp(options: { licenceMode?: 'online' } = {}) {
  const store = new AppStore();
  const seen: Array<Pick<LicenceRequest, 'purpose' | 'scheme' | 'assetId'>> = [];
  const manager = new LocalAssetsManager(store, {
    ...options,
    licenceRequestAdapter: ({ purpose, scheme, assetId, ...request }) => {
      seen.push({ purpose, scheme, assetId });
      return { ...request, purpose, scheme, assetId, headers: { ...request.headers, Authorization: `Bearer ${TOKEN}` } };
    },
  });
  return { store, seen, manager };
}

/** A player on the page for `entry`; resolves once it loaded a source (local or not) and playback advanced. */
async function play(manager: LocalAssetsManager, entry: unknown): Promise<{ player: OfflinePlayerElement; local: boolean }> {
  const player = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
  const loaded = oneEvent(player, 'source-change');
  const failed = oneEvent(player, 'player-error').then((e) => {
    throw e.detail.error;
  });
  player.entry = entry as OfflinePlayerElement['entry'];
  const { detail } = await Promise.race([loaded, failed]);
  startPlayback(player.video);
  await waitForPlayback(player.video, 1);
  return { player, local: detail.local };
}

async function storedNowhere(store: AppStore): Promise<void> {
  expect(store.written.some((text) => text.includes(TOKEN)), 'not in the LocalDataStore').to.be.false;
  const manifests = await ShakaDb.listManifests();
  expect(manifests.some(({ manifest }) => JSON.stringify(manifest).includes(TOKEN)), 'not in Shaka’s database').to.be.false;
}

describe('the licence request adapter and licenceMode', () => {
  it('<offline-player> streams online, the asset downloads and renews, all through the adapter (without it, the token-protected server refuses)', async () => {
    const scope = newScope('stream-token');
    await configureLicense(scope, { requiredToken: TOKEN });
    const entry = await fixtureEntry('clearkey-dash', scope);
    const { manager, seen, store } = setUp();
    const { player, local } = await play(manager, entry);
    expect(local).to.be.false;
    expect(seen.length).to.be.at.least(1);
    expect(seen.every((r) => r.purpose === 'play' && r.scheme === 'clearkey' && r.assetId === 'clearkey-dash'), JSON.stringify(seen)).to.be.true;
    const switched = oneEvent(player, 'source-change');
    const status = await manager.download(entry);
    try {
      expect((await switched).detail.local, 'the player moves to the downloaded copy').to.be.true;
      await manager.renewAsset(status.assetId);
      expect(seen.map((r) => r.purpose).filter((p) => p !== 'play')).to.deep.equal(['acquire', 'renew']);
      const { license } = await serverState(scope);
      expect(license.stats.refused).to.equal(0);
      expect(license.stats.tokens.length, 'every licence request carried the token').to.equal(license.stats.requests);
      expect(license.stats.requests).to.equal(seen.length);
      await storedNowhere(store);
    } finally {
      await manager.removeAsset(status.assetId);
    }

    // The same page without an adapter: Shaka's licence request gets a 401, and the player says so.
    const bare = new LocalAssetsManager(new AppStore());
    const refused = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${bare}></offline-player>`);
    setTimeout(() => (refused.entry = entry));
    const { detail } = await oneEvent(refused, 'player-error');
    expect(detail.error.code).to.equal('PLAYBACK_ERROR');
    expect(detail.error.message).to.match(/6007|licen/i);
  });

  it('HLS AES-128 keys go through the adapter: streaming, and downloading (the key is never stored)', async () => {
    const scope = newScope('aes-token');
    await configureLicense(scope, { requiredToken: TOKEN });
    const entry = await fixtureEntry('hls-aes128', scope);
    const { manager, seen, store } = setUp();
    await play(manager, entry);
    expect(seen.length).to.be.at.least(1);
    expect(seen.every((r) => r.scheme === 'aes-128' && r.purpose === 'play'), JSON.stringify(seen)).to.be.true;
    seen.length = 0;
    const status = await manager.download(entry);
    try {
      expect(seen.map((r) => `${r.purpose} ${r.scheme}`)).to.include('acquire aes-128');
      expect(new Set(seen.map((r) => r.scheme))).to.deep.equal(new Set(['aes-128']));
      const { license } = await serverState(scope);
      expect(license.stats.refused, 'every key request carried the token').to.equal(0);
      expect(status.licence, 'AES-128 keeps no licence').to.equal(null);
      await storedNowhere(store);
      const keys = ['6bbbb2ca419d96c69302811345c1585e', '6e4b9a9f5e82d49735c2a1585a8aa71d'];
      const everything = [...store.written, ...(await ShakaDb.listManifests()).map(({ manifest }) => JSON.stringify(manifest))].join('\n');
      expect(keys.some((k) => everything.includes(k)), 'no AES key is stored').to.be.false;
    } finally {
      await manager.removeAsset(status.assetId);
    }
  });

  it("licenceMode 'online': stored with no licence; every play asks for one with the token; offline it is refused up front (LICENSE_REQUIRES_NETWORK)", async () => {
    const scope = newScope('online-licence');
    await configureLicense(scope, { requiredToken: TOKEN });
    const entry = await fixtureEntry('clearkey-dash', scope);
    const { manager, seen, store } = setUp({ licenceMode: 'online' });
    const choice = await manager.getPreferredDownloadableMediaSource(entry);
    expect(choice.licenceMode).to.equal('online');
    const status = await manager.download(entry);
    try {
      expect(status.licenceMode).to.equal('online');
      expect(status.licence, 'no licence kept').to.equal(null);
      expect((await serverState(scope)).license.stats.requests, 'no licence requested while downloading').to.equal(0);

      for (const round of [1, 2]) {
        const { player, local } = await play(manager, entry);
        expect(local, `round ${round}: the stored copy`).to.be.true;
        expect(player.currentSource?.contentUrl).to.match(/^offline:/);
        expect((await serverState(scope)).license.stats.requests, `round ${round}: one licence per play`).to.equal(round);
        player.remove();
      }
      expect(seen.map((r) => `${r.purpose} ${r.scheme}`)).to.deep.equal(['play clearkey', 'play clearkey']);
      const { license } = await serverState(scope);
      expect(license.stats.tokens.filter((t) => t === TOKEN).length).to.equal(2);
      await storedNowhere(store);
      expect((await rejects(manager.renewAsset(status.assetId))).message).to.match(/keeps no licence/);

      await cutNetwork();
      try {
        const refused = await rejects(manager.createLocalMediaEntry(status.assetId));
        expect(refused.code).to.equal('LICENSE_REQUIRES_NETWORK');
        const player = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
        setTimeout(() => (player.entry = entry));
        const { detail } = await oneEvent(player, 'player-error');
        expect(detail.error.code).to.equal('LICENSE_REQUIRES_NETWORK');
        await waitUntil(() => player.shadowRoot!.querySelector('[part=message]')!.textContent!.includes('needs the network'), 'the message is shown');
        expect(player.local).to.be.false;
      } finally {
        await restoreNetwork();
      }
      expect((await serverState(scope)).license.stats.requests, 'nothing asked while offline').to.equal(2);
    } finally {
      await manager.removeAsset(status.assetId);
    }
  });

  it("per asset: prepareForDownload's licenceMode overrides the manager's, and the record keeps it", async () => {
    const scope = newScope('online-licence-asset');
    const entry = await fixtureEntry('clearkey-dash', scope);
    const { manager } = setUp();
    const prepared = await manager.prepareForDownload(entry, { licenceMode: 'online', assetId: 'online-one' });
    expect(prepared.drm?.licenceMode).to.equal('online');
    await manager.startDownload(prepared);
    const done = await manager.whenDownloaded('online-one');
    try {
      expect(done.licenceMode).to.equal('online');
      const again = new LocalAssetsManager(manager.store);
      expect((await again.getAssetStatus('online-one')).licenceMode, 'read back from the store').to.equal('online');
      const local = await again.createLocalMediaEntry('online-one');
      expect(local.sources[0].drmData.map((d) => [d.scheme, d.licenseUri, d.clearKeys])).to.deep.equal([['clearkey', entry.sources[0].drmData[0].licenseUri, undefined]]);
      expect((await rejects(manager.prepareForDownload(entry, { licenceMode: 'sometimes' as 'online' }))).code).to.equal('INVALID_ARGUMENT');
    } finally {
      await manager.removeAsset('online-one');
    }
  });
});
