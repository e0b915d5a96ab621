// downloadOn: 'unmetered': on a metered network (cellular, data saver)
// downloads pause with reason `metered` and resume by themselves on the
// connection's `change` when it is not; queued ones stay queued. Chromium:
// the connection is emulated through the DevTools Protocol (its type and
// `change` event are the browser's own). Firefox has no navigator.connection:
// the rule cannot be checked there, so downloads wait (the documented, safe
// behaviour) while 'any' downloads as always.
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { cdp, engine } from '../support/browser.js';
import { newScope, serverState } from '../support/media.js';
import { waitForAssetState } from '../resilience/helpers.js';
import { connection, emulate, followStates, queueEntries, throttle, unthrottle } from './helpers.js';

const segmentRequests = async (scope: string) => (await serverState(scope)).log.filter((e) => /\.m4s$/.test(e.path)).length;

describe('downloadOn', () => {
  it('rejects what is not a rule (a typed error)', () => {
    let code = '';
    try {
      new LocalAssetsManager(undefined, { downloadOn: 'cheap' as 'any' });
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).to.equal('INVALID_ARGUMENT');
  });

  describe('in Chromium (emulated connection)', () => {
    before(async function () {
      if ((await engine()).protocol !== 'cdp') this.skip();
    });
    after(async () => {
      // Back to the browser's own network (no emulation).
      if ((await engine()).protocol === 'cdp') await cdp('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    });

    it('the DevTools emulation drives navigator.connection.type and fires change', async () => {
      const changes: string[] = [];
      const on = () => changes.push(String(connection()?.type));
      connection()!.addEventListener('change', on);
      await emulate('cellular3g');
      await emulate('wifi');
      connection()!.removeEventListener('change', on);
      expect(changes).to.include.members(['cellular', 'wifi']);
    });

    it('on cellular a download waits (paused, metered: nothing fetched), and starts by itself on Wi-Fi', async () => {
      const scope = newScope('metered-start');
      const [entry] = await queueEntries(scope, 1);
      await emulate('cellular3g');
      const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { downloadOn: 'unmetered' });
      const prepared = await m.prepareForDownload(entry);
      const planned = await segmentRequests(`${scope}-0`); // the size estimate samples a few
      const status = await m.startDownload(prepared);
      expect([status.state, status.reason]).to.deep.equal(['paused', 'metered']);
      expect(await segmentRequests(`${scope}-0`), 'no segment fetched on a metered network').to.equal(planned);
      const resumed = await m.resumeDownload('q0');
      expect([resumed.state, resumed.reason], 'resuming by hand waits too').to.deep.equal(['paused', 'metered']);
      await emulate('wifi');
      expect((await m.whenDownloaded('q0')).state).to.equal('completed');
      await m.removeAsset('q0');
    });

    it('a running download pauses (metered) when the network turns cellular, the queued one stays queued; on Wi-Fi the paused one goes first', async () => {
      const scope = newScope('metered-running');
      const entries = await queueEntries(scope, 2);
      await throttle(scope, 2, 20_000);
      const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { downloadOn: 'unmetered', maxConcurrentDownloads: 1 });
      const seen = followStates(m);
      for (const entry of entries) await m.startDownload(await m.prepareForDownload(entry));
      await waitUntil(async () => (await m.getAssetStatus('q0')).bytesDownloaded > 0, 'q0 moves bytes');
      await emulate('cellular3g');
      await waitForAssetState(m, 'q0', 'paused', 10000);
      expect((await m.getAssetStatus('q0')).reason).to.equal('metered');
      const q1 = await m.getAssetStatus('q1');
      expect([q1.state, q1.queuePosition], 'the queued one stays queued').to.deep.equal(['queued', 1]);
      const before = await segmentRequests(`${scope}-0`);
      await unthrottle(scope, 2);
      await emulate('wifi');
      await Promise.all(entries.map((e) => m.whenDownloaded(e.id)));
      expect(await segmentRequests(`${scope}-0`)).to.be.greaterThan(before);
      expect(seen.events).to.include('q0:paused');
      expect(seen.started, 'the paused one resumed first, then the queue').to.deep.equal(['q0', 'q0', 'q1']);
      await Promise.all(entries.map((e) => m.removeAsset(e.id)));
    });

    it('data saver counts as metered, on Wi-Fi too', async () => {
      const scope = newScope('metered-save-data');
      const [entry] = await queueEntries(scope, 1);
      await emulate('wifi');
      await cdp('Emulation.setDataSaverOverride', { dataSaverEnabled: true });
      try {
        await waitUntil(() => connection()?.saveData === true, 'navigator.connection.saveData');
        const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { downloadOn: 'unmetered' });
        const status = await m.startDownload(await m.prepareForDownload(entry));
        expect([status.state, status.reason]).to.deep.equal(['paused', 'metered']);
        await m.removeAsset('q0');
      } finally {
        await cdp('Emulation.setDataSaverOverride', {});
      }
    });

    it("'any' (the default) downloads on cellular", async () => {
      const scope = newScope('metered-any');
      const [entry] = await queueEntries(scope, 1);
      await emulate('cellular3g');
      const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
      expect((await m.download(entry)).state).to.equal('completed');
      await m.removeAsset('q0');
    });
  });

  describe('where navigator.connection is missing (Firefox)', () => {
    before(function () {
      if (connection()) this.skip();
    });

    it("'unmetered' cannot be checked: downloads wait (paused, metered); 'any' downloads", async () => {
      const scope = newScope('metered-unknown');
      const [entry] = await queueEntries(scope, 1);
      const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { downloadOn: 'unmetered' });
      const prepared = await m.prepareForDownload(entry);
      const planned = await segmentRequests(`${scope}-0`);
      const status = await m.startDownload(prepared);
      expect([status.state, status.reason]).to.deep.equal(['paused', 'metered']);
      expect(await segmentRequests(`${scope}-0`)).to.equal(planned);
      await m.removeAsset('q0');
      const any = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}-any` }));
      expect((await any.download(entry)).state).to.equal('completed');
      await any.removeAsset('q0');
    });
  });
});
