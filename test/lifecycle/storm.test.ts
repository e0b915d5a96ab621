// An operation storm: two tabs (same-origin frames, each with its own copy of
// the library), two assets (DASH and MP4), a few hundred start, pause,
// resume, cancel and remove calls from either tab at random moments, under
// fixed seeds. Then, once everything settled, the invariants: each asset is
// completed and plays offline with the network cut, or paused with progress
// equal to its stored bytes, or absent with no byte left in any database; no
// unreferenced segment; every tab and a fresh manager say the same.
// `npm run soak` runs it longer (more operations, more seeds).
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type MediaEntry } from '../../src/index.js';
import { withNetworkCut } from '../support/browser.js';
import { type TestFrame, openFrame } from '../support/frames.js';
import { fixtureEntry, newScope, setFaults } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { quiet, storedOf, unreferencedSegments } from '../support/storage.js';

interface StormConfig {
  ops: number;
  seeds: number[];
}
const config: StormConfig = (window as unknown as { __STORM__?: StormConfig }).__STORM__ ?? { ops: 150, seeds: [1, 2] };

/** A small, seeded PRNG (mulberry32): the same seed, the same storm. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OPERATIONS = ['start', 'pause', 'resume', 'cancel', 'remove'] as const;
/** How often each is called: mostly what overlaps a running download. */
const WEIGHTS = [0.3, 0.25, 0.3, 0.05, 0.1];
const pick = (r: number) => {
  let i = 0;
  for (let sum = WEIGHTS[0]; r > sum && i < WEIGHTS.length - 1; sum += WEIGHTS[++i]);
  return OPERATIONS[i];
};
/** What an operation may answer when it does not fit the asset's state at that moment; anything else is a bug. */
const EXPECTED_REFUSALS = new Set(['INVALID_STATE', 'ASSET_NOT_FOUND']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const seed of config.seeds) {
  it(`seed ${seed}: ${config.ops} random operations from two tabs on two assets, then the invariants hold`, async function () {
    this.timeout(120000 + config.ops * 200);
    const scope = newScope(`storm-${seed}`);
    const name = `storm-${seed}-${scope}`;
    const entries: Record<string, MediaEntry> = { 'clear-dash': await fixtureEntry('clear-dash', scope), 'clear-mp4': await fixtureEntry('clear-mp4', scope) };
    const ids = Object.keys(entries);
    await setFaults(scope, [
      { match: '\\.(m4s|vtt)$', latencyMs: 25 },
      { match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 1_500_000 },
    ]);
    const tabs: TestFrame[] = [await openFrame(), await openFrame()];
    const managers = tabs.map((tab) => new tab.api.LocalAssetsManager(new tab.api.DefaultLocalDataStore({ name }), { cleanupOnStart: false }));
    const rand = random(seed);
    const outcomes: Record<string, number> = {};
    const unexpected: string[] = [];
    const run = async (tab: number, op: (typeof OPERATIONS)[number], id: string) => {
      const m = managers[tab];
      try {
        if (op === 'start') await m.startDownload(await m.prepareForDownload(entries[id]));
        else if (op === 'pause') await m.pauseDownload(id);
        else if (op === 'resume') await m.resumeDownload(id);
        else if (op === 'cancel') await m.cancelDownload(id);
        else await m.removeAsset(id);
        outcomes[`${op} ok`] = (outcomes[`${op} ok`] ?? 0) + 1;
      } catch (e) {
        const code = (e as { code?: string })?.code ?? String(e);
        outcomes[`${op} ${code}`] = (outcomes[`${op} ${code}`] ?? 0) + 1;
        if (!EXPECTED_REFUSALS.has(code)) unexpected.push(`${op} ${id} in tab ${tab}: ${code} ${(e as Error)?.message}`);
      }
    };
    try {
      const calls: Array<Promise<void>> = [];
      for (let i = 0; i < config.ops; i++) {
        await sleep(rand() * 30);
        calls.push(run(rand() < 0.5 ? 0 : 1, pick(rand()), ids[Math.floor(rand() * ids.length)]));
      }
      await Promise.all(calls);
      // Let what still downloads finish, then wait until nothing runs anywhere.
      await setFaults(scope, []);
      const running = async () => (await managers[0].listAssets()).some((s) => s.state === 'downloading' || s.state === 'preparing');
      await waitUntil(async () => !(await running()), 'every download ended', { timeout: 60000, interval: 100 });
      await quiet();
      console.log(`storm seed ${seed}: ${Object.entries(outcomes).sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
      expect(unexpected, 'every refusal is one the state explains').to.deep.equal([]);

      // Every tab and a fresh manager (a restart) say the same.
      const fresh = new LocalAssetsManager(new DefaultLocalDataStore({ name }), { cleanupOnStart: false });
      const view = async (m: LocalAssetsManager) => (await m.listAssets()).map((s) => `${s.assetId} ${s.state} ${s.reason} ${s.bytesDownloaded}`).sort();
      const [a, b, restarted] = await Promise.all([view(managers[0]), view(managers[1]), view(fresh)]);
      expect(b, 'the second tab').to.deep.equal(a);
      expect(restarted, 'after a restart').to.deep.equal(a);

      const namespace = JSON.parse(new TextDecoder().decode((await new DefaultLocalDataStore({ name }).load('offline-player/namespace'))!));
      for (const id of ids) {
        const status = await fresh.getAssetStatus(id);
        const stored = await storedOf(`${namespace}:${id}`);
        expect(['none', 'completed', 'paused'], `${id}: ${status.state} ${status.error?.message ?? ''}`).to.include(status.state);
        if (status.state === 'none') expect(stored, `${id} is absent: nothing of it is left`).to.deep.equal({ manifests: 0, bytes: 0, file: null, partials: 0 });
        if (status.state === 'paused') expect(status.bytesDownloaded, `${id}: progress is what is stored`).to.equal(stored.bytes);
        if (status.state === 'completed') {
          expect(status.bytesDownloaded).to.equal(stored.bytes);
          await withNetworkCut(async () => playsFor(await fresh.createLocalMediaEntry(id), 1));
        }
      }
      expect(await unreferencedSegments(), 'no unreferenced segment').to.equal(0);
      for (const s of await fresh.listAssets()) await fresh.removeAsset(s.assetId);
    } finally {
      await setFaults(scope, []);
      for (const tab of tabs) tab.remove();
    }
  });
}
