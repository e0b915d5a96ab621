// The queue across page loads and tabs: it survives a reload (interrupted
// downloads first, then the queue in order), and two tabs of one store share
// its order, positions and slots; a tab that goes away leaves its queue to
// the other.
import { expect, waitUntil } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type LocalAssetsManagerOptions } from '../../src/index.js';
import { openFrame, reloadFrame } from '../support/frames.js';
import { newScope } from '../support/media.js';
import { followStates, heldSlots, queueEntries, serverOverlap, throttle, unthrottle } from './helpers.js';


/** Two tabs (frames) on the store `name`, each with a manager of its own. */
async function twoTabs(name: string, options?: LocalAssetsManagerOptions) {
  const [a, b] = await Promise.all([openFrame(), openFrame()]);
  const managerIn = (tab: typeof a) => new tab.api.LocalAssetsManager(new tab.api.DefaultLocalDataStore({ name }), options) as unknown as LocalAssetsManager;
  return { a, b, ma: managerIn(a), mb: managerIn(b) };
}
const positions = async (m: LocalAssetsManager, ids: string[]) => Promise.all(ids.map(async (id) => (await m.getAssetStatus(id)).queuePosition));

describe('the queue across pages', () => {
  it('survives a reload: with autoResume the interrupted download resumes first, then the queue in order', async () => {
    const scope = newScope('queue-reload');
    const entries = await queueEntries(scope, 3);
    const name = `test-${scope}`;
    await throttle(scope, 3, 100_000);
    let page = await openFrame();
    const first = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }), { maxConcurrentDownloads: 1 });
    for (const entry of entries) await first.startDownload(await first.prepareForDownload(entry));
    expect([...first.downloadQueue]).to.deep.equal(['q1', 'q2']);
    await waitUntil(async () => (await first.getAssetStatus('q0')).bytesDownloaded > 0, 'q0 moves bytes');

    page = await reloadFrame(page); // the page goes away mid-download, and comes back
    await unthrottle(scope, 3);
    const second = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }), { maxConcurrentDownloads: 1, autoResume: true });
    const seen = followStates(second as unknown as LocalAssetsManager);
    await second.ready;
    expect([...second.downloadQueue], 'the queue as it was').to.deep.equal(['q1', 'q2']);
    expect(await positions(second as unknown as LocalAssetsManager, ['q1', 'q2'])).to.deep.equal([1, 2]);
    await Promise.all(entries.map((e) => second.whenDownloaded(e.id)));
    expect(seen.started, 'the interrupted one first, then the queue in order').to.deep.equal(['q0', 'q1', 'q2']);
    expect(seen.maxRunning).to.equal(1);
    for (const e of entries) await second.removeAsset(e.id);
    page.remove();
  });

  it('two tabs: one queue (same order and positions in both), slots shared (2 in total), move to front from either; a tab that goes away leaves the queue to the other', async () => {
    const scope = newScope('queue-tabs');
    const entries = await queueEntries(scope, 5);
    const name = `test-${scope}`;
    await throttle(scope, 5, 8_000);
    const { a, b, ma, mb } = await twoTabs(name);
    try {
      const seen = followStates(mb);
      const slots: number[] = [];
      mb.addEventListener('download-state-change', () => void heldSlots().then((n) => slots.push(n)));
      const inA = await Promise.all(entries.slice(0, 3).map((entry) => ma.prepareForDownload(entry)));
      const inB = await Promise.all(entries.slice(3).map((entry) => mb.prepareForDownload(entry)));
      for (const prepared of inA) await ma.startDownload(prepared);
      const fromB = [];
      for (const prepared of inB) fromB.push(await mb.startDownload(prepared));
      expect(fromB.map((s) => s.state), 'the slots are taken in the other tab: queued here').to.deep.equal(['queued', 'queued']);
      const ids = ['q2', 'q3', 'q4'];
      await waitUntil(() => JSON.stringify(ma.downloadQueue) === JSON.stringify(ids) && JSON.stringify(mb.downloadQueue) === JSON.stringify(ids), `both tabs see one queue (${JSON.stringify(ma.downloadQueue)} / ${JSON.stringify(mb.downloadQueue)})`);
      // The records reach the other tab with their commit, just after the order.
      await waitUntil(async () => JSON.stringify(await positions(ma, ids)) === '[1,2,3]', 'positions in the first tab');
      expect(await positions(mb, ids)).to.deep.equal([1, 2, 3]);
      expect(await heldSlots()).to.equal(2);

      await mb.moveToFront('q4');
      await waitUntil(() => ma.downloadQueue[0] === 'q4', 'the other tab sees the move');
      expect(await positions(ma, ['q4', 'q2', 'q3'])).to.deep.equal([1, 2, 3]);
      expect(await positions(mb, ['q4', 'q2', 'q3'])).to.deep.equal([1, 2, 3]);

      a.remove(); // the tab running q0 and q1 goes away: its slots free, the other tab starts the queue
      await unthrottle(scope, 5);
      await Promise.all(['q4', 'q2', 'q3'].map((id) => mb.whenDownloaded(id)));
      expect(seen.started.filter((id) => ['q2', 'q3', 'q4'].includes(id)), 'in queue order').to.deep.equal(['q4', 'q2', 'q3']);
      for (const id of ['q0', 'q1']) expect((await mb.getAssetStatus(id)).reason, `${id} was interrupted`).to.equal('interrupted');
      const resumedAt = Date.now();
      await Promise.all(['q0', 'q1'].map((id) => mb.resumeDownload(id)));
      await Promise.all(['q0', 'q1'].map((id) => mb.whenDownloaded(id)));
      expect(Math.max(...slots), 'never more than 2 slots held in both tabs').to.be.at.most(2);
      expect(seen.maxRunning, 'never more than 2 downloading at a state change').to.be.at.most(2);
      // Spans before and after the two interrupted ones were resumed (a span across the pause would overlap everything).
      const overlap = Math.max(await serverOverlap(scope, 5, 0, resumedAt), await serverOverlap(scope, 5, resumedAt));
      console.log(`two tabs: started ${seen.started.join(' ')}; server overlap ${overlap}`);
      expect(overlap).to.be.at.most(2);
      for (const e of entries) await mb.removeAsset(e.id);
    } finally {
      a.remove();
      b.remove();
    }
  });

  it('two tabs queueing at the same moment both stay listed (the queue lock); a queued download missing from the order is put back at start-up', async () => {
    const scope = newScope('queue-race');
    const entries = await queueEntries(scope, 7);
    const name = `test-${scope}`;
    await throttle(scope, 7, 5_000);
    const options = { maxConcurrentDownloads: 1 };
    const { a, b, ma, mb } = await twoTabs(name, options);
    try {
      await ma.startDownload(await ma.prepareForDownload(entries[0]));
      const inA = await Promise.all(entries.slice(1, 4).map((e) => ma.prepareForDownload(e)));
      const inB = await Promise.all(entries.slice(4).map((e) => mb.prepareForDownload(e)));
      const started = await Promise.all([...inA.map((p) => ma.startDownload(p)), ...inB.map((p) => mb.startDownload(p))]);
      expect(started.map((s) => s.state)).to.deep.equal(Array(6).fill('queued'));
      const queued = ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'];
      await waitUntil(() => ma.downloadQueue.length === 6 && mb.downloadQueue.length === 6, 'six queued in both tabs');
      expect([...ma.downloadQueue]).to.have.members(queued);
      expect([...mb.downloadQueue]).to.deep.equal([...ma.downloadQueue]);

      // The stored order loses its entries (as if a tab went away between taking the head and starting it).
      await new DefaultLocalDataStore({ name }).save('offline-player/queue', new TextEncoder().encode('[]'));
      const fresh = new LocalAssetsManager(new DefaultLocalDataStore({ name }), options);
      await fresh.ready;
      expect([...fresh.downloadQueue], 'put back at the end, oldest first').to.have.members(queued);
      expect((await Promise.all(queued.map(async (id) => (await fresh.getAssetStatus(id)).queuePosition))).sort()).to.deep.equal([1, 2, 3, 4, 5, 6]);
      for (const id of ['q0', ...queued]) await fresh.removeAsset(id);
      expect(fresh.downloadQueue).to.deep.equal([]);
      await fresh.destroy();
    } finally {
      a.remove();
      b.remove();
    }
  });
});
