// The gallery of states (states.html): every state of <download-button>, its
// compact variant, the languages, <offline-player> and <offline-downloads>,
// each drawn from a CannedManager.
import '/dist/bundle/offline-player.js';
import { CannedManager } from './canned-manager.js';

const MB = 1024 * 1024;
const mp4 = new URL('/fixtures/media/clear/mp4/video.mp4', location.href).href;
const poster = new URL('/fixtures/media/poster.jpg', location.href).href;
const entry = (id, name) => ({
  id,
  name,
  mediaType: 'vod',
  metadata: {},
  thumbnailUrl: poster,
  sources: [{ id: `${id}-mp4`, contentUrl: mp4, mediaFormat: 'mp4', mimeType: 'video/mp4', drmData: [] }],
});
const kept = { videoHeight: 720, videoBandwidth: 1850000, audioLanguages: ['en', 'fr'], textLanguages: ['en'] };
const day = 86400000;
const created = Date.parse('2026-11-28T10:00:00Z');

/** Every state, as the manager's status fields. */
export const STATES = {
  none: { caption: 'none: one click downloads' },
  preparing: { caption: 'preparing', status: { state: 'preparing', estimatedTotalBytes: 0 } },
  downloading: { caption: 'downloading 0.5 of 1.0 MB', status: { state: 'downloading', bytesDownloaded: 0.5 * MB, estimatedTotalBytes: 1.0 * MB } },
  'paused-user': { caption: 'paused by the user', status: { state: 'paused', reason: 'user', bytesDownloaded: 212 * MB, estimatedTotalBytes: 452 * MB } },
  'paused-interrupted': { caption: 'paused: page closed', status: { state: 'paused', reason: 'interrupted', bytesDownloaded: 37 * MB, estimatedTotalBytes: 452 * MB } },
  'paused-network': { caption: 'paused: waiting for network', status: { state: 'paused', reason: 'network', bytesDownloaded: 301 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-quota': { caption: 'failed: storage full', status: { state: 'failed', reason: 'quota', error: { code: 'QUOTA_EXCEEDED', message: 'The storage quota ran out while writing segments' }, bytesDownloaded: 88 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-error': { caption: 'failed after bytes were stored', status: { state: 'failed', reason: 'error', error: { code: 'NETWORK_ERROR', message: 'HTTP 503 for https://cdn.example/seg-0042.m4s after 6 attempts' }, bytesDownloaded: 120 * MB, estimatedTotalBytes: 452 * MB } },
  'failed-unregistered': { caption: 'failed before anything was stored', prepareError: true },
  completed: { caption: 'completed', status: { state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB, downloadedAt: created + day } },
  expired: { caption: 'completed, licence expired', status: { state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB, downloadedAt: created, licence: { scheme: 'clearkey', expiresAt: created + 2 * day, remainingSeconds: 0, expired: true } } },
  corrupt: { caption: 'damaged registration', status: { state: 'corrupt', registered: true, error: { code: 'STORAGE_ERROR', message: 'The registration of "x" cannot be read (bad JSON): remove it' } } },
  unavailable: { caption: 'invalid entry', invalid: true },
  disabled: { caption: 'disabled', disabled: true },
};

function managerFor(key, id, name) {
  const spec = STATES[key];
  const fields = spec.status ? { [id]: { entry: entry(id, name), createdAt: created, selection: kept, ...spec.status } } : {};
  const error = Object.assign(new Error('No source of "x" could be prepared: dash: Shaka error 4015 (XML is too deeply nested)'), { code: 'MANIFEST_ERROR' });
  return new CannedManager(fields, spec.prepareError ? { prepareError: error } : {});
}

function cell(parent, key, caption) {
  const box = document.createElement('div');
  box.className = 'cell';
  box.dataset.state = key;
  const label = document.createElement('p');
  label.className = 'caption';
  label.textContent = caption;
  box.append(label);
  parent.append(box);
  return box;
}

function button(parent, key, { compact = false, lang = null, dark = false } = {}) {
  const id = `${key}${compact ? '-compact' : ''}${lang ? `-${lang}` : ''}`;
  const box = cell(parent, key, `${STATES[key].caption}${lang ? ` (${lang})` : ''}`);
  const holder = dark ? Object.assign(document.createElement('div'), { className: 'dark-box' }) : box;
  if (dark) box.append(holder);
  const el = document.createElement('download-button');
  el.manager = managerFor(key, id, 'Night Train to Lisbon');
  el.compact = compact;
  if (lang) el.setAttribute('lang', lang);
  if (STATES[key].disabled) el.disabled = true;
  el.entry = STATES[key].invalid ? { id, sources: [] } : entry(id, 'Night Train to Lisbon');
  el.assetId = id;
  holder.append(el);
  if (STATES[key].prepareError) void el.updateComplete.then(() => el.download().catch(() => undefined));
  return el;
}

for (const key of Object.keys(STATES)) button(document.getElementById('buttons'), key);
for (const key of Object.keys(STATES)) button(document.getElementById('compact'), key, { compact: true, dark: true });
for (const lang of ['fr', 'de', 'es']) {
  for (const key of ['none', 'downloading', 'paused-network', 'completed']) button(document.getElementById('languages'), key, { lang });
}

// Players: the poster and title; the local copy with the compact button in its overlay; errors.
function player(key, caption, manager, attributes = {}) {
  const box = cell(document.getElementById('players'), key, caption);
  const el = document.createElement('offline-player');
  el.id = `player-${key}`;
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.manager = manager;
  el.muted = true;
  el.controls = true;
  box.append(el);
  el.entry = entry(`player-${key}`, 'Night Train to Lisbon');
  return el;
}
player('idle', 'poster and title, streaming', new CannedManager());
const local = player('local', '“Downloaded”, compact button in the overlay', new CannedManager({ 'player-local': { entry: entry('player-local', 'Night Train to Lisbon'), state: 'completed', bytesDownloaded: 452 * MB, estimatedTotalBytes: 452 * MB } }));
const overlay = document.createElement('download-button');
overlay.slot = 'overlay';
overlay.compact = true;
overlay.setAttribute('for', 'player-local');
local.append(overlay);
player('error', 'an error, with error-details', new CannedManager({}, { playable: null }), { 'error-details': '' });
player('expired', 'licence expired', new CannedManager({ 'player-expired': { ...STATES.expired.status, entry: entry('player-expired', 'Night Train to Lisbon') } }));
player('error-fr', 'an error, in French', new CannedManager({}, { playable: null }), { lang: 'fr', 'error-details': '' });

// Downloads: a list with every state, the same in French, and the empty state.
function downloads(key, caption, manager, lang = null) {
  const box = cell(document.getElementById('downloads'), key, caption);
  const el = document.createElement('offline-downloads');
  if (lang) el.setAttribute('lang', lang);
  el.manager = manager;
  box.append(el);
  return el;
}
const titles = ['Night Train to Lisbon', 'The Lighthouse Keeper', 'Coastlines, Episode 3', 'A Short Film About Rain', 'Mountain Radio', 'Paper Boats', 'Harbour Lights', 'The Long Walk Home'];
const listStates = ['downloading', 'paused-network', 'paused-interrupted', 'failed-quota', 'completed', 'expired', 'failed-error', 'corrupt'];
const listFields = () => Object.fromEntries(listStates.map((key, i) => {
  const id = `dl-${key}`;
  return [id, { entry: entry(id, titles[i]), createdAt: created + (listStates.length - i) * 1000, selection: i % 2 ? { ...kept, videoHeight: 360, audioLanguages: ['fr'], textLanguages: [] } : kept, ...STATES[key].status }];
}));
downloads('list', 'every state', new CannedManager(listFields(), { storage: { usage: 1.6 * 1024 * MB, quota: 10 * 1024 * MB, persisted: true } }));
downloads('list-fr', 'en français', new CannedManager(listFields()), 'fr');
downloads('empty', 'no download yet', new CannedManager({}));

document.documentElement.dataset.ready = 'true';
