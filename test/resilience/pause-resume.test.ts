// Pause and resume without downloading again what was stored: DASH at
// segment granularity, MP4 with Range requests. Measured in the server's own
// request log.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { sha256, storedVersusFixtures } from '../support/integrity.js';
import { fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { progressReaches, refetched, waitForAssetState } from './helpers.js';

const PARALLEL = 4;

function manager(label: string): LocalAssetsManager {
  return new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${label}` }), { parallelDownloads: PARALLEL });
}

describe('pause and resume', () => {
  it('DASH: pause at about half, resume; only the requests in flight at the pause are fetched again', async () => {
    const scope = newScope('pause-dash');
    const entry = await fixtureEntry('clear-dash', scope);
    const m = manager(scope);
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 40, bytesPerSecond: 120_000 }]);
    const prepared = await m.prepareForDownload(entry);
    await m.startDownload(prepared);
    await progressReaches(m, 'clear-dash', 0.5);
    const paused = await m.pauseDownload('clear-dash');
    expect(paused.state).to.equal('paused');
    expect(paused.reason).to.equal('user');
    expect(paused.fraction).to.be.within(0.45, 0.95);
    const atPause = (await serverState(scope)).log.length;
    await new Promise((r) => setTimeout(r, 500));
    expect((await serverState(scope)).log.length, 'nothing moves while paused').to.equal(atPause);

    await setFaults(scope, []);
    await m.resumeDownload('clear-dash');
    const done = await m.whenDownloaded('clear-dash');
    try {
      const again = await refetched(scope);
      console.log(`DASH pause/resume: ${again.resources.length} resources fetched twice, ${again.bytes} bytes re-downloaded of ${done.size}`);
      expect(again.resources.length, again.resources.join(', ')).to.be.at.most(PARALLEL);
      const { stored, expected } = await storedVersusFixtures('clear-dash', ['media/clear/dash/video-360/', 'media/clear/dash/audio-en/', 'media/clear/dash/audio-fr/', 'media/clear/dash/text-en/']);
      expect(stored).to.deep.equal(expected);
      const local = await m.createLocalMediaEntry('clear-dash');
      await withNetworkCut(() => playsFor(local));
    } finally {
      await m.removeAsset('clear-dash');
    }
  });

  it('MP4: pause in the middle of the file, resume with a Range request for the rest', async () => {
    const scope = newScope('pause-mp4');
    const entry = await fixtureEntry('clear-mp4', scope);
    const m = manager(scope);
    await setFaults(scope, [{ match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 250_000 }]);
    await m.startDownload(await m.prepareForDownload(entry));
    await progressReaches(m, 'clear-mp4', 0.4);
    const paused = await m.pauseDownload('clear-mp4');
    expect(paused.state).to.equal('paused');
    const kept = paused.bytesDownloaded;
    expect(kept).to.be.greaterThan(0);
    await setFaults(scope, []);
    await m.resumeDownload('clear-mp4');
    const done = await m.whenDownloaded('clear-mp4');
    try {
      const gets = (await serverState(scope)).log.filter((e) => e.method === 'GET' && e.path.endsWith('video.mp4'));
      expect(gets).to.have.length(2);
      expect(gets[1].range).to.equal(`bytes=${kept}-`);
      const reDownloaded = gets[0].bytes - kept;
      console.log(`MP4 pause/resume: ${reDownloaded} bytes re-downloaded of ${done.size}`);
      expect(reDownloaded, 'bytes received before the pause were kept').to.be.at.most(64 * 1024);
      const local = await m.createLocalMediaEntry('clear-mp4');
      const served = await (await fetch(entry.sources[0].contentUrl, { cache: 'no-store' })).arrayBuffer();
      expect(await sha256(await (await fetch(local.sources[0].contentUrl)).blob())).to.equal(await sha256(served));
      await withNetworkCut(() => playsFor(local));
    } finally {
      await m.removeAsset('clear-mp4');
    }
  });

  it('pausing something not in progress, or resuming something complete, is a typed error', async () => {
    const scope = newScope('pause-states');
    const m = manager(scope);
    await m.download(await fixtureEntry('clear-mp4', scope));
    try {
      for (const call of [() => m.pauseDownload('clear-mp4'), () => m.resumeDownload('clear-mp4')]) {
        let code = '';
        await call().catch((e) => (code = e.code));
        expect(code).to.equal('INVALID_STATE');
      }
      await waitForAssetState(m, 'clear-mp4', 'completed');
    } finally {
      await m.removeAsset('clear-mp4');
    }
  });
});
