// The gallery of states (demo/states/): every state of <download-button>, its
// compact variant, the languages, <offline-player> and <offline-downloads>.
import '../../dist/bundle/offline-player.js';
import { CannedManager } from './canned-manager.js';
import { MB, STATES, entry, listFields, managerFor } from './states-data.js';

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
downloads('list', 'every state', new CannedManager(listFields(), { storage: { usage: 1.6 * 1024 * MB, quota: 10 * 1024 * MB, persisted: true } }));
downloads('list-fr', 'en français', new CannedManager(listFields()), 'fr');
downloads('empty', 'no download yet', new CannedManager({}));

document.documentElement.dataset.ready = 'true';
