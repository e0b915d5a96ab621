// Downloads that survive: a page closed mid-download, the network lost
// mid-download, a flaky server. Nothing shows as completed unless every byte
// is stored, and what is stored is exactly what the server sent.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { cutNetwork, restoreNetwork, withNetworkCut } from '../support/browser.js';
import { openFrame } from '../support/frames.js';
import { storedManifest, storedVersusFixtures } from '../support/integrity.js';
import { fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { progressReaches, refetched, waitForAssetState } from './helpers.js';

const DASH_FOLDERS = ['media/clear/dash/video-360/', 'media/clear/dash/audio-en/', 'media/clear/dash/audio-fr/', 'media/clear/dash/text-en/'];

describe('a page closed mid-download', () => {
  for (const autoResume of [false, true]) {
    it(`is found paused (interrupted) with its true progress, and ${autoResume ? 'resumes by itself' : 'resume finishes it'}`, async () => {
      const scope = newScope(`interrupted-${autoResume}`);
      const entry = await fixtureEntry('clear-dash', scope);
      const name = `test-interrupted-${scope}`;
      await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 60, bytesPerSecond: 150_000 }]);
      const page = await openFrame();
      const first = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }));
      await first.startDownload(await first.prepareForDownload(entry));
      await progressReaches(first as unknown as LocalAssetsManager, 'clear-dash', 0.4);
      page.remove(); // the page goes away: its scripts stop mid-download
      const logAtClose = (await serverState(scope)).log.length;
      await setFaults(scope, []);

      const second = new LocalAssetsManager(new DefaultLocalDataStore({ name }), { autoResume });
      if (!autoResume) {
        const status = await second.getAssetStatus('clear-dash');
        expect(status.state).to.equal('paused');
        expect(status.reason).to.equal('interrupted');
        const { manifest } = await storedManifest('clear-dash');
        expect(status.bytesDownloaded, 'the true progress: what is stored').to.equal(manifest.size);
        expect(manifest.size).to.be.greaterThan(0);
        expect(manifest.isIncomplete).to.be.true;
        expect(status.fraction).to.be.within(0.2, 0.99);
        // Not a local copy yet: it plays while paused from what is stored and the network (play-while-downloading.test.ts).
        const partial = await second.createLocalMediaEntry('clear-dash');
        expect(partial.sources[0].contentUrl).to.match(/^offline-stream:/);
        await second.resumeDownload('clear-dash');
      }
      const done = await second.whenDownloaded('clear-dash');
      try {
        expect(done.state).to.equal('completed');
        const again = await refetched(scope);
        console.log(`interrupted page (autoResume ${autoResume}): ${again.resources.length} resources fetched twice, ${again.bytes} bytes re-downloaded of ${done.size}; ${logAtClose} requests before the close`);
        expect(again.resources.length).to.be.at.most(8);
        const { stored, expected } = await storedVersusFixtures('clear-dash', DASH_FOLDERS);
        expect(stored).to.deep.equal(expected);
        const local = await second.createLocalMediaEntry('clear-dash');
        await withNetworkCut(() => playsFor(local));
      } finally {
        await second.removeAsset('clear-dash');
      }
    });
  }
});

describe('the network lost mid-download', () => {
  it('pauses it (reason network), not fails it, and it completes by itself when the network is back', async () => {
    const scope = newScope('network');
    const entry = await fixtureEntry('clearkey-dash', scope);
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
    const states: string[] = [];
    m.addEventListener('download-state-change', (e) => states.push(`${(e as CustomEvent).detail.state}:${(e as CustomEvent).detail.reason}`));
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 80, bytesPerSecond: 150_000 }]);
    await m.startDownload(await m.prepareForDownload(entry));
    await progressReaches(m, 'clearkey-dash', 0.3);
    await cutNetwork();
    try {
      await waitForAssetState(m, 'clearkey-dash', 'paused', 10000);
      const status = await m.getAssetStatus('clearkey-dash');
      expect(status.reason).to.equal('network');
      expect(status.error).to.equal(null);
    } finally {
      await restoreNetwork();
    }
    await setFaults(scope, []);
    const done = await m.whenDownloaded('clearkey-dash');
    try {
      expect(states).to.include('paused:network');
      expect(states.at(-1)).to.equal('completed:null');
      const again = await refetched(scope);
      console.log(`network loss: ${again.resources.length} resources fetched twice, ${again.bytes} bytes re-downloaded of ${done.size}`);
      const local = await m.createLocalMediaEntry('clearkey-dash');
      await withNetworkCut(() => playsFor(local));
    } finally {
      await m.removeAsset('clearkey-dash');
    }
  });
});

describe('a flaky server', () => {
  it('10 % of segment requests failing and some connections cut mid-body: completes with retries, byte for byte', async () => {
    const scope = newScope('flaky');
    const entry = await fixtureEntry('clear-dash', scope);
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { retry: { baseDelayMs: 50, maxDelayMs: 400 } });
    await setFaults(scope, [
      { match: '\\.(m4s|vtt)$', rate: 0.1, seed: 11, status: 503 },
      { match: '\\.m4s$', rate: 0.08, seed: 5, dropAtFraction: 0.5 },
    ]);
    const done = await m.download(entry);
    try {
      const { log, rules } = await serverState(scope);
      const failed = log.filter((e) => e.status === 503).length;
      const dropped = log.filter((e) => e.dropped).length;
      console.log(`flaky server: ${failed} HTTP 503 and ${dropped} cut connections, all retried`);
      expect(failed, 'errors were injected').to.be.greaterThan(0);
      expect(dropped, 'connections were cut').to.be.greaterThan(0);
      expect(rules.length).to.equal(2);
      expect(done.state).to.equal('completed');
      const { stored, expected } = await storedVersusFixtures('clear-dash', DASH_FOLDERS);
      expect(stored).to.deep.equal(expected);
    } finally {
      await m.removeAsset('clear-dash');
    }
  });

  it('a permanent error fails the download with a typed error and keeps what was stored for a resume', async () => {
    const scope = newScope('permanent');
    const entry = await fixtureEntry('clear-dash', scope);
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
    await setFaults(scope, [{ match: 'video-360/7\\.m4s$', status: 404 }]);
    await m.startDownload(await m.prepareForDownload(entry));
    let error: { code?: string; details?: Record<string, unknown> } = {};
    await m.whenDownloaded('clear-dash').catch((e) => (error = e));
    expect(error.code).to.equal('NETWORK_ERROR');
    const failed = await m.getAssetStatus('clear-dash');
    expect(failed.state).to.equal('failed');
    expect(failed.error?.code).to.equal('NETWORK_ERROR');
    expect(failed.error?.message).to.contain('404');
    const { manifest } = await storedManifest('clear-dash');
    expect(manifest.size, 'what was stored is kept').to.be.greaterThan(0);
    await setFaults(scope, []);
    await m.resumeDownload('clear-dash');
    const done = await m.whenDownloaded('clear-dash');
    try {
      expect(done.state).to.equal('completed');
      const { manifest } = await storedManifest('clear-dash');
      expect(manifest.isIncomplete).to.be.false;
      expect(manifest.size).to.equal(done.size);
    } finally {
      await m.removeAsset('clear-dash');
    }
  });
});
