// Storage limits, for real: an origin quota set in the browser (before the
// origin first opens IndexedDB; see setQuota for how each engine does it), the size checked
// before any byte moves, the quota running out mid-download, and persistent
// storage asked for. Each case runs in a frame on its own loopback origin
// (127.0.0.x) in a page of its own, so it has fresh storage and its own quota.
import { expect, waitUntil } from '@open-wc/testing';
import type { MediaEntry } from '../../src/index.js';
import { resetPermissions, setPermission, setQuota } from '../support/browser.js';
import { type FrameApi, openRemotePage } from '../support/frames.js';
import { fixtureEntry, newScope, serverState } from '../support/media.js';

function originOf(host: string): string {
  return `http://${host}:${location.port}`;
}

/** The entry with every URL moved to `origin` (same-origin for the frame). */
function moved(entry: MediaEntry, origin: string): MediaEntry {
  const json = JSON.stringify(entry).replaceAll(location.origin, origin);
  return JSON.parse(json);
}

describe('storage quota', () => {
  it('an asset that cannot fit is refused with QUOTA_EXCEEDED before any byte is written', async () => {
    const origin = originOf('127.0.0.2');
    const { quota } = await setQuota(origin, 400_000);
    const scope = newScope('quota-refused');
    const entry = moved(await fixtureEntry('clear-dash', scope), origin);
    const frame = await openRemotePage(origin);
    try {
      const result = await frame.call(async (api: FrameApi, e: unknown) => {
        const manager = new api.LocalAssetsManager(new api.DefaultLocalDataStore({ name: 'quota-refused' }));
        const prepared = await manager.prepareForDownload(e);
        const estimate = await navigator.storage.estimate();
        const error = await manager.startDownload(prepared).then(
          () => null,
          (x) => ({ code: x.code as string, message: x.message as string }),
        );
        return {
          error,
          quota: estimate.quota,
          estimatedSize: prepared.estimatedSize,
          assets: (await manager.listAssets()).length,
          manifests: (await api.ShakaDb.listManifests()).length,
          segments: (await api.ShakaDb.segmentKeys()).length,
        };
      }, entry);
      expect(result.quota, 'the browser reports the quota set').to.equal(quota);
      expect(result.estimatedSize).to.be.greaterThan(quota!);
      expect(result.error?.code).to.equal('QUOTA_EXCEEDED');
      expect(result.error?.message).to.match(/Not enough storage/);
      expect(result.assets).to.equal(0);
      expect(result.manifests).to.equal(0);
      expect(result.segments).to.equal(0);
      const { log } = await serverState(scope);
      expect(log.filter((e) => e.method === 'GET' && /\d+\.m4s$/.test(e.path)), 'no media byte moved').to.deep.equal([]);
    } finally {
      await frame.close();
    }
  });

  it('when the quota runs out mid-download: QUOTA_EXCEEDED, progress stops, no orphan is left', async () => {
    const origin = originOf('127.0.0.3');
    await setQuota(origin, 1_700_000);
    const scope = newScope('quota-midway');
    const dash = moved(await fixtureEntry('clear-dash', scope), origin);
    const hls = moved(await fixtureEntry('clear-hls', scope), origin);
    const frame = await openRemotePage(origin);
    try {
      const started = await frame.call(async (api: FrameApi, a: unknown, b: unknown) => {
        const manager = new api.LocalAssetsManager(new api.DefaultLocalDataStore({ name: 'quota-midway' }));
        const events: Array<{ type: string; assetId: string; state?: string; fraction?: number; code?: string }> = [];
        for (const type of ['download-state-change', 'download-progress', 'download-error']) {
          manager.addEventListener(type, (e) => {
            const d = (e as CustomEvent).detail;
            events.push({ type, assetId: d.assetId, state: d.state, fraction: d.fraction, code: d.error?.code });
          });
        }
        Object.assign(window, { manager, events });
        manager.addEventListener('download-progress', (e) => events.push({ type: 'progress-bytes', assetId: e.detail.assetId, state: String(e.detail.bytesDownloaded) }));
        // Each fits alone (the pre-check passes); together they do not.
        const [p1, p2] = await Promise.all([manager.prepareForDownload(a), manager.prepareForDownload(b)]);
        // The second may already be refused (the first filled the storage while it registered).
        const started = await Promise.allSettled([manager.startDownload(p1), manager.startDownload(p2)]);
        return started.map((r) => (r.status === 'fulfilled' ? 'started' : (r.reason as { code: string }).code));
      }, dash, hls);
      type Win = { manager: import('../../src/index.js').LocalAssetsManager; events: Array<{ type: string; assetId: string; state?: string; code?: string }> };
      await waitUntil(
        () => frame.call(async () => (await (window as unknown as Win).manager.listAssets()).every((s) => s.state === 'completed' || s.state === 'failed')),
        'both downloads ended',
        { timeout: 30000, interval: 500 },
      );
      const result = await frame.call(async (api: FrameApi) => {
        const { manager, events } = window as unknown as Win;
        const statuses = await manager.listAssets();
        const manifests = await api.ShakaDb.listManifests();
        const referenced = new Set<number>();
        for (const { manifest } of manifests) {
          for (const stream of manifest.streams) {
            for (const seg of stream.segments) {
              if (seg.pendingSegmentRefId === undefined) referenced.add(seg.dataKey);
              if (seg.pendingInitSegmentRefId === undefined && seg.initSegmentKey != null) referenced.add(seg.initSegmentKey);
            }
          }
        }
        const segments = await api.ShakaDb.segmentKeys();
        const storedBytes = (id: string) =>
          manifests
            .filter(({ manifest }) => (manifest.appMetadata as { offlinePlayer?: { assetId: string } } | null)?.offlinePlayer?.assetId === id)
            .reduce((sum, { manifest }) => sum + manifest.size, 0);
        return {
          outcomes: statuses.map((s) => s.error?.code ?? s.state),
          statuses: statuses.map((s) => ({ id: s.assetId, state: s.state, reason: s.reason, code: s.error?.code ?? null, claimed: s.bytesDownloaded, stored: storedBytes(s.assetId) })),
          events,
          orphans: segments.filter((k) => !referenced.has(k)).length,
          segments: segments.length,
        };
      });
      // A button for the asset that ran out of room says so.
      const shown = await frame.call(async (_api: FrameApi, id: string) => {
        const { manager } = window as unknown as Win;
        const button = document.createElement('download-button');
        button.manager = manager;
        button.assetId = id;
        document.body.append(button);
        for (let i = 0; i < 100 && button.reason !== 'quota'; i++) await new Promise((r) => setTimeout(r, 20));
        await button.updateComplete;
        const out = { state: button.state, reason: button.getAttribute('reason'), label: button.shadowRoot!.querySelector('[part=label]')!.textContent };
        button.remove();
        return out;
      }, result.statuses.find((s) => s.code === 'QUOTA_EXCEEDED')!.id);
      expect(shown).to.deep.equal({ state: 'failed', reason: 'quota', label: 'Storage full' });
      const left = await frame.call(async (api: FrameApi) => {
        const { manager } = window as unknown as Win;
        for (const s of await manager.listAssets()) await manager.removeAsset(s.assetId);
        return { manifests: (await api.ShakaDb.listManifests()).length, segments: (await api.ShakaDb.segmentKeys()).length };
      });
      console.log(`quota mid-way: start ${started.join(', ')}; outcomes ${result.outcomes.join(', ')}; ${result.segments} segments stored, ${result.orphans} orphans`);
      expect(started[0]).to.equal('started');
      expect(['started', 'QUOTA_EXCEEDED']).to.include(started[1]);
      expect(result.outcomes).to.include('QUOTA_EXCEEDED');
      const failed = result.statuses.find((s) => s.code === 'QUOTA_EXCEEDED')!;
      expect(failed.state).to.equal('failed');
      expect(failed.reason).to.equal('quota');
      // Progress is what is stored, right away (no restart): never the bytes of a batch that was rolled back.
      for (const s of result.statuses) expect(s.claimed, `${s.id}: claimed ${s.claimed}, stored ${s.stored}`).to.equal(s.stored);
      const claims = result.events.filter((e) => e.type === 'progress-bytes' && e.assetId === failed.id).map((e) => Number(e.state));
      expect(Math.max(0, ...claims), 'no progress event ever claimed more than is stored').to.be.at.most(failed.stored);
      const afterFailure = result.events.filter((e) => e.assetId === failed.id);
      const failedAt = afterFailure.findIndex((e) => e.type === 'download-state-change' && e.state === 'failed');
      expect(failedAt).to.be.greaterThan(-1);
      expect(afterFailure.slice(failedAt + 1).filter((e) => e.type === 'download-progress'), 'no progress claimed after the failure').to.deep.equal([]);
      expect(result.events.some((e) => e.type === 'download-error' && e.code === 'QUOTA_EXCEEDED')).to.be.true;
      expect(result.orphans, 'every stored segment belongs to a manifest').to.equal(0);
      expect(left, 'removal frees everything').to.deep.equal({ manifests: 0, segments: 0 });
    } finally {
      await frame.close();
    }
  });

  it('asks for persistent storage when a download starts, and reports whether it was granted', async () => {
    const { DefaultLocalDataStore, LocalAssetsManager } = await import('../../src/index.js');
    const results: Array<boolean | null> = [];
    try {
      for (const grant of [false, true]) {
        if (grant) await setPermission(location.origin, 'persistent-storage', 'granted');
        const scope = newScope(`persist-${grant}`);
        const manager = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));
        await manager.download(await fixtureEntry('clear-mp4', scope));
        results.push((await manager.storageEstimate()).persisted);
        await manager.removeAsset('clear-mp4');
      }
    } finally {
      await resetPermissions();
    }
    expect(results).to.deep.equal([false, true]);
  });
});
