// The smoke subset every engine runs, including one driven over WebDriver
// classic (WebKitGTK), where the runner can neither cut the browser's network
// nor set quotas: download the clear fixtures, then play the stored copy while
// the media server refuses every request of the test's scope, and check that
// none reached it. (Where the browser's own network cut exists, the suite's
// other files use it; this one proves offline playback from the server's side.)
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager } from '../../src/index.js';
import { type FixtureName, fixtureEntry, newScope, serverState, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';

describe('smoke (every engine): download, then play with the media server refusing', () => {
  const cases: FixtureName[] = ['clear-dash', 'clear-hls', 'clear-mp4'];
  for (const name of cases) {
    it(name, async () => {
      const scope = newScope(`smoke-${name}`);
      const manager = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
      const states: string[] = [];
      manager.addEventListener('download-state-change', (e) => states.push((e as CustomEvent).detail.state));
      const status = await manager.download(await fixtureEntry(name, scope));
      try {
        expect(status.state).to.equal('completed');
        expect(states.at(-1)).to.equal('completed');
        const local = await manager.createLocalMediaEntry(status.assetId);
        expect(local.sources[0].contentUrl).to.match(/^(offline:|blob:)/);
        await setFaults(scope, [{ match: '.', status: 503 }]);
        const before = (await serverState(scope)).log.length;
        await playsFor(local, 1.5);
        const during = (await serverState(scope)).log.slice(before);
        expect(during.map((e) => e.path), 'requests to the media server while playing the stored copy').to.deep.equal([]);
      } finally {
        await setFaults(scope, []);
        await manager.removeAsset(status.assetId);
      }
    });
  }
});
