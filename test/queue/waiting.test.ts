// What waiting means to a caller: download() resolves once the asset is
// stored even when it had to wait in the queue; a download waiting for an
// unmetered network that the person pauses waits for them, not for Wi-Fi.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { cdp, engine } from '../support/browser.js';
import { newScope, setFaults } from '../support/media.js';
import { emulate, followStates, queueEntries } from './helpers.js';

describe('waiting', () => {
  it('download() beyond the limit waits in the queue and resolves once the asset is stored', async () => {
    const scope = newScope('wait-download');
    const entries = await queueEntries(scope, 2);
    await setFaults(`${scope}-0`, [{ match: '\\.(m4s|vtt)$', latencyMs: 20, bytesPerSecond: 100_000 }]);
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { maxConcurrentDownloads: 1 });
    const seen = followStates(m);
    await m.startDownload(await m.prepareForDownload(entries[0]));
    const done = await m.download(entries[1]);
    expect(done.state).to.equal('completed');
    expect(seen.events, 'it was queued first').to.include('q1:queued#1');
    expect(seen.started).to.deep.equal(['q0', 'q1']);
    for (const e of entries) await m.removeAsset(e.id);
  });

  it('a download waiting for Wi-Fi that the person pauses waits for them (reason user), not for the network', async function () {
    if ((await engine()).protocol !== 'cdp') this.skip();
    const scope = newScope('wait-metered-pause');
    const entries = await queueEntries(scope, 2);
    await emulate('cellular3g');
    try {
      const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { downloadOn: 'unmetered' });
      for (const entry of entries) expect((await m.startDownload(await m.prepareForDownload(entry))).reason).to.equal('metered');
      const paused = await m.pauseDownload('q0');
      expect([paused.state, paused.reason]).to.deep.equal(['paused', 'user']);
      await emulate('wifi');
      // q1, still waiting for Wi-Fi, goes on by itself; q0 waits for the person.
      expect((await m.whenDownloaded('q1')).state).to.equal('completed');
      expect((await m.getAssetStatus('q0')).reason).to.equal('user');
      await m.resumeDownload('q0');
      expect((await m.whenDownloaded('q0')).state).to.equal('completed');
      for (const e of entries) await m.removeAsset(e.id);
    } finally {
      await cdp('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
  });
});
