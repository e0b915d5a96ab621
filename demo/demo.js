// The demo: a page of stories, each with its live elements, the code that
// makes them, editable attributes and an event log. It renders with
// lit-html's templates (values are bound, never pasted into HTML) and uses
// the self-contained ES module bundle, as a page without a build step would.
import { html, nothing, render } from 'lit-html';
import { live } from 'lit-html/directives/live.js';
import { registerOfflineShell } from '../dist/bundle/offline-player.js';

// The offline shell: once this page was opened online, it loads with no network.
void registerOfflineShell('../offline-player-sw.js');

const src = (name) => `../fixtures/entries/${name}.json`;

const PLAYER_ATTRIBUTES = [
  { name: 'controls', type: 'boolean' },
  { name: 'muted', type: 'boolean' },
  { name: 'error-details', type: 'boolean' },
  { name: 'lang', type: 'select', options: ['', 'en', 'fr', 'de', 'es'] },
  { name: 'local-label', type: 'text', placeholder: 'Downloaded' },
];
const BUTTON_ATTRIBUTES = [
  { name: 'compact', type: 'boolean' },
  { name: 'menu', type: 'select', options: ['', 'trigger', 'always', 'none'] },
  { name: 'quality', type: 'select', options: ['', '180', '360', '720'] },
  { name: 'audio-languages', type: 'text', placeholder: 'all, or "en fr"' },
  { name: 'subtitles', type: 'text', placeholder: 'all, none, or "en"' },
  { name: 'lang', type: 'select', options: ['', 'en', 'fr', 'de', 'es'] },
  { name: 'disabled', type: 'boolean' },
  { name: 'label-download', type: 'text', placeholder: 'Download' },
];
const LIST_ATTRIBUTES = [
  { name: 'lang', type: 'select', options: ['', 'en', 'fr', 'de', 'es'] },
  { name: 'label-play', type: 'text', placeholder: 'Play' },
];

/**
 * Each story: what it shows, the live elements (a lit template), and the
 * same markup as text, the sample a page copies (test/node/demo.test.mjs
 * checks that the two agree).
 */
const STORIES = [
  {
    id: 'clear-dash',
    title: 'Download and watch offline',
    description:
      'The button under the video downloads it into the browser; the player then plays the downloaded copy and says so. Download it, cut the network (DevTools → Network → Offline), reload: the page loads and it still plays.',
    template: () => html`
      <offline-player id="watch-player" src=${src('clear-dash')} controls muted></offline-player>
      <div class="row"><download-button for="watch-player"></download-button></div>`,
    code: `<offline-player id="watch-player" src="../fixtures/entries/clear-dash.json" controls muted></offline-player>
<download-button for="watch-player"></download-button>`,
    edit: [
      { selector: 'offline-player', attributes: PLAYER_ATTRIBUTES },
      { selector: 'download-button', attributes: BUTTON_ATTRIBUTES },
    ],
  },
  {
    id: 'overlay',
    title: 'A download button on the video',
    description:
      'compact draws the ring alone, with a tooltip, for the corner of the video (the player’s overlay slot), as streaming apps do. A click downloads, pauses or resumes; the bin asks before removing.',
    template: () => html`
      <offline-player id="overlay-player" src=${src('clear-hls')} controls muted>
        <download-button slot="overlay" for="overlay-player" compact></download-button>
      </offline-player>`,
    code: `<offline-player id="overlay-player" src="../fixtures/entries/clear-hls.json" controls muted>
  <download-button slot="overlay" for="overlay-player" compact></download-button>
</offline-player>`,
    edit: [{ selector: 'download-button', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'tracks',
    title: 'Choose quality and languages',
    description:
      'The menu lists each quality with the size of the download, and the audio and subtitle languages; it reads the video’s manifest only when it opens. Here every click opens it (menu="always"), preset to 180p in French without subtitles. Elsewhere the ▾ beside the button opens it, and a plain click downloads the preset at once.',
    template: () => html`
      <offline-player id="tracks-player" src=${src('clear-dash')} asset-id="clear-dash-choice" controls muted></offline-player>
      <div class="row">
        <download-button for="tracks-player" menu="always" quality="180" audio-languages="fr" subtitles="none"></download-button>
      </div>`,
    code: `<offline-player id="tracks-player" src="../fixtures/entries/clear-dash.json" asset-id="clear-dash-choice" controls muted></offline-player>
<download-button for="tracks-player" menu="always" quality="180" audio-languages="fr" subtitles="none"></download-button>`,
    edit: [{ selector: 'download-button', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'clearkey-dash',
    title: 'A protected video',
    description: 'Encrypted content (ClearKey): the keys come from the licence server during the download and are kept, so the video plays offline without asking anyone.',
    template: () => html`
      <offline-player id="drm-player" src=${src('clearkey-dash')} controls muted></offline-player>
      <div class="row"><download-button for="drm-player"></download-button></div>`,
    code: `<offline-player id="drm-player" src="../fixtures/entries/clearkey-dash.json" controls muted></offline-player>
<download-button for="drm-player"></download-button>`,
    edit: [
      { selector: 'offline-player', attributes: PLAYER_ATTRIBUTES },
      { selector: 'download-button', attributes: BUTTON_ATTRIBUTES },
    ],
  },
  {
    id: 'clear-mp4',
    title: 'A single MP4 file',
    description: 'One file, downloaded in chunks and resumed where it stopped. The button needs no player: give it the entry’s URL.',
    template: () => html`
      <div class="row"><download-button src=${src('clear-mp4')}></download-button></div>`,
    code: `<download-button src="../fixtures/entries/clear-mp4.json"></download-button>`,
    edit: [{ selector: 'download-button', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'downloads',
    title: 'My downloads',
    description:
      'Everything this site keeps in the browser: each download with its state, size and progress, and what can be done with it. “Play” opens it in the player above the list; removing asks first. It works with the network cut.',
    template: () => html`
      <offline-player id="library-player" controls muted hidden></offline-player>
      <offline-downloads for="library-player">
        <p slot="empty">Download a video in another story, then come back.</p>
      </offline-downloads>`,
    code: `<offline-player id="library-player" controls muted hidden></offline-player>
<offline-downloads for="library-player">
  <p slot="empty">Download a video in another story, then come back.</p>
</offline-downloads>
<script type="module">
  // Show the player when a download is to be played in it.
  document.querySelector('offline-downloads').addEventListener('play-request', () => {
    document.getElementById('library-player').hidden = false;
  });
</script>`,
    edit: [{ selector: 'offline-downloads', attributes: LIST_ATTRIBUTES }],
    mount: (canvas) => {
      const player = canvas.querySelector('#library-player');
      const show = () => (player.hidden = false);
      canvas.querySelector('offline-downloads').addEventListener('play-request', show);
      return () => canvas.querySelector('offline-downloads')?.removeEventListener('play-request', show);
    },
  },
  {
    id: 'languages',
    title: 'In the visitor’s language',
    description:
      'Each element speaks the language of the part of the page it is in (its lang, or the closest ancestor’s): English, French, German and Spanish are built in, and every word can be replaced with a label-* attribute. The three buttons are for the same video: they stay in step.',
    template: () => html`
      <div class="languages">
        <section lang="fr"><h3>Français</h3><download-button src=${src('clear-mp4')}></download-button></section>
        <section lang="de"><h3>Deutsch</h3><download-button src=${src('clear-mp4')}></download-button></section>
        <section lang="es"><h3>Español</h3><download-button src=${src('clear-mp4')}></download-button></section>
      </div>`,
    code: `<section lang="fr"><h3>Français</h3><download-button src="../fixtures/entries/clear-mp4.json"></download-button></section>
<section lang="de"><h3>Deutsch</h3><download-button src="../fixtures/entries/clear-mp4.json"></download-button></section>
<section lang="es"><h3>Español</h3><download-button src="../fixtures/entries/clear-mp4.json"></download-button></section>`,
    edit: [{ selector: 'download-button', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'broken',
    title: 'When something goes wrong',
    description:
      'Every source of this video fails (a missing manifest and two broken ones). The player and the button say so in a sentence a person understands; the technical detail stays on the error for developers, and error-details shows it behind a disclosure.',
    template: () => html`
      <offline-player id="broken-player" src=${src('broken')} controls muted error-details></offline-player>
      <div class="row"><download-button for="broken-player"></download-button></div>`,
    code: `<offline-player id="broken-player" src="../fixtures/entries/broken.json" controls muted error-details></offline-player>
<download-button for="broken-player"></download-button>`,
    edit: [
      { selector: 'offline-player', attributes: PLAYER_ATTRIBUTES },
      { selector: 'download-button', attributes: BUTTON_ATTRIBUTES },
    ],
  },
  {
    id: 'two-buttons',
    title: 'Two buttons, one video',
    description: 'Any number of buttons and players for one video stay in step, in every tab: they all show the download’s own state.',
    template: () => html`
      <offline-player id="two-player" src=${src('clear-hls')} controls muted></offline-player>
      <div class="row">
        <download-button for="two-player"></download-button>
        <download-button for="two-player" label-download="Save for later" label-pause="Hold" label-resume="Continue"></download-button>
      </div>`,
    code: `<offline-player id="two-player" src="../fixtures/entries/clear-hls.json" controls muted></offline-player>
<download-button for="two-player"></download-button>
<download-button for="two-player" label-download="Save for later" label-pause="Hold" label-resume="Continue"></download-button>`,
    edit: [{ selector: 'download-button:last-of-type', attributes: BUTTON_ATTRIBUTES }],
  },
  {
    id: 'themed',
    title: 'In your colours',
    description: 'CSS custom properties (--download-button-accent, -border, -track, -size, -background, -radius, -font) and parts (::part(button), ::part(label), ::part(menu)...) fit the button to a brand.',
    template: () => html`
      <div class="themed-grid">
        <download-button class="theme-sunset" src=${src('clear-mp4')} asset-id="themed-sunset"></download-button>
        <download-button class="theme-mono" src=${src('clear-mp4')} asset-id="themed-mono" label-download="Get it"></download-button>
        <download-button class="theme-big" src=${src('clear-mp4')} asset-id="themed-big"></download-button>
      </div>`,
    code: `<download-button class="theme-sunset" src="../fixtures/entries/clear-mp4.json" asset-id="themed-sunset"></download-button>
<download-button class="theme-mono" src="../fixtures/entries/clear-mp4.json" asset-id="themed-mono" label-download="Get it"></download-button>
<download-button class="theme-big" src="../fixtures/entries/clear-mp4.json" asset-id="themed-big"></download-button>
<style>
  .theme-sunset { --download-button-accent: #c2410c; --download-button-background: #fff7ed; --download-button-color: #7c2d12; }
  .theme-mono { --download-button-accent: currentColor; --download-button-radius: 0.25rem; }
  .theme-big { --download-button-size: 3.25rem; --download-button-accent: #047857; }
</style>`,
    edit: [{ selector: '.theme-sunset', attributes: BUTTON_ATTRIBUTES }],
  },
];

// --- Rendering ---------------------------------------------------------------

const $ = (id) => document.getElementById(id);
const LOGGED = ['download-progress', 'download-state-change', 'registration-change', 'download-error', 'download-request', 'remove-request', 'play-request', 'source-change', 'player-error', 'entry-change'];
const THEMES = [
  ['auto', 'Auto'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];
let events = [];
let unmount = () => {};

function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('offline-player-demo-theme', theme);
  renderHeader();
}

function renderHeader() {
  const current = document.documentElement.dataset.theme ?? 'auto';
  render(
    html`<a class="brand" href="#clear-dash">offline-player</a>
      <span class="tagline">Download a video, keep it in the browser, play it with the network cut.</span>
      <div class="theme" role="group" aria-label="Colour scheme">
        ${THEMES.map(([value, label]) => html`<button type="button" aria-pressed=${String(current === value)} @click=${() => setTheme(value)}>${label}</button>`)}
      </div>`,
    $('top'),
  );
}

function renderNav(current) {
  render(
    html`<h2>Stories</h2>
      <ul>
        ${STORIES.map((s) => html`<li><a href="#${s.id}" aria-current=${s.id === current ? 'page' : nothing}>${s.title}</a></li>`)}
      </ul>
      <h2>More</h2>
      <ul>
        <li><a href="./states/">Every state, at a glance</a></li>
        <li><a href="./embed.html">CMS embed (one script)</a></li>
        <li><a href="../custom-elements.json">custom-elements.json</a></li>
      </ul>`,
    $('nav'),
  );
}

function field(target, attr, selector) {
  const id = `attr-${selector}-${attr.name}`.replace(/[^a-z0-9-]/gi, '-');
  const set = (value) => (value ? target.setAttribute(attr.name, value) : target.removeAttribute(attr.name));
  let input;
  if (attr.type === 'boolean') {
    input = html`<input id=${id} type="checkbox" .checked=${live(target.hasAttribute(attr.name))} @change=${(e) => target.toggleAttribute(attr.name, e.target.checked)} />`;
  } else if (attr.type === 'select') {
    input = html`<select id=${id} .value=${live(target.getAttribute(attr.name) ?? '')} @change=${(e) => set(e.target.value)}>
      ${attr.options.map((o) => html`<option value=${o} ?selected=${(target.getAttribute(attr.name) ?? '') === o}>${o || '(default)'}</option>`)}
    </select>`;
  } else {
    input = html`<input id=${id} type="text" placeholder=${attr.placeholder ?? ''} .value=${live(target.getAttribute(attr.name) ?? '')} @change=${(e) => set(e.target.value)} />`;
  }
  return html`<div class="field"><label for=${id}>${attr.name}</label>${input}</div>`;
}

function renderEditor(story) {
  const canvas = $('canvas');
  const groups = story.edit
    .map(({ selector, attributes }) => ({ selector, attributes, target: canvas.querySelector(selector) }))
    .filter((g) => g.target);
  render(
    groups.length === 0
      ? html`<p class="muted">Nothing to edit in this story.</p>`
      : groups.map(({ selector, attributes, target }) => html`<fieldset><legend>&lt;${target.localName}&gt;</legend>${attributes.map((a) => field(target, a, selector))}</fieldset>`),
    $('attributes'),
  );
}

function renderLog() {
  render(
    events.map((e) => html`<li><time>${e.time}</time> <code class="type">${e.type}</code> <code>${e.detail}</code></li>`),
    $('log'),
  );
}

function log(event) {
  const detail = { ...event.detail };
  if (detail.error) detail.error = { code: detail.error.code, message: detail.error.message };
  if (detail.status) detail.status = { state: detail.status.state, size: detail.status.size };
  if (detail.entry) detail.entry = { id: detail.entry.id };
  if (detail.mediaSource) detail.mediaSource = { id: detail.mediaSource.id, contentUrl: detail.mediaSource.contentUrl.slice(0, 60) };
  if (typeof detail.fraction === 'number') detail.fraction = Math.round(detail.fraction * 1000) / 1000;
  events = [{ time: new Date().toLocaleTimeString([], { hour12: false }), type: event.type, detail: JSON.stringify(detail) }, ...events].slice(0, 200);
  renderLog();
}

async function copy(story, button) {
  try {
    await navigator.clipboard.writeText(story.code);
    button.textContent = 'Copied';
  } catch {
    button.textContent = 'Select the code to copy it';
  }
  setTimeout(() => (button.textContent = 'Copy'), 2000);
}

function show() {
  const id = location.hash.slice(1);
  const story = STORIES.find((s) => s.id === id) ?? STORIES[0];
  unmount();
  renderNav(story.id);
  events = [];
  render(
    html`<h1 id="story-title">${story.title}</h1>
      <p id="story-description" class="description">${story.description}</p>
      <section class="canvas" id="canvas" aria-label="Live example">${story.template()}</section>
      <section class="code" aria-labelledby="code-title">
        <h2 id="code-title">The code <button type="button" class="small" @click=${(e) => copy(story, e.currentTarget)}>Copy</button></h2>
        <pre id="code"><code>${story.code}</code></pre>
      </section>
      <div class="panels">
        <section class="panel" aria-labelledby="attributes-title">
          <h2 id="attributes-title">Attributes</h2>
          <form id="attributes" class="attributes" @submit=${(e) => e.preventDefault()}></form>
        </section>
        <section class="panel" aria-labelledby="events-title">
          <h2 id="events-title">Events <button type="button" class="small" @click=${() => ((events = []), renderLog())}>Clear</button></h2>
          <ol id="log" class="log" aria-live="off"></ol>
        </section>
      </div>`,
    $('main'),
  );
  renderLog();
  unmount = story.mount?.($('canvas')) ?? (() => {});
  renderEditor(story);
  document.title = `${story.title} · offline-player`;
}

for (const type of LOGGED) $('main').addEventListener(type, log);
window.addEventListener('hashchange', show);
renderHeader();
show();
