import type { MediaEntry } from '../../src/index.js';

// Browser-side helpers for talking to the project's media server: scopes (so
// each test sees only its own requests), fault rules, request logs, licence
// counts, and the fixture entries.

export interface LogEntry {
  seq: number;
  /** When the server received it (epoch ms). */
  time: number;
  method: string;
  path: string;
  range: string | null;
  accept: string | null;
  status: number;
  bytes: number;
  dropped: boolean;
  aborted: boolean;
  effects: Record<string, number>;
}

export interface LicenseStats {
  requests: number;
  rawKeyRequests: number;
  refused: number;
  kids: Record<string, number>;
  tokens: string[];
}

export interface ServerState {
  log: LogEntry[];
  license: { config: { durationSeconds: number | null; requiredToken: string | null }; stats: LicenseStats };
  rules: unknown[];
}

export interface FaultRuleSpec {
  match: string;
  methods?: string[];
  nth?: number | number[];
  rate?: number;
  seed?: number;
  times?: number;
  latencyMs?: number;
  bytesPerSecond?: number;
  status?: number;
  dropAfterBytes?: number;
  dropAtFraction?: number;
}

let counter = 0;

/** A fresh scope name; URLs under `/t/<scope>/` are logged and faulted apart. */
export function newScope(label = 'test'): string {
  counter += 1;
  return `${label.replace(/[^A-Za-z0-9_.-]/g, '-')}-${Date.now().toString(36)}-${counter}`;
}

/** The scoped form of a root-relative path. */
export function scoped(scope: string, path: string): string {
  return `/t/${scope}${path.startsWith('/') ? path : `/${path}`}`;
}

async function control(path: string, init?: RequestInit): Promise<unknown> {
  const response = await fetch(`/__control/${path}`, { cache: 'no-store', ...init });
  if (!response.ok) throw new Error(`control ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

export async function serverState(scope: string): Promise<ServerState> {
  return (await control(`state?scope=${encodeURIComponent(scope)}`)) as ServerState;
}

export async function setFaults(scope: string, rules: FaultRuleSpec[]): Promise<void> {
  await control('faults', { method: 'POST', body: JSON.stringify({ scope, rules }) });
}

export async function configureLicense(
  scope: string,
  config: { durationSeconds?: number | null; requiredToken?: string | null },
): Promise<void> {
  await control('license', { method: 'POST', body: JSON.stringify({ scope, ...config }) });
}

export async function resetScope(scope: string): Promise<void> {
  await control(`reset?scope=${encodeURIComponent(scope)}`, { method: 'POST' });
}

export const FIXTURES = ['clear-dash', 'clear-hls', 'clear-mp4', 'clearkey-dash', 'clearkey-hls', 'multi-source', 'broken'] as const;
export type FixtureName = (typeof FIXTURES)[number];

/** The shape fixtures: 8 s each, one per real-world shape (fixtures/README.md, fixtures/SHAPES.md). */
export const SHAPES = [
  'hls-ts', 'hls-live', 'hls-event', 'hls-aes128', 'hls-sample-aes', 'hls-sample-aes-ts', 'hls-fairplay', 'hls-byterange',
  'dash-segmentbase', 'dash-segmentlist', 'dash-time', 'dash-live', 'dash-multiperiod',
  'mp4-moov-end', 'webm', 'm4a', 'mp3',
] as const;
export type ShapeName = (typeof SHAPES)[number];

/**
 * The fixture's entry JSON with every URL made absolute and moved under the
 * scope (the licence URL too, so its requests are counted for this test).
 */
export async function fixtureEntry(name: FixtureName | ShapeName, scope: string): Promise<MediaEntry> {
  const base = new URL(scoped(scope, `/fixtures/entries/${name}.json`), location.href);
  const response = await fetch(base, { cache: 'no-store' });
  const entry = await response.json();
  const absolute = (url: string) =>
    url.startsWith('/') && !url.startsWith(`/t/${scope}/`)
      ? new URL(scoped(scope, url), location.href).href
      : new URL(url, base).href;
  if (entry.thumbnailUrl) entry.thumbnailUrl = absolute(entry.thumbnailUrl);
  for (const source of entry.sources) {
    source.contentUrl = absolute(source.contentUrl);
    for (const drm of source.drmData ?? []) if (drm.licenseUri) drm.licenseUri = absolute(drm.licenseUri);
  }
  return entry;
}

const playRefusals = new WeakMap<HTMLVideoElement, unknown>();

/**
 * Starts playback without awaiting it (play() may never settle while it waits
 * for data or a key). A refusal is kept: waitForPlayback reports it.
 */
export function startPlayback(video: HTMLVideoElement): void {
  video.play().catch((error: unknown) => playRefusals.set(video, error));
}

/** Resolves once `video.currentTime` has advanced by `seconds` (real playback). */
export function waitForPlayback(video: HTMLVideoElement, seconds = 1, timeoutMs = 20000): Promise<number> {
  const start = video.currentTime;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`playback did not advance ${seconds}s within ${timeoutMs} ms (at ${video.currentTime}, readyState ${video.readyState}, error ${video.error?.message ?? 'none'}, play() ${playRefusals.has(video) ? `refused: ${String(playRefusals.get(video))}` : 'not refused'})`));
    }, timeoutMs);
    const check = () => {
      if (video.currentTime - start >= seconds) {
        cleanup();
        resolve(video.currentTime);
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      video.removeEventListener('timeupdate', check);
    };
    video.addEventListener('timeupdate', check);
  });
}
