// The download queue: at most `maxConcurrentDownloads` downloads run at once
// in a store, the others wait `queued` in order, with their positions in
// statuses and events; move to front, pause, resume and remove of queued
// downloads; bad input.
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type OfflineError } from '../../src/index.js';
import { newScope } from '../support/media.js';
import { followStates, heldSlots, queueEntries, serverOverlap, throttle, unthrottle } from './helpers.js';


/** `count` queue entries under a new scope, slowed to `bytesPerSecond`, and a manager of a store of its own that runs one at a time. */
async function oneAtATime(label: string, count: number, bytesPerSecond: number) {
  const scope = newScope(label);
  const entries = await queueEntries(scope, count);
  await throttle(scope, count, bytesPerSecond);
  const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { maxConcurrentDownloads: 1 });
  return { scope, entries, m };
}

async function codeOf(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    return (e as OfflineError).code;
  }
  return 'none';
}

describe('the download queue', () => {
  it('ten downloads started at once: never more than the limit (2) run, the others start in queue order, all complete', async () => {
    const scope = newScope('queue-ten');
    const entries = await queueEntries(scope, 10);
    await throttle(scope, 10, 2_000_000);
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
    const seen = followStates(m);
    const slotsSeen: number[] = [];
    m.addEventListener('download-state-change', () => void heldSlots().then((n) => slotsSeen.push(n)));
    const prepared = await Promise.all(entries.map((entry) => m.prepareForDownload(entry)));
    const statuses = await Promise.all(prepared.map((p) => m.startDownload(p)));
    expect(statuses.filter((s) => s.state === 'queued'), 'eight resolve queued, not an error').to.have.length(8);
    const queueAtStart = [...m.downloadQueue];
    expect(queueAtStart).to.have.length(8);
    for (const [i, id] of queueAtStart.entries()) expect((await m.getAssetStatus(id)).queuePosition).to.equal(i + 1);
    const running = statuses.filter((s) => s.state !== 'queued').map((s) => s.assetId);

    const done = await Promise.all(entries.map((e) => m.whenDownloaded(e.id)));
    expect(done.every((s) => s.state === 'completed' && s.queuePosition === null)).to.be.true;
    expect(seen.maxRunning, 'at most 2 preparing or downloading at any state change').to.equal(2);
    expect(Math.max(...slotsSeen), 'at most 2 slots held').to.be.at.most(2);
    expect(seen.started.slice(0, 2), 'the first two started at once').to.have.members(running);
    expect(seen.started.slice(2), 'the others in queue order').to.deep.equal(queueAtStart);
    const overlap = await serverOverlap(scope, 10);
    console.log(`ten at once: started ${seen.started.join(' ')}; completed ${seen.completed.join(' ')}; most assets whose segment requests overlap on the server: ${overlap}`);
    expect(overlap, 'the server never saw more than 2 assets downloading at once').to.be.at.most(2);
    expect(m.downloadQueue).to.deep.equal([]);
    await Promise.all(entries.map((e) => m.removeAsset(e.id)));
  });

  it('statuses and download-state-change events carry the 1-based position; queue-change follows every move', async () => {
    const { scope, entries, m } = await oneAtATime('queue-positions', 3, 60_000);
    const seen = followStates(m);
    const queues: string[][] = [];
    m.addEventListener('queue-change', (e) => queues.push(e.detail.queue));
    for (const entry of entries) await m.startDownload(await m.prepareForDownload(entry));
    expect(seen.events).to.include.members(['q1:queued#1', 'q2:queued#2']);
    expect(queues.at(-1)).to.deep.equal(['q1', 'q2']);

    const front = await m.moveToFront('q2');
    expect(front.queuePosition).to.equal(1);
    expect((await m.getAssetStatus('q1')).queuePosition).to.equal(2);
    expect(m.downloadQueue).to.deep.equal(['q2', 'q1']);
    expect(queues.at(-1)).to.deep.equal(['q2', 'q1']);

    await unthrottle(scope, entries.length);
    await Promise.all(entries.map((e) => m.whenDownloaded(e.id)));
    expect(seen.started, 'moved to the front: started next').to.deep.equal(['q0', 'q2', 'q1']);
    expect(seen.maxRunning).to.equal(1);
    await Promise.all(entries.map((e) => m.removeAsset(e.id)));
  });

  it('pausing a queued download takes it out of the queue; resuming it queues it again at the end; removing a queued one removes it', async () => {
    const { entries, m } = await oneAtATime('queue-ops', 4, 40_000);
    for (const entry of entries) await m.startDownload(await m.prepareForDownload(entry));
    expect(m.downloadQueue).to.deep.equal(['q1', 'q2', 'q3']);

    const paused = await m.pauseDownload('q1');
    expect([paused.state, paused.reason, paused.queuePosition]).to.deep.equal(['paused', 'user', null]);
    expect(m.downloadQueue).to.deep.equal(['q2', 'q3']);
    expect((await m.getAssetStatus('q2')).queuePosition).to.equal(1);

    const resumed = await m.resumeDownload('q1');
    expect([resumed.state, resumed.queuePosition], 'the limit is reached: queued at the end').to.deep.equal(['queued', 3]);

    await m.removeAsset('q2');
    expect((await m.getAssetStatus('q2')).state).to.equal('none');
    expect(m.downloadQueue).to.deep.equal(['q3', 'q1']);
    expect((await m.getAssetStatus('q0')).state).to.equal('downloading');

    // Cancelling the running one lets the head start.
    await m.cancelDownload('q0');
    await waitUntil(async () => ['preparing', 'downloading'].includes((await m.getAssetStatus('q3')).state), 'the head starts when the slot frees');
    expect(m.downloadQueue).to.deep.equal(['q1']);
    await Promise.all(['q3', 'q1'].map((id) => m.removeAsset(id)));
    expect(await m.listAssets()).to.deep.equal([]);
  });

  it('bad input: a typed error, and nothing stored is lost', async () => {
    for (const bad of [0, -1, 1.5, '2', 33, Number.NaN, null]) {
      expect(await codeOf(() => new LocalAssetsManager(undefined, { maxConcurrentDownloads: bad as number })), `maxConcurrentDownloads ${String(bad)}`).to.equal('INVALID_ARGUMENT');
    }
    for (const bad of ['wifi', '', null, 1]) {
      expect(await codeOf(() => new LocalAssetsManager(undefined, { downloadOn: bad as 'any' })), `downloadOn ${String(bad)}`).to.equal('INVALID_ARGUMENT');
    }
    const { entries, m } = await oneAtATime('queue-bad', 2, 40_000);
    for (const entry of entries) await m.startDownload(await m.prepareForDownload(entry));
    const before = (await m.listAssets()).map((s) => `${s.assetId}:${s.state}:${s.queuePosition}`);
    for (const bad of ['', '  ', null, 42, {}]) expect(await codeOf(m.moveToFront(bad as string)), `moveToFront(${JSON.stringify(bad)})`).to.equal('INVALID_ARGUMENT');
    expect(await codeOf(m.moveToFront('nothing-here'))).to.equal('ASSET_NOT_FOUND');
    expect(await codeOf(m.moveToFront('q0')), 'a running download is not queued').to.equal('INVALID_STATE');
    expect((await m.listAssets()).map((s) => `${s.assetId}:${s.state}:${s.queuePosition}`)).to.deep.equal(before);
    expect(m.downloadQueue).to.deep.equal(['q1']);
    await Promise.all(entries.map((e) => m.removeAsset(e.id)));
  });
});
