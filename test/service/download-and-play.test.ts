// The heart of the product, end to end in real Chromium: prepare, download
// (real server, real Shaka, real IndexedDB), register, survive a new manager,
// and play the local copy with the network cut.
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type MediaEntry } from '../../src/index.js';
import { ShakaDb } from '../../src/service/databases/shaka-db.js';
import { withNetworkCut } from '../support/browser.js';
import { type FixtureName, fixtureEntry, newScope, serverState } from '../support/media.js';
import { playsFor } from '../support/play.js';

async function downloadWithProgress(manager: LocalAssetsManager, entry: unknown, scope: string) {
  const fractions: number[] = [];
  const states: string[] = [];
  const onProgress = (e: Event) => fractions.push((e as CustomEvent).detail.fraction);
  const onState = (e: Event) => states.push((e as CustomEvent).detail.state);
  manager.addEventListener('download-progress', onProgress);
  manager.addEventListener('download-state-change', onState);
  try {
    const prepared = await manager.prepareForDownload(entry);
    // Preparing moved no media bytes: no media segment, no GET of the MP4.
    const { log } = await serverState(scope);
    const media = log.filter((e) => e.method === 'GET' && /(\/\d+\.(m4s|vtt)|\.mp4)$/.test(e.path) && !e.path.endsWith('init.mp4'));
    expect(media.map((e) => e.path), 'media requests while preparing').to.deep.equal([]);
    expect(prepared.estimatedSize).to.be.greaterThan(100_000);
    const started = await manager.startDownload(prepared);
    expect(['preparing', 'downloading', 'completed']).to.include(started.state);
    const status = await manager.whenDownloaded(prepared.assetId);
    return { prepared, status, fractions, states };
  } finally {
    manager.removeEventListener('download-progress', onProgress);
    manager.removeEventListener('download-state-change', onState);
  }
}

describe('LocalAssetsManager: download, register, play offline', () => {
  const cases: FixtureName[] = ['clear-dash', 'clear-hls', 'clear-mp4', 'clearkey-dash', 'clearkey-hls'];
  for (const name of cases) {
    it(`${name}`, async () => {
      const scope = newScope(name);
      const entry = await fixtureEntry(name, scope);
      const store = new DefaultLocalDataStore({ name: `test-${scope}` });
      const manager = new LocalAssetsManager(store);
      const { prepared, status, fractions, states } = await downloadWithProgress(manager, entry, scope);
      try {
        expect(status.state).to.equal('completed');
        expect(status.size).to.be.greaterThan(100_000);
        expect(fractions.length).to.be.greaterThan(1);
        expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]), `monotonic: ${fractions}`).to.be.true;
        expect(fractions.at(-1)).to.equal(1);
        expect(states).to.include('downloading');
        expect(states.at(-1)).to.equal('completed');

        // A new manager on the same store finds the registration.
        const again = new LocalAssetsManager(store);
        const found = await again.getAssetStatus(prepared.assetId);
        expect(found.state).to.equal('completed');
        expect(found.downloadedAt).to.be.a('number');
        const local: MediaEntry = await again.createLocalMediaEntry(prepared.assetId);
        const before = (await serverState(scope)).license.stats;

        await withNetworkCut(async () => {
          expect(navigator.onLine).to.be.false;
          const blocked = await fetch(entry.sources[0].contentUrl, { cache: 'no-store' }).then(
            () => 'reachable',
            () => 'blocked',
          );
          expect(blocked, 'the network is really cut').to.equal('blocked');
          await playsFor(local, 1.5);
        });

        const after = (await serverState(scope)).license.stats;
        if (name === 'clearkey-dash') {
          expect(before.requests, 'one licence request, during the download').to.equal(1);
          expect(after.requests, 'none during offline playback').to.equal(1);
        }
        if (name === 'clearkey-hls') {
          expect(after.rawKeyRequests).to.equal(before.rawKeyRequests);
        }
      } finally {
        await manager.removeAsset(prepared.assetId);
      }
      expect(await ShakaDb.listManifests().then((all) => all.length)).to.equal(0);
    });
  }
});
