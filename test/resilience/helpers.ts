import { waitUntil } from '@open-wc/testing';
import type { LocalAssetsManager } from '../../src/index.js';
import { type LogEntry, serverState } from '../support/media.js';

/** Resolves when the asset's progress reaches `fraction` (from the manager's events). */
export function progressReaches(manager: LocalAssetsManager, assetId: string, fraction: number, timeout = 20000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      manager.removeEventListener('download-progress', on);
      reject(new Error(`progress did not reach ${fraction}`));
    }, timeout);
    const on = (e: Event) => {
      const d = (e as CustomEvent).detail;
      if (d.assetId === assetId && d.fraction >= fraction) {
        clearTimeout(timer);
        manager.removeEventListener('download-progress', on);
        resolve(d.fraction);
      }
    };
    manager.addEventListener('download-progress', on);
  });
}

export async function waitForAssetState(manager: LocalAssetsManager, assetId: string, state: string, timeout = 30000): Promise<void> {
  await waitUntil(async () => (await manager.getAssetStatus(assetId)).state === state, `asset ${assetId} ${state}`, { timeout, interval: 100 });
}

/** Media GETs of a scope, grouped by path (with their byte ranges). */
export async function mediaRequests(scope: string): Promise<Map<string, LogEntry[]>> {
  const { log } = await serverState(scope);
  const byResource = new Map<string, LogEntry[]>();
  for (const entry of log) {
    if (entry.method !== 'GET' || !/\.(m4s|mp4|vtt)$/.test(entry.path) || entry.path.includes('/entries/')) continue;
    const key = `${entry.path} ${entry.range ?? ''}`;
    if (!byResource.has(key)) byResource.set(key, []);
    byResource.get(key)!.push(entry);
  }
  return byResource;
}

/** Resources fetched more than once, and the bytes the earlier attempts had moved. */
export async function refetched(scope: string): Promise<{ resources: string[]; bytes: number }> {
  const resources: string[] = [];
  let bytes = 0;
  for (const [resource, entries] of await mediaRequests(scope)) {
    const okEntries = entries.filter((e) => e.status === 200 || e.status === 206);
    if (okEntries.length > 1) {
      resources.push(resource);
      for (const earlier of okEntries.slice(0, -1)) bytes += earlier.bytes;
    }
  }
  return { resources, bytes };
}
