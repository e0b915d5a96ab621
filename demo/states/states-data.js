// Every state the elements can show, as canned status snapshots: the
// gallery (states.html) draws them, the accessibility and layout tests
// (test/elements/states.test.ts) check each in both viewports.
import { CannedManager } from './canned-manager.js';

export const MB = 1024 * 1024;
const mp4 = new URL('../../fixtures/media/clear/mp4/video.mp4', import.meta.url).href;
const poster = new URL('../../fixtures/media/poster.jpg', import.meta.url).href;
export const entry = (id, name) => ({
  id,
  name,
  mediaType: 'vod',
  metadata: {},
  thumbnailUrl: poster,
  sources: [{ id: `${id}-mp4`, contentUrl: mp4, mediaFormat: 'mp4', mimeType: 'video/mp4', drmData: [] }],
});
export const kept = { videoHeight: 720, videoBandwidth: 1850000, audioLanguages: ['en', 'fr'], textLanguages: ['en'] };
export const day = 86400000;
export const created = Date.parse('2026-11-28T10:00:00Z');

/** Every state, as the manager's status fields. */
export const STATES = {
  none: { caption: 'none: one click downloads' },
  preparing: { caption: 'preparing', status: { state: 'preparing', estimatedTotalBytes: 0 } },
  queued: { caption: 'queued, 2nd in line', status: { state: 'queued', queuePosition: 2, estimatedTotalBytes: 452 * MB } },
  downloading: { caption: 'downloading 0.5 of 1.0 MB', status: { state: 'downloading', bytesDownloaded: 0.5 * MB, estimatedTotalBytes: 1.0 * MB } },
  'paused-user': { caption: 'paused by the user', status: { state: 'paused', reason: 'user', bytesDownloaded: 212 * MB, estimatedTotalBytes: 452 * MB } },
  'paused-interrupted': { caption: 'paused: page closed', status: { state: 'paused', reason: 'interrupted', bytesDownloaded: 37 * MB, estimatedTotalBytes: 452 * MB } },
  'paused-network': { caption: 'paused: waiting for network', status: { state: 'paused', reason: 'network', bytesDownloaded: 301 * MB, estimatedTotalBytes: 452 * MB } },
  'paused-metered': { caption: 'paused: waiting for Wi-Fi', status: { state: 'paused', reason: 'metered', bytesDownloaded: 64 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-quota': { caption: 'failed: storage full', status: { state: 'failed', reason: 'quota', error: { code: 'QUOTA_EXCEEDED', message: 'The storage quota ran out while writing segments' }, bytesDownloaded: 88 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-error': { caption: 'failed after bytes were stored', status: { state: 'failed', reason: 'error', error: { code: 'NETWORK_ERROR', message: 'HTTP 503 for https://cdn.example/seg-0042.m4s after 6 attempts' }, bytesDownloaded: 120 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-unregistered': { caption: 'failed before anything was stored', prepareError: true },
  completed: { caption: 'completed', status: { state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB, downloadedAt: created + day } },
  expired: { caption: 'completed, licence expired', status: { state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB, downloadedAt: created, licence: { scheme: 'clearkey', expiresAt: created + 2 * day, remainingSeconds: 0, expired: true } } },
  corrupt: { caption: 'damaged registration', status: { state: 'corrupt', registered: true, error: { code: 'STORAGE_ERROR', message: 'The registration of "x" cannot be read (bad JSON): remove it' } } },
  unavailable: { caption: 'invalid entry', invalid: true },
  disabled: { caption: 'disabled', disabled: true },
};

/** A manager whose asset `id` is in the state `key` of STATES. */
export function managerFor(key, id, name) {
  const spec = STATES[key];
  const fields = spec.status ? { [id]: { entry: entry(id, name), createdAt: created, selection: kept, ...spec.status } } : {};
  // Not an OfflineError (this module has no library import): the button reports it as NETWORK_ERROR.
  const error = new Error('HTTP 503 for https://cdn.example/night-train/manifest.mpd');
  return new CannedManager(fields, spec.prepareError ? { prepareError: error } : {});
}

const titles = ['Night Train to Lisbon', 'The Lighthouse Keeper', 'Coastlines, Episode 3', 'A Short Film About Rain', 'Mountain Radio', 'Paper Boats', 'Harbour Lights', 'The Long Walk Home', 'Small Hours', 'Tide Tables'];
const listStates = ['downloading', 'queued', 'paused-network', 'paused-metered', 'paused-interrupted', 'failed-quota', 'completed', 'expired', 'failed-error', 'corrupt'];
/** Downloads in every state, for <offline-downloads>. */
export const listFields = () => Object.fromEntries(listStates.map((key, i) => {
  const id = `dl-${key}`;
  return [id, { entry: entry(id, titles[i]), createdAt: created + (listStates.length - i) * 1000, selection: i % 2 ? { ...kept, videoHeight: 360, audioLanguages: ['fr'], textLanguages: [] } : kept, ...STATES[key].status }];
}));
