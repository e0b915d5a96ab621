// Licences for real: the project's license server issues them with a
// duration and can require a token. Expiry is recorded and counted down,
// an expired asset is refused up front (LICENSE_EXPIRED) and renewAsset makes
// it playable offline again; the app's licence request adapter adds the token,
// which is never stored.
import { expect, fixture, html, oneEvent, waitUntil, elementUpdated } from '@open-wc/testing';
import '../../src/elements/offline-player/offline-player.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import { LocalAssetsManager, type LicenceRequest, type LocalDataStore, type MediaEntry } from '../../src/index.js';
import { cutNetwork, restoreNetwork, withNetworkCut } from '../support/browser.js';
import { configureLicense, fixtureEntry, newScope, serverState } from '../support/media.js';
import { playsFor } from '../support/play.js';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function rejects(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    return e as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a rejection');
}

describe('licence lifecycle', () => {
  it('a short licence counts down, expires (LICENSE_EXPIRED up front, in the player too), and renewal with a token makes it play offline again', async () => {
    const scope = newScope('licence');
    const entry = await fixtureEntry('clearkey-dash', scope);
    await configureLicense(scope, { durationSeconds: 4, requiredToken: 'secret-token' });
    const store = new AppStore();
    const requests: LicenceRequest[] = [];
    const manager = new LocalAssetsManager(store, {
      licenceRequestAdapter: (request) => {
        requests.push({ ...request, body: null });
        return { ...request, headers: { ...request.headers, Authorization: 'Bearer secret-token' } };
      },
    });
    const status = await manager.download(entry);
    try {
      const first = status.licence!;
      expect(first.scheme).to.equal('clearkey');
      expect(first.expiresAt).to.be.within(Date.now() + 1000, Date.now() + 4000);
      expect(first.remainingSeconds).to.be.within(1, 4);
      expect(first.expired).to.be.false;
      await sleep(1200);
      const later = (await manager.getAssetStatus(status.assetId)).licence!;
      expect(later.remainingSeconds, 'counting down').to.be.below(first.remainingSeconds!);

      await waitUntil(async () => (await manager.getAssetStatus(status.assetId)).licence!.expired, 'expired', { timeout: 6000 });
      const refused = await rejects(manager.createLocalMediaEntry(status.assetId));
      expect(refused.code).to.equal('LICENSE_EXPIRED');
      expect(refused.message).to.match(/renew it online/);

      // The player refuses it up front, visibly and accessibly.
      const player = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
      setTimeout(() => (player.entry = entry));
      const { detail } = await oneEvent(player, 'player-error');
      expect(detail.error.code).to.equal('LICENSE_EXPIRED');
      await elementUpdated(player);
      const message = player.shadowRoot!.querySelector('[part=message]')!;
      expect(message.getAttribute('role')).to.equal('alert');
      expect(message.textContent).to.contain('expired');
      await expect(player).to.be.accessible();

      // Offline, renewal is refused with a clear error; online it works.
      await cutNetwork();
      try {
        expect((await rejects(manager.renewAsset(status.assetId))).code).to.equal('NETWORK_ERROR');
      } finally {
        await restoreNetwork();
      }
      await configureLicense(scope, { durationSeconds: 60, requiredToken: 'secret-token' });
      const switched = oneEvent(player, 'source-change');
      const renewed = await manager.renewAsset(status.assetId);
      expect(renewed.licence!.expired).to.be.false;
      expect(renewed.licence!.remainingSeconds).to.be.within(50, 60);
      expect((await switched).detail.local, 'the player picked up the renewed asset').to.be.true;
      const local = await manager.createLocalMediaEntry(status.assetId);
      await withNetworkCut(() => playsFor(local));

      const { license } = await serverState(scope);
      expect(license.stats.requests, 'download + renewal').to.equal(2);
      expect(license.stats.tokens.filter((t) => t === 'secret-token').length).to.equal(2);
      expect(requests.map((r) => r.purpose)).to.deep.equal(['acquire', 'renew']);
      expect(store.written.some((text) => text.includes('secret-token')), 'the token is never stored').to.be.false;
    } finally {
      await manager.removeAsset(status.assetId);
    }
  });

  it('without the token the licence server refuses, and nothing is kept', async () => {
    const scope = newScope('licence-token');
    await configureLicense(scope, { requiredToken: 'secret-token' });
    const store = new AppStore();
    const manager = new LocalAssetsManager(store);
    const error = await rejects(manager.download(await fixtureEntry('clearkey-dash', scope)));
    expect(error.code).to.equal('LICENSE_REQUEST_FAILED');
    expect(error.message).to.contain('401');
    const status = await manager.getAssetStatus('clearkey-dash');
    expect(status.state).to.equal('failed');
    expect(status.error?.code).to.equal('LICENSE_REQUEST_FAILED');
    const { log } = await serverState(scope);
    expect(log.filter((e) => e.method === 'GET' && /\d+\.m4s$/.test(e.path)), 'no media downloaded without a licence').to.deep.equal([]);
    await manager.removeAsset('clearkey-dash');
    expect([...store.data.keys()].filter((k) => k.includes('clearkey-dash'))).to.deep.equal([]);
  });

  it('expiry comes from the licence response, else from the entry’s DRM params', async () => {
    const scope = newScope('licence-params');
    const entry: MediaEntry = await fixtureEntry('clearkey-dash', scope);
    entry.sources[0].drmData[0].licenseDurationSeconds = 3600;
    const manager = new LocalAssetsManager(new AppStore());
    const status = await manager.download(entry);
    try {
      expect(status.licence!.expiresAt).to.be.within(Date.now() + 3590_000, Date.now() + 3600_000);
      await configureLicense(scope, { durationSeconds: 120 });
      const renewed = await manager.renewAsset(status.assetId);
      expect(renewed.licence!.expiresAt, 'the response wins over the params').to.be.within(Date.now() + 110_000, Date.now() + 120_000);
      expect((await rejects(manager.renewAsset('nope'))).code).to.equal('ASSET_NOT_FOUND');
    } finally {
      await manager.removeAsset(status.assetId);
    }
    const clear = new LocalAssetsManager(new AppStore());
    const mp4 = await clear.download(await fixtureEntry('clear-mp4', scope));
    expect(mp4.licence).to.equal(null);
    expect((await rejects(clear.renewAsset(mp4.assetId))).code).to.equal('INVALID_STATE');
    await clear.removeAsset(mp4.assetId);
  });

  it('auto-renewal renews a licence near its expiry while online', async () => {
    const scope = newScope('licence-auto');
    await configureLicense(scope, { durationSeconds: 30 });
    const store = new AppStore();
    const first = new LocalAssetsManager(store);
    const status = await first.download(await fixtureEntry('clearkey-dash', scope));
    const before = status.licence!.expiresAt!;
    await configureLicense(scope, { durationSeconds: 600 });
    // Within 60 s of expiry: a manager with auto-renewal renews it at once.
    const second = new LocalAssetsManager(store, { autoRenew: { beforeExpirySeconds: 60 } });
    try {
      await waitUntil(async () => ((await second.getAssetStatus(status.assetId)).licence!.expiresAt ?? 0) > before + 60_000, 'renewed', { timeout: 10000 });
      expect((await serverState(scope)).license.stats.requests).to.equal(2);
    } finally {
      await second.destroy();
      await second.removeAsset(status.assetId);
    }
  });
});

describe('licence renewal while playing', () => {
  it('a licence renewed while the local copy plays moves the stop to the new expiry', async () => {
    const scope = newScope('licence-playing');
    const entry = await fixtureEntry('clearkey-dash', scope);
    await configureLicense(scope, { durationSeconds: 3 });
    const manager = new LocalAssetsManager(new AppStore());
    const status = await manager.download(entry);
    try {
      const player = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
      setTimeout(() => (player.entry = entry));
      expect((await oneEvent(player, 'source-change')).detail.local).to.be.true;
      await configureLicense(scope, { durationSeconds: 600 });
      await manager.renewAsset(status.assetId);
      const errors: string[] = [];
      player.addEventListener('player-error', (e) => errors.push((e as CustomEvent).detail.error.code));
      await sleep(3500);
      expect(errors, 'not stopped at the old expiry').to.deep.equal([]);
      expect(player.local).to.be.true;
    } finally {
      await manager.removeAsset(status.assetId);
    }
  });
});
