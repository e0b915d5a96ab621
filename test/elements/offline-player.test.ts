import { expect, fixture, html, oneEvent, waitUntil, elementUpdated } from '@open-wc/testing';
import '../../src/elements/offline-player/offline-player.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import type { LocalAssetsManager } from '../../src/index.js';
import { cdp, engine, withNetworkCut } from '../support/browser.js';
import { fixtureEntry, newScope, scoped, waitForPlayback } from '../support/media.js';
import { isolatedManager, removeAll } from './helpers.js';

describe('<offline-player>', () => {
  let manager: LocalAssetsManager;
  let scope: string;
  beforeEach(() => {
    manager = isolatedManager('player');
    scope = newScope('player');
  });
  afterEach(async () => {
    await removeAll(manager);
  });

  it('streams an entry given as a property, says so, and is accessible', async () => {
    const entry = await fixtureEntry('clear-hls', scope);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted autoplay controls .manager=${manager}></offline-player>`);
    setTimeout(() => (el.entry = entry));
    const { detail } = await oneEvent(el, 'source-change');
    expect(detail.local).to.be.false;
    // The entry has one source, HLS: nothing else may be chosen.
    expect(detail.mediaSource.id).to.equal('clear-hls-src');
    expect(detail.mediaSource.mediaFormat).to.equal('hls');
    expect(detail.mediaSource.contentUrl).to.contain(`/t/${scope}/fixtures/media/clear/hls/master.m3u8`);
    expect(el.currentSource?.mediaFormat).to.equal('hls');
    expect(el.local).to.be.false;
    expect(el.hasAttribute('local')).to.be.false;
    await waitForPlayback(el.video, 1);
    await expect(el).to.be.accessible();
  });

  it('loads its entry from a src URL', async () => {
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager} src=${scoped(scope, '/fixtures/entries/clear-dash.json')}></offline-player>`);
    const { detail } = await oneEvent(el, 'entry-change');
    expect(detail.entry?.id).to.equal('clear-dash');
    const change = await oneEvent(el, 'source-change');
    expect(change.detail.mediaSource.contentUrl).to.contain(`/t/${scope}/fixtures/media/clear/dash/manifest.mpd`);
  });

  it('reads inline JSON, so plain HTML with no script works', async () => {
    const entry = await fixtureEntry('clear-mp4', scope);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}><script type="application/json">${JSON.stringify(entry)}</script></offline-player>`);
    await waitUntil(() => el.entry?.id === 'clear-mp4');
    await waitUntil(() => el.currentSource !== null);
    expect(el.currentSource!.mediaFormat).to.equal('mp4');
  });

  it('mirrors the native attributes onto its <video> and exposes it', async () => {
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted controls autoplay preload="metadata" poster="/fixtures/media/poster.jpg"></offline-player>`);
    const video = el.video;
    expect(video).to.be.instanceOf(HTMLVideoElement);
    expect(video.getAttribute('part')).to.equal('video');
    expect(video.muted && video.controls && video.autoplay).to.be.true;
    expect(video.getAttribute('preload')).to.equal('metadata');
    expect(video.getAttribute('poster')).to.equal('/fixtures/media/poster.jpg');
    el.controls = false;
    el.muted = false;
    el.setAttribute('preload', 'none');
    await elementUpdated(el);
    expect(video.controls).to.be.false;
    expect(video.muted).to.be.false;
    expect(el.preload).to.equal('none');
    expect(video.getAttribute('preload')).to.equal('none');
    el.poster = null;
    el.entry = await fixtureEntry('clear-mp4', scope);
    el.manager = manager;
    await elementUpdated(el);
    expect(video.getAttribute('poster'), 'the entry thumbnail by default').to.contain('/fixtures/media/poster.jpg');
  });

  it('plays the downloaded copy with the network cut, and reflects local', async () => {
    const entry = await fixtureEntry('clearkey-dash', scope);
    await manager.download(entry);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
    await withNetworkCut(async () => {
      setTimeout(() => (el.entry = entry));
      const { detail } = await oneEvent(el, 'source-change');
      expect(detail.local).to.be.true;
      expect(detail.mediaSource.contentUrl).to.match(/^offline:manifest\//);
      await elementUpdated(el);
      expect(el.hasAttribute('local')).to.be.true;
      expect(el.shadowRoot!.querySelector('[part=badge]')!.hasAttribute('hidden')).to.be.false;
      void el.play();
      await waitForPlayback(el.video, 1.5);
    });
  });

  it('switches to the local copy when the download completes, and back online when it is removed', async () => {
    const entry = await fixtureEntry('clear-dash', scope);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager} .entry=${entry}></offline-player>`);
    await oneEvent(el, 'source-change');
    expect(el.local).to.be.false;
    setTimeout(() => void manager.download(entry));
    const toLocal = await oneEvent(el, 'source-change');
    expect(toLocal.detail.local).to.be.true;
    setTimeout(() => void manager.removeAsset('clear-dash'));
    const toOnline = await oneEvent(el, 'source-change');
    expect(toOnline.detail.local).to.be.false;
  });

  it('reports a broken entry with a typed player-error and a visible, accessible message', async () => {
    const entry = await fixtureEntry('broken', scope);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${manager}></offline-player>`);
    setTimeout(() => (el.entry = entry));
    const { detail } = await oneEvent(el, 'player-error');
    expect(detail.error.code).to.equal('PLAYBACK_ERROR');
    expect(detail.error.message).to.match(/Playback failed/);
    expect((detail.error.details.failures as string[]).length, 'every source was tried').to.equal(3);
    expect(detail.error.message).to.contain('HTTP 404');
    await elementUpdated(el);
    // Human words in the alert; the technical text (URLs, Shaka's codes) stays on the error.
    const message = el.shadowRoot!.querySelector('[part=message]')!;
    expect(message.getAttribute('role')).to.equal('alert');
    expect(message.hasAttribute('hidden')).to.be.false;
    expect(message.textContent).to.equal('This video cannot be played right now.');
    expect(el.errorMessage).to.equal(message.textContent);
    expect(el.shadowRoot!.textContent).to.not.match(/https?:|HTTP 404|Shaka/);
    expect(el.shadowRoot!.querySelector('[part=details]'), 'no disclosure unless asked').to.be.null;
    await expect(el).to.be.accessible();
    // error-details: a disclosure with the code and the technical message, outside the alert.
    el.errorDetails = true;
    await elementUpdated(el);
    const details = el.shadowRoot!.querySelector<HTMLDetailsElement>('[part=details]')!;
    expect(details.open).to.be.false;
    expect(details.textContent).to.contain('PLAYBACK_ERROR').and.contain('Playback failed').and.contain('HTTP 404');
    expect(message.textContent, 'the alert stays human').to.equal('This video cannot be played right now.');
    await expect(el).to.be.accessible();
  });

  it('reports bad entry JSON as INVALID_ENTRY', async () => {
    const el = await fixture<OfflinePlayerElement>(html`<offline-player .manager=${manager}><script type="application/json">{"id": "x", "sources": []}</script></offline-player>`);
    await waitUntil(() => el.error !== null);
    expect(el.error!.code).to.equal('INVALID_ENTRY');
    const bad = await fixture<OfflinePlayerElement>(html`<offline-player .manager=${manager}></offline-player>`);
    setTimeout(() => (bad.src = '/fixtures/entries/nope.json'));
    const { detail } = await oneEvent(bad, 'player-error');
    expect(detail.error.code).to.equal('NETWORK_ERROR');
  });
});

describe('<offline-player> moved in the DOM', () => {
  /** Event listeners on a <video>, by type, as Chromium's DevTools see them (each attached Shaka player adds its own). */
  async function listenersOn(video: HTMLVideoElement): Promise<Record<string, number>> {
    (window as unknown as { __video: HTMLVideoElement }).__video = video;
    const { result } = await cdp<{ result: { objectId: string } }>('Runtime.evaluate', { expression: 'window.__video' });
    const { listeners } = await cdp<{ listeners: Array<{ type: string }> }>('DOMDebugger.getEventListeners', { objectId: result.objectId });
    const counts: Record<string, number> = {};
    for (const { type } of listeners) counts[type] = (counts[type] ?? 0) + 1;
    return counts;
  }

  it('while its Shaka player is being created: one player, never a second one left attached', async function () {
    // The listeners on an element are seen through DevTools (DOMDebugger), which only Chromium speaks.
    if ((await engine()).protocol !== 'cdp') this.skip();
    const manager = isolatedManager('moves');
    const scope = newScope('moves');
    const entry = await fixtureEntry('clear-mp4', scope);
    const holder = await fixture<HTMLDivElement>(html`<div></div>`);
    // A player that is never moved: what one Shaka player leaves on its video.
    const still = document.createElement('offline-player');
    Object.assign(still, { manager, muted: true, entry });
    holder.append(still);
    // Both are compared once loaded and settled: while it loads, Shaka keeps one-shot listeners
    // (loadeddata, canplay) that go once those events fire.
    const settled = async (el: OfflinePlayerElement, what: string) => {
      await waitUntil(() => el.currentSource !== null && el.video.readyState >= HTMLMediaElement.HAVE_FUTURE_DATA, what, { timeout: 15000 });
      await new Promise((r) => setTimeout(r, 500));
    };
    await settled(still, 'the reference plays');
    const one = await listenersOn(still.video);
    expect(Object.keys(one).length, 'Shaka listens to its video').to.be.above(0);
    // The same, moved again and again while its player is being created.
    const moved = document.createElement('offline-player');
    Object.assign(moved, { manager, muted: true, entry });
    holder.append(moved);
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 3));
      moved.remove();
      holder.append(moved);
    }
    await settled(moved, 'it plays after the moves');
    expect(await listenersOn(moved.video)).to.deep.equal(one);
    expect(moved.shakaPlayer).to.not.equal(null);
    holder.remove();
  });
});
