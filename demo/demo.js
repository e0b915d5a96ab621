// The demo: a Storybook-style page of stories, each with live elements,
// editable attributes and an event log. It uses the self-contained ESM
// bundle, exactly as a page without a build step would.
import { getDefaultManager, registerOfflineShell } from '../dist/bundle/offline-player.js';

// The offline shell: once this page was opened online, it loads with no network.
void registerOfflineShell('../offline-player-sw.js');

const manager = getDefaultManager();
const entry = (name) => `../fixtures/entries/${name}.json`;

const PLAYER_ATTRIBUTES = [
  { name: 'controls', type: 'boolean' },
  { name: 'muted', type: 'boolean' },
  { name: 'autoplay', type: 'boolean' },
  { name: 'preload', type: 'select', options: ['', 'none', 'metadata', 'auto'] },
  { name: 'local-label', type: 'text' },
];
const BUTTON_ATTRIBUTES = [
  { name: 'quality', type: 'select', options: ['', '180', '360', '720'] },
  { name: 'audio-languages', type: 'text', placeholder: 'all, or "en fr"' },
  { name: 'subtitles', type: 'text', placeholder: 'all, none, or "en"' },
  { name: 'disabled', type: 'boolean' },
  { name: 'label-download', type: 'text', placeholder: 'Download' },
];

function playerStory(id, title, fixture, description) {
  return {
    id,
    title,
    description,
    render: () => `
      <offline-player id="${id}-player" src="${entry(fixture)}" controls muted>
      </offline-player>
      <div class="row"><download-button for="${id}-player"></download-button></div>`,
    edit: [
      { selector: 'offline-player', attributes: PLAYER_ATTRIBUTES },
      { selector: 'download-button', attributes: BUTTON_ATTRIBUTES },
    ],
  };
}

const STORIES = [
  playerStory('clear-dash', 'Clear DASH', 'clear-dash', 'Two video heights, English and French audio, English subtitles. Download it, cut the network (DevTools → Network → Offline), reload: the page loads and it still plays.'),
  playerStory('clear-hls', 'Clear HLS', 'clear-hls', 'The same content as HLS with fMP4 segments.'),
  playerStory('clear-mp4', 'Progressive MP4', 'clear-mp4', 'One file, downloaded with a streaming fetch in chunks, resumable with Range requests.'),
  playerStory('clearkey-dash', 'ClearKey DASH', 'clearkey-dash', 'Encrypted content: the keys come from the local license server during the download and are kept, so offline playback asks nobody.'),
  playerStory('broken', 'A broken entry', 'broken', 'Every source fails (a 404 and two malformed manifests): the player shows a typed, accessible error and the button fails with the reason.'),
  {
    id: 'two-buttons',
    title: 'Two buttons, one player',
    description: 'Any number of buttons and players for one asset stay in sync through the shared manager.',
    render: () => `
      <offline-player id="two-player" src="${entry('clear-hls')}" controls muted></offline-player>
      <div class="row">
        <download-button for="two-player"></download-button>
        <download-button for="two-player" label-download="Save for later" label-pause="Hold" label-resume="Continue"></download-button>
      </div>`,
    edit: [{ selector: 'download-button:last-of-type', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'themed',
    title: 'Themed button',
    description: 'CSS custom properties (--download-button-accent, -track, -size, -background, -radius, -font) and ::part(button|ring|icon|label|secondary).',
    render: () => `
      <div class="themed-grid">
        <download-button class="theme-sunset" src="${entry('clear-mp4')}" asset-id="themed-sunset"></download-button>
        <download-button class="theme-mono" src="${entry('clear-mp4')}" asset-id="themed-mono" label-download="Get it"></download-button>
        <download-button class="theme-big" src="${entry('clear-mp4')}" asset-id="themed-big"></download-button>
      </div>`,
    edit: [{ selector: '.theme-sunset', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'tracks',
    title: 'Choosing tracks',
    description: 'quality caps the video height; audio-languages and subtitles choose what to keep. The player offline offers exactly what was downloaded.',
    render: () => `
      <offline-player id="tracks-player" src="${entry('clear-dash')}" controls muted asset-id="clear-dash-fr-180"></offline-player>
      <div class="row"><download-button for="tracks-player" quality="180" audio-languages="fr" subtitles="none"></download-button></div>`,
    edit: [{ selector: 'download-button', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'downloads',
    title: 'My downloads',
    description: 'Everything stored in this browser, with size, date and a remove action, and the storage used out of the quota.',
    render: () => `<div class="downloads" id="downloads"><p>Loading…</p></div>`,
    edit: [],
    mount: mountDownloads,
  },
];

// --- Story rendering --------------------------------------------------------

const $ = (id) => document.getElementById(id);
const LOGGED = [
  'download-progress',
  'download-state-change',
  'registration-change',
  'download-error',
  'download-request',
  'remove-request',
  'source-change',
  'player-error',
  'entry-change',
];
let unmount = () => {};

function renderList(current) {
  $('story-list').innerHTML = STORIES.map(
    (s) => `<li><a href="#${s.id}" ${s.id === current ? 'aria-current="page"' : ''}>${s.title}</a></li>`,
  ).join('');
}

function attributeEditor(story) {
  const form = $('attributes');
  form.innerHTML = '';
  if (!story.edit.length) {
    form.innerHTML = '<p class="muted">Nothing to edit in this story.</p>';
    return;
  }
  for (const { selector, attributes } of story.edit) {
    const target = $('canvas').querySelector(selector);
    if (!target) continue;
    const fieldset = document.createElement('fieldset');
    fieldset.innerHTML = `<legend>&lt;${target.localName}&gt;</legend>`;
    for (const attr of attributes) {
      const id = `attr-${selector}-${attr.name}`.replace(/[^a-z0-9-]/gi, '-');
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = attr.name;
      let input;
      if (attr.type === 'boolean') {
        input = document.createElement('input');
        input.type = 'checkbox';
        input.checked = target.hasAttribute(attr.name);
        input.addEventListener('change', () => target.toggleAttribute(attr.name, input.checked));
      } else if (attr.type === 'select') {
        input = document.createElement('select');
        input.innerHTML = attr.options.map((o) => `<option value="${o}">${o || '(default)'}</option>`).join('');
        input.value = target.getAttribute(attr.name) ?? '';
        input.addEventListener('change', () => (input.value ? target.setAttribute(attr.name, input.value) : target.removeAttribute(attr.name)));
      } else {
        input = document.createElement('input');
        input.type = 'text';
        input.placeholder = attr.placeholder ?? '';
        input.value = target.getAttribute(attr.name) ?? '';
        input.addEventListener('change', () => (input.value ? target.setAttribute(attr.name, input.value) : target.removeAttribute(attr.name)));
      }
      input.id = id;
      const row = document.createElement('div');
      row.className = 'field';
      row.append(label, input);
      fieldset.append(row);
    }
    form.append(fieldset);
  }
}

function log(event) {
  const list = $('log');
  const item = document.createElement('li');
  const time = new Date().toLocaleTimeString([], { hour12: false });
  const detail = { ...event.detail };
  if (detail.error) detail.error = { code: detail.error.code, message: detail.error.message };
  if (detail.status) detail.status = { state: detail.status.state, size: detail.status.size };
  if (detail.entry) detail.entry = { id: detail.entry.id };
  if (detail.mediaSource) detail.mediaSource = { id: detail.mediaSource.id, contentUrl: detail.mediaSource.contentUrl.slice(0, 60) };
  if (typeof detail.fraction === 'number') detail.fraction = Math.round(detail.fraction * 1000) / 1000;
  item.innerHTML = `<time>${time}</time> <code class="type">${event.type}</code> <code>${escape(JSON.stringify(detail))}</code>`;
  list.prepend(item);
  while (list.children.length > 200) list.lastChild.remove();
}

const escape = (text) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);

function show() {
  const id = location.hash.slice(1);
  const story = STORIES.find((s) => s.id === id) ?? STORIES[0];
  unmount();
  renderList(story.id);
  $('story-title').textContent = story.title;
  $('story-description').textContent = story.description;
  $('canvas').innerHTML = story.render();
  $('log').innerHTML = '';
  unmount = story.mount?.($('canvas')) ?? (() => {});
  attributeEditor(story);
  document.title = `${story.title} · offline-player`;
}

for (const type of LOGGED) $('canvas').addEventListener(type, log);
$('clear-log').addEventListener('click', () => ($('log').innerHTML = ''));
window.addEventListener('hashchange', show);
show();

// --- Storage and "My downloads" ---------------------------------------------

const mb = (bytes) => {
  if (bytes == null) return '?';
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
};

async function updateStorage() {
  const { usage, quota, persisted } = await manager.storageEstimate();
  $('storage').textContent = `Storage: ${mb(usage)} of ${mb(quota)} used${persisted ? ' · persistent' : ''}`;
}

function mountDownloads(canvas) {
  const root = canvas.querySelector('#downloads');
  async function render() {
    const assets = await manager.listAssets();
    const { usage, quota } = await manager.storageEstimate();
    const rows = assets
      .map(
        (a) => `<tr>
          <th scope="row">${escape(a.entry?.name ?? a.assetId)}</th>
          <td>${a.state}${a.state === 'downloading' || a.state === 'paused' ? ` (${Math.round(a.fraction * 100)}%)` : ''}</td>
          <td>${mb(a.size)}</td>
          <td>${a.downloadedAt ? new Date(a.downloadedAt).toLocaleString() : '—'}</td>
          <td>${a.licence?.expiresAt ? new Date(a.licence.expiresAt).toLocaleString() : '—'}</td>
          <td><button type="button" class="small" data-remove="${escape(a.assetId)}">Remove <span class="sr-only">${escape(a.entry?.name ?? a.assetId)}</span></button></td>
        </tr>`,
      )
      .join('');
    root.innerHTML = `
      <p class="meter-label">Storage used: <strong>${mb(usage)}</strong> of ${mb(quota)}</p>
      <meter min="0" max="${quota ?? 1}" value="${usage ?? 0}" aria-label="Storage used">${mb(usage)}</meter>
      ${
        assets.length
          ? `<table><caption class="sr-only">Downloaded assets</caption><thead><tr><th scope="col">Title</th><th scope="col">State</th><th scope="col">Size</th><th scope="col">Downloaded</th><th scope="col">Licence expires</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead><tbody>${rows}</tbody></table>`
          : '<p class="muted">Nothing downloaded yet: try a story’s download button.</p>'
      }`;
  }
  root.addEventListener('click', async (e) => {
    const id = e.target.closest('[data-remove]')?.dataset.remove;
    if (id) await manager.removeAsset(id).catch((error) => alert(error.message));
  });
  const refresh = () => {
    void render();
    void updateStorage();
  };
  manager.addEventListener('registration-change', refresh);
  manager.addEventListener('download-state-change', refresh);
  refresh();
  return () => {
    manager.removeEventListener('registration-change', refresh);
    manager.removeEventListener('download-state-change', refresh);
  };
}

manager.addEventListener('registration-change', () => void updateStorage());
void updateStorage();
