import type { LocalAssetsManager, MediaEntry } from '../../src/index.js';
import { waitUntil } from '@open-wc/testing';
import { cdp } from '../support/browser.js';
import { fixtureEntry, serverState, setFaults } from '../support/media.js';

/** `count` copies of the clear DASH fixture, each under its own server scope (`<scope>-<i>`) and asset id (`q<i>`). */
export async function queueEntries(scope: string, count: number): Promise<MediaEntry[]> {
  return Promise.all(Array.from({ length: count }, async (_, i) => ({ ...(await fixtureEntry('clear-dash', `${scope}-${i}`)), id: `q${i}` })));
}

/** Slows the segments of every `queueEntries` scope to `bytesPerSecond`; `unthrottle` lets them go at full speed. */
export const throttle = (scope: string, count: number, bytesPerSecond: number, latencyMs = 20): Promise<unknown> =>
  Promise.all(Array.from({ length: count }, (_, i) => setFaults(`${scope}-${i}`, [{ match: '\\.(m4s|vtt)$', latencyMs, bytesPerSecond }])));
export const unthrottle = (scope: string, count: number): Promise<unknown> => Promise.all(Array.from({ length: count }, (_, i) => setFaults(`${scope}-${i}`, [])));

/**
 * Follows a manager's download-state-change events: the most assets ever
 * preparing or downloading at once (sampled at every change), and the order
 * in which assets started and completed.
 */
export function followStates(manager: Pick<LocalAssetsManager, 'addEventListener'>) {
  const states = new Map<string, string>();
  const seen = { maxRunning: 0, started: [] as string[], completed: [] as string[], events: [] as string[] };
  manager.addEventListener('download-state-change', (e: Event) => {
    const { assetId, state, position } = (e as CustomEvent).detail;
    seen.events.push(`${assetId}:${state}${position ? `#${position}` : ''}`);
    if ((state === 'preparing' || state === 'downloading') && !['preparing', 'downloading'].includes(states.get(assetId) ?? '')) seen.started.push(assetId);
    if (state === 'completed') seen.completed.push(assetId);
    states.set(assetId, state);
    const running = [...states.values()].filter((s) => s === 'preparing' || s === 'downloading').length;
    seen.maxRunning = Math.max(seen.maxRunning, running);
  });
  return seen;
}

/**
 * The server's view: per asset (scope), the time span of its segment
 * requests (those received in [from, to), e.g. before and after a download
 * was resumed); resolves with the most spans that overlap at any moment.
 */
export async function serverOverlap(scope: string, count: number, from = 0, to = Infinity): Promise<number> {
  const spans: Array<[number, number]> = [];
  for (let i = 0; i < count; i++) {
    const { log } = await serverState(`${scope}-${i}`);
    const times = log.filter((e) => e.method === 'GET' && /\.m4s$/.test(e.path) && e.time >= from && e.time < to).map((e) => e.time);
    if (times.length > 0) spans.push([Math.min(...times), Math.max(...times)]);
  }
  let most = 0;
  for (const [start] of spans) most = Math.max(most, spans.filter(([s, e]) => s <= start && start <= e).length);
  return most;
}

/** Held download slots of every tab of the origin (Web Locks). */
export async function heldSlots(): Promise<number> {
  const { held = [] } = await navigator.locks.query();
  return held.filter((l) => /:slot:\d+$/.test(l.name ?? '')).length;
}

type Connection = EventTarget & { type?: string; saveData?: boolean };
export const connection = () => (navigator as Navigator & { connection?: Connection }).connection;

/**
 * Emulates the connection type (Chromium); resolves once the page saw the
 * change. Measured: with no throttling (-1) Chromium ignores the type, so a
 * throughput far above what the tests need is given.
 */
export async function emulate(type: 'cellular3g' | 'wifi'): Promise<void> {
  const expected = type === 'cellular3g' ? 'cellular' : 'wifi';
  const fast = 100 * 1024 * 1024;
  await cdp('Network.enable');
  await cdp('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: fast, uploadThroughput: fast, connectionType: type });
  await waitUntil(() => connection()?.type === expected, `navigator.connection.type ${expected} (it is ${connection()?.type})`);
}
