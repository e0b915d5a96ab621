// Where the elements get their entry, the way pages give it: bad entries by
// every route (src, the entry property, inline JSON) get a typed error event
// and a visible message (the work a bad entry can cause is bounded by
// ENTRY_LIMITS, refused before parsing: no timing is asserted here); an
// element whose src cannot be fetched uses the entry kept with the download
// (no service worker here: an open tab with the network cut); `asset-id`
// alone uses the stored entry; inline JSON is read when it arrives.
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/elements/download-button/download-button.js';
import '../../src/elements/offline-player/offline-player.js';
import type { DownloadButtonElement } from '../../src/elements/download-button/download-button.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import { ENTRY_LIMITS, type LocalAssetsManager, type MediaEntry, type OfflineError } from '../../src/index.js';
import { cutNetwork, restoreNetwork, withNetworkCut } from '../support/browser.js';
import { fixtureEntry, newScope, scoped, waitForPlayback } from '../support/media.js';
import { playsFor } from '../support/play.js';
import { rejects } from '../support/errors.js';
import { isolatedManager, removeAll, waitForState } from './helpers.js';

type Route = 'src' | 'property' | 'inline';
type Tag = 'offline-player' | 'download-button';

/** Every kind of bad entry a page can give, as JSON text. */
const GOOD_SOURCE = { id: 's', contentUrl: '/fixtures/media/clear/mp4/video.mp4', mediaFormat: 'mp4' };
const BAD: Record<string, string> = {
  'not JSON': '{ "id": "x", "sources": [',
  'an array': '[{ "id": "x" }]',
  'no id': JSON.stringify({ sources: [GOOD_SOURCE] }),
  'no sources': JSON.stringify({ id: 'x', sources: [] }),
  'a javascript: URL': JSON.stringify({ id: 'x', sources: [{ ...GOOD_SOURCE, contentUrl: 'javascript:alert(1)' }] }),
  'a prototype key': `{"id":"x","sources":[{"id":"s","contentUrl":"/a.mp4","mediaFormat":"mp4","__proto__":{"polluted":true}}]}`,
  'mimeType "constructor"': JSON.stringify({ id: 'x', sources: [{ id: 's', contentUrl: '/a', mimeType: 'constructor' }] }),
  'an unknown format': JSON.stringify({ id: 'x', sources: [{ ...GOOD_SOURCE, mediaFormat: 'flv' }] }),
  '50,000 sources': JSON.stringify({ id: 'x', sources: Array.from({ length: 50000 }, (_, i) => ({ ...GOOD_SOURCE, id: `s${i}` })) }),
};

function visibleMessage(el: HTMLElement): string {
  const message = el.shadowRoot!.querySelector<HTMLElement>('[part=message]')!;
  return message.offsetHeight > 0 && !message.hidden ? message.textContent!.trim() : '';
}

describe('bad entries at the elements: a typed error and a visible message, by every route', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  let kept: MediaEntry;
  before(async () => {
    manager = isolatedManager('bad-entries');
    scope = newScope('bad-entries');
    // Downloaded before: it must still play offline after all of this.
    kept = await fixtureEntry('clear-mp4', scope);
    await manager.download(kept);
  });
  after(async () => {
    await withNetworkCut(async () => {
      expect(navigator.onLine).to.be.false;
      await playsFor(await manager.createLocalMediaEntry('clear-mp4'), 1);
    });
    expect((await manager.listAssets()).map((a) => `${a.assetId} ${a.state}`)).to.deep.equal(['clear-mp4 completed']);
    await removeAll(manager);
  });

  async function place(tag: Tag, route: Route, json: string): Promise<HTMLElement> {
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement(tag) as OfflinePlayerElement | DownloadButtonElement;
    el.manager = manager;
    if (route === 'src') el.src = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
    if (route === 'property') el.entry = (() => {
      try {
        return JSON.parse(json);
      } catch {
        return json; // not JSON: the text itself is what the page gives
      }
    })();
    if (route === 'inline') {
      const script = document.createElement('script');
      script.type = 'application/json';
      script.textContent = json;
      el.append(script);
    }
    holder.append(el);
    return el;
  }

  for (const [name, json] of Object.entries(BAD)) {
    for (const route of ['src', 'property', 'inline'] as Route[]) {
      for (const tag of ['offline-player', 'download-button'] as Tag[]) {
        it(`${name}, through ${route}, at <${tag}>`, async () => {
          const event = tag === 'offline-player' ? 'player-error' : 'download-error';
          // Waits on the event and the message (no wall-clock assertion: how fast a bad entry is refused is bounded
          // by ENTRY_LIMITS, checked by the parser's tests, not by timing a shared machine).
          const caught = new Promise<OfflineError>((resolve) => document.addEventListener(event, (e) => resolve((e as CustomEvent).detail.error), { once: true }));
          const el = await place(tag, route, json);
          const error = await Promise.race([caught, new Promise<null>((r) => setTimeout(() => r(null), 10000))]);
          expect(error, `${event} fired`).to.not.be.null;
          await waitUntil(() => visibleMessage(el) !== '', 'a visible message', { timeout: 5000 });
          if (tag === 'download-button') {
            const button = el as DownloadButtonElement;
            expect(button.state).to.equal('failed');
            expect(button.shadowRoot!.querySelector('[part=label]')!.textContent).to.equal('Cannot download');
            expect((await rejects(button.download())).code).to.equal('INVALID_ENTRY');
          }
          expect(error!.code).to.equal('INVALID_ENTRY');
          expect(error!.message).to.match(/entry/i);
          expect(({} as Record<string, unknown>).polluted).to.be.undefined;
        });
      }
    }
  }

  it('the limits are documented values', () => {
    expect(ENTRY_LIMITS.sources).to.equal(32);
    expect(ENTRY_LIMITS.jsonLength).to.equal(1024 * 1024);
  });
});

describe('offline in an open tab (no service worker): elements fall back to the stored entry', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  beforeEach(() => {
    manager = isolatedManager('stored-entry');
    scope = newScope('stored-entry');
  });
  afterEach(async () => {
    await restoreNetwork();
    await removeAll(manager);
  });

  it('a player and a button whose src cannot be fetched play and show the download', async () => {
    const src = scoped(scope, '/fixtures/entries/clear-dash.json');
    await manager.download(await manager.loadMediaEntry(src));
    expect((await manager.getAssetStatus('clear-dash')).entryUrl).to.equal(new URL(src, location.href).href);
    await cutNetwork();
    const root = await fixture<HTMLDivElement>(html`<div>
      <offline-player id="stored-p" muted .manager=${manager} src=${src}></offline-player>
      <download-button for="stored-p"></download-button>
      <download-button id="alone" .manager=${manager} src=${src}></download-button>
    </div>`);
    const player = root.querySelector('offline-player')!;
    await waitUntil(() => player.local, 'the player plays the local copy', { timeout: 10000 });
    expect(player.entry?.id).to.equal('clear-dash');
    void player.play();
    await waitForPlayback(player.video, 1);
    for (const button of root.querySelectorAll('download-button')) await waitForState(button, 'completed');
    expect(player.error).to.be.null;
  });

  it('src of a video never downloaded: NOT_AVAILABLE_OFFLINE in words, until the network is back', async () => {
    const src = scoped(scope, '/fixtures/entries/clear-hls.json');
    await cutNetwork();
    const root = await fixture<HTMLDivElement>(html`<div>
      <offline-player id="never-p" muted .manager=${manager} src=${src}></offline-player>
      <download-button .manager=${manager} src=${src}></download-button>
    </div>`);
    const player = root.querySelector('offline-player')!;
    const button = root.querySelector('download-button')!;
    await waitUntil(() => player.error && button.error, 'both say why', { timeout: 5000 });
    expect(player.error!.code).to.equal('NOT_AVAILABLE_OFFLINE');
    expect(visibleMessage(player)).to.equal('You are offline and this video is not downloaded');
    expect(button.error!.code).to.equal('NOT_AVAILABLE_OFFLINE');
    expect(visibleMessage(button)).to.equal('You are offline and this video is not downloaded');
    await expect(button).to.be.accessible();
    await restoreNetwork();
    // Back online: the entry loads and the button offers the download again.
    await waitUntil(() => button.entry?.id === 'clear-hls' && button.state === 'none', 'back online', { timeout: 10000 });
    expect(button.error).to.be.null;
    await waitUntil(() => player.currentSource !== null, 'the player streams', { timeout: 10000 });
  });

  it('asset-id alone: the stored entry plays; an asset not downloaded says so, and appears when it is', async () => {
    const entry = await fixtureEntry('clear-mp4', scope);
    const root = await fixture<HTMLDivElement>(html`<div>
      <offline-player id="aid-p" muted .manager=${manager} asset-id="clear-mp4"></offline-player>
      <download-button .manager=${manager} asset-id="clear-mp4"></download-button>
    </div>`);
    const player = root.querySelector('offline-player')!;
    const button = root.querySelector('download-button')!;
    await waitUntil(() => player.error?.code === 'ASSET_NOT_FOUND', 'not downloaded yet');
    expect(visibleMessage(player)).to.equal('This video is not downloaded');
    expect(button.state).to.equal('none');
    await manager.download(entry);
    await cutNetwork();
    await waitUntil(() => player.local, 'the download appeared and plays', { timeout: 10000 });
    expect(player.entry?.id).to.equal('clear-mp4');
    expect(player.error).to.be.null;
    void player.play();
    await waitForPlayback(player.video, 1);
    await waitForState(button, 'completed');
    expect(button.entry?.id).to.equal('clear-mp4');
  });
});

describe('inline JSON', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  beforeEach(() => {
    manager = isolatedManager('inline');
    scope = newScope('inline');
  });
  afterEach(async () => {
    await removeAll(manager);
  });

  it('is read when it arrives after the element is connected, and again when it changes', async () => {
    const player = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
    expect(player.entry).to.be.null;
    const script = document.createElement('script');
    script.type = 'application/json';
    script.textContent = JSON.stringify(await fixtureEntry('clear-mp4', scope));
    player.append(script);
    await waitUntil(() => player.entry?.id === 'clear-mp4', 'read when added');
    script.textContent = JSON.stringify(await fixtureEntry('clear-hls', scope));
    await waitUntil(() => player.entry?.id === 'clear-hls', 'read again when changed');
    await waitUntil(() => player.currentSource?.mediaFormat === 'hls', 'and played');
  });

  it('a button with inline JSON downloads it', async () => {
    const entry = await fixtureEntry('clear-mp4', scope);
    const button = await fixture<DownloadButtonElement>(
      html`<download-button .manager=${manager}><script type="application/json">${JSON.stringify(entry)}</script></download-button>`,
    );
    await waitUntil(() => button.entry?.id === 'clear-mp4');
    await button.download();
    await waitForState(button, 'completed');
  });
});
