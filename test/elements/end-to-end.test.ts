// What a page author does: tags on a page, a click on the button, the network
// goes away, the page's player plays the local copy. Once with the ES
// modules, once with only the one-file IIFE build in plain HTML.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import { withNetworkCut } from '../support/browser.js';
import { newScope, scoped, serverState, waitForPlayback } from '../support/media.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

async function downloadThenPlayOffline(player: OfflinePlayerElement, button: DownloadButtonElement): Promise<void> {
  await waitUntil(() => button.effectiveAssetId === 'clearkey-dash', 'the button found the player’s entry', { timeout: 10000 });
  await waitUntil(() => player.currentSource !== null, 'the player streams online first', { timeout: 10000 });
  expect(player.local).to.be.false;
  button.shadowRoot!.querySelector<HTMLButtonElement>('[part=button]')!.click();
  await waitForState(button, 'completed', 30000);
  await waitUntil(() => player.local, 'the player switched to the local copy', { timeout: 10000 });
  await withNetworkCut(async () => {
    expect(navigator.onLine).to.be.false;
    player.video.currentTime = 0;
    void player.video.play();
    await waitForPlayback(player.video, 1.5);
    expect(button.state).to.equal('completed');
    expect(button.getAttribute('state')).to.equal('completed');
  });
}

describe('end to end: download with the button, play offline in the page’s player', () => {
  it('with the ES modules', async () => {
    const scope = newScope('e2e');
    const manager = isolatedManager('e2e');
    const root = await fixture<HTMLDivElement>(html`<div>
      <offline-player id="e2e-player" muted controls .manager=${manager} src=${scoped(scope, '/fixtures/entries/clearkey-dash.json')}></offline-player>
      <download-button for="e2e-player"></download-button>
    </div>`);
    try {
      await downloadThenPlayOffline(root.querySelector('offline-player')!, root.querySelector('download-button')!);
      const { log } = await serverState(scope);
      expect(log.some((e) => e.path.endsWith('.m4s')), 'the media came from the server').to.be.true;
    } finally {
      await removeAll(manager);
    }
  });

  it('with only the IIFE script in a plain HTML page (demo/embed.html)', async () => {
    const scope = newScope('embed');
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width: 800px; height: 600px';
    frame.src = scoped(scope, '/demo/embed.html');
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    document.body.append(frame);
    try {
      await loaded;
      expect(frame.contentWindow!.customElements.get('download-button'), 'the IIFE defined the elements').to.be.a('function');
      const doc = frame.contentDocument!;
      const player = doc.querySelector('offline-player') as OfflinePlayerElement;
      const button = doc.querySelector('download-button') as DownloadButtonElement;
      expect(doc.querySelectorAll('script').length, 'no script but the IIFE').to.equal(1);
      await downloadThenPlayOffline(player, button);
      await (frame.contentWindow as unknown as { OfflinePlayer: typeof import('../../src/index.js') }).OfflinePlayer.getDefaultManager().removeAsset('clearkey-dash');
    } finally {
      frame.remove();
    }
  });

  it('the ESM bundle and the IIFE meet on one page without clashing', async () => {
    const frame = document.createElement('iframe');
    const errors: string[] = [];
    frame.srcdoc = `<!doctype html><html><head>
      <script src="/dist/offline-player.iife.js"></script>
      <script type="module">import * as esm from '/dist/bundle/offline-player.js'; window.esm = esm;</script>
      </head><body><download-button></download-button></body></html>`;
    document.body.append(frame);
    try {
      await waitUntil(() => (frame.contentWindow as unknown as { esm?: unknown })?.esm, 'both builds loaded', { timeout: 15000 });
      const win = frame.contentWindow as unknown as Window & { esm: typeof import('../../src/index.js'); OfflinePlayer: typeof import('../../src/index.js') };
      win.addEventListener('error', (e) => errors.push(e.message));
      expect(win.customElements.get('download-button')).to.equal(win.OfflinePlayer.DownloadButtonElement, 'the first build registered it');
      expect(win.esm.getDefaultManager(), 'one default manager for both').to.equal(win.OfflinePlayer.getDefaultManager());
      expect(errors).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});

describe('a page with only buttons', () => {
  it('renders the right state without loading the player code', async () => {
    const scope = newScope('buttons-only');
    const manager = isolatedManager('buttons-only');
    const entryUrl = scoped(scope, '/fixtures/entries/clear-dash.json');
    const name = `buttons-only-${scope}`;
    const { openFrame } = await import('../support/frames.js');
    // Download in one page...
    const first = await openFrame();
    const owner = new first.api.LocalAssetsManager(new first.api.DefaultLocalDataStore({ name }));
    await owner.download(await first.api.fetchMediaEntry(entryUrl));
    first.remove();
    // ...and show it in a fresh page that has only a button.
    const page = await openFrame();
    try {
      const button = page.window.document.createElement('download-button') as DownloadButtonElement;
      button.manager = new page.api.LocalAssetsManager(new page.api.DefaultLocalDataStore({ name }));
      button.src = entryUrl;
      page.window.document.body.append(button);
      await waitForState(button, 'completed');
      expect(page.api.isShakaLoaded()).to.be.false;
      const loaded = page.window.performance.getEntriesByType('resource').map((r) => r.name);
      expect(loaded.filter((url) => url.includes('shaka-player')), 'no Shaka request').to.deep.equal([]);
      await button.manager.removeAsset('clear-dash');
    } finally {
      page.remove();
      await removeAll(manager);
    }
  });
});
