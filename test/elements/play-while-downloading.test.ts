// Play while downloading: <offline-player> plays an asset that is still
// downloading (or paused) from what is stored and the network for the rest,
// and the server's own request log shows no segment fetched twice.
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/elements/offline-player/offline-player.js';
import type { OfflinePlayerElement } from '../../src/elements/offline-player/offline-player.js';
import { DefaultLocalDataStore, LocalAssetsManager, type MediaEntry, loadSource } from '../../src/index.js';
import type { SourceChangeDetail } from '../../src/events/source-change.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { withNetworkCut } from '../support/browser.js';
import { rejects } from '../support/errors.js';
import { playsFor } from '../support/play.js';
import { storedVersusFixtures } from '../support/integrity.js';
import { fixtureEntry, newScope, setFaults, waitForPlayback } from '../support/media.js';
import { mediaRequests, progressReaches, refetched, waitForAssetState } from '../resilience/helpers.js';
import { openFrame } from '../support/frames.js';
import { removeAll } from './helpers.js';

const PARALLEL = 2;
const DASH_FOLDERS = ['media/clear/dash/video-360/', 'media/clear/dash/audio-en/', 'media/clear/dash/audio-fr/', 'media/clear/dash/text-en/'];

let n = 0;
function manager(label: string): LocalAssetsManager {
  return new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-pwd-${label}-${Date.now()}-${++n}` }), { parallelDownloads: PARALLEL });
}

/** Every source-change of an element, in order. */
function sourceChanges(el: HTMLElement): SourceChangeDetail[] {
  const seen: SourceChangeDetail[] = [];
  el.addEventListener('source-change', (e) => seen.push(e.detail));
  return seen;
}

describe('play while downloading', () => {
  let m: LocalAssetsManager;
  afterEach(async () => {
    await removeAll(m);
  });

  /**
   * A download of `fixture` started by a new manager (`m`) with its segments
   * slowed to `bytesPerSecond`, so the player asks for segments the download
   * has not stored yet (in flight, or queued).
   */
  async function slowDownload(
    label: string,
    fixtureName: Parameters<typeof fixtureEntry>[0],
    bytesPerSecond: number,
    segments = '\\.(m4s|vtt)$',
  ): Promise<{ scope: string; entry: MediaEntry; planning: Awaited<ReturnType<typeof mediaRequests>> }> {
    const scope = newScope(label);
    m = manager(scope);
    const entry = await fixtureEntry(fixtureName, scope);
    await setFaults(scope, [{ match: segments, latencyMs: 40, bytesPerSecond }]);
    const prepared = await m.prepareForDownload(entry);
    // What planning read (HLS: the playlists, and sampled segments for the size).
    const planning = await mediaRequests(scope);
    await m.startDownload(prepared);
    return { scope, entry, planning };
  }

  /**
   * The player on `entry` plays the download as it is (partial), while it
   * still downloads; then the download goes on to completion at full speed.
   */
  async function playsWhileItDownloads(scope: string, entry: MediaEntry): Promise<OfflinePlayerElement> {
    const { el, detail } = await playerOn(entry);
    expect(detail.partial, 'the downloading asset plays as it is').to.be.true;
    void el.play();
    await waitForPlayback(el.video, 1);
    expect((await m.getAssetStatus(entry.id)).state, 'playback started before the download completed').to.equal('downloading');
    await setFaults(scope, []);
    await m.whenDownloaded(entry.id);
    return el;
  }

  /** An <offline-player> on `m` given `entry`, once it has chosen what to play (its first source-change). */
  async function playerOn(entry: MediaEntry): Promise<{ el: OfflinePlayerElement; detail: SourceChangeDetail }> {
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${m}></offline-player>`);
    setTimeout(() => (el.entry = entry));
    const { detail } = await oneEvent(el, 'source-change');
    return { el, detail };
  }

  it('DASH: plays before the download completes, goes on through completion, and nothing is fetched twice', async () => {
    // Slow segments: the download takes about ten seconds.
    const { scope, entry } = await slowDownload('pwd-dash', 'clear-dash', 50_000);
    expect((await m.getAssetStatus('clear-dash')).state).to.equal('downloading');

    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted .manager=${m}></offline-player>`);
    const changes = sourceChanges(el);
    setTimeout(() => (el.entry = entry));
    const { detail } = await oneEvent(el, 'source-change');
    expect(detail.partial, 'the downloading asset plays as it is').to.be.true;
    expect(detail.local).to.be.false;
    expect(detail.mediaSource.contentUrl).to.match(/^offline-stream:/);
    expect(el.local).to.be.false;
    void el.play();
    await waitForPlayback(el.video, 1);
    const atPlayback = await m.getAssetStatus('clear-dash');
    expect(atPlayback.state, 'playback started before the download completed').to.equal('downloading');
    expect(atPlayback.fraction).to.be.below(1);

    await m.whenDownloaded('clear-dash');
    // Completion changes nothing for the video: no reload, it plays on (now all from storage).
    await waitUntil(() => el.local, 'the badge says downloaded once complete');
    await waitForPlayback(el.video, 1);
    expect(changes, 'no reload when the download completed').to.have.length(1);
    expect(el.error).to.be.null;

    const again = await refetched(scope);
    const requests = await mediaRequests(scope);
    const video360 = [...requests.keys()].filter((k) => k.includes('/video-360/'));
    console.log(
      `play while downloading (DASH): playing after 1 s of media with ${Math.round(atPlayback.fraction * 100)} % stored; ${requests.size} segment resources requested, ${again.resources.length} twice; video-360: ${video360.length} resources`,
    );
    expect(again.resources, 'no segment URL+range fetched twice').to.deep.equal([]);
    const { stored, expected } = await storedVersusFixtures('clear-dash', DASH_FOLDERS);
    expect(stored, 'stored bytes are the served ones').to.deep.equal(expected);
  });

  it('seeking ahead of the download: the segments there are fetched at once, ahead of its queue, and still once', async () => {
    const { scope, entry } = await slowDownload('pwd-seek', 'clear-dash', 50_000);
    const { el, detail } = await playerOn(entry);
    expect(detail.partial).to.be.true;
    void el.play();
    await waitForPlayback(el.video, 0.2);
    el.video.currentTime = 15;
    await waitUntil(() => el.video.currentTime >= 15.5, 'plays on from 15 s', { timeout: 20000 });
    const atSeek = await m.getAssetStatus('clear-dash');
    expect(atSeek.state, 'the segments at 15 s came before the download reached them').to.equal('downloading');
    await setFaults(scope, []);
    await m.whenDownloaded('clear-dash');
    expect((await refetched(scope)).resources).to.deep.equal([]);
    const { stored, expected } = await storedVersusFixtures('clear-dash', DASH_FOLDERS);
    expect(stored).to.deep.equal(expected);
  });

  it('HLS (fMP4): the same, counting from the start of the download (the planner reads the playlists before)', async () => {
    const { scope, entry, planning } = await slowDownload('pwd-hls', 'clear-hls', 60_000, '\\.(m4s|mp4|vtt)$');
    const el = await playsWhileItDownloads(scope, entry);
    await waitForPlayback(el.video, 0.5);
    const twice = [...(await mediaRequests(scope))].filter(([k, entries]) => entries.length - (planning.get(k)?.length ?? 0) > 1).map(([k]) => k);
    console.log(`play while downloading (HLS): ${planning.size} resources read while planning; ${twice.length} fetched twice after`);
    expect(twice, 'no segment URL+range fetched twice by the player and the download').to.deep.equal([]);
  });

  it('ClearKey DASH: the stored (encrypted as served) and network segments play as one stream, each fetched once', async () => {
    const { scope, entry } = await slowDownload('pwd-clearkey', 'clearkey-dash', 60_000);
    await playsWhileItDownloads(scope, entry);
    expect((await refetched(scope)).resources).to.deep.equal([]);
    const folders = DASH_FOLDERS.map((f) => f.replace('/clear/', '/clearkey/'));
    const { stored, expected } = await storedVersusFixtures('clearkey-dash', folders);
    expect(stored).to.deep.equal(expected);
  });

  it('HLS AES-128 (stored decrypted, served encrypted) is refused with ASSET_NOT_COMPLETE and streamed instead', async () => {
    const { scope, entry } = await slowDownload('pwd-aes', 'hls-aes128', 40_000, '\\.ts$');
    const refused = await rejects(m.createLocalMediaEntry('hls-aes128'));
    expect(refused.code).to.equal('ASSET_NOT_COMPLETE');
    expect(refused.details.reason).to.equal('hls-aes-128');
    const { el, detail } = await playerOn(entry);
    expect(detail.partial).to.be.false;
    expect(detail.mediaSource.contentUrl).to.match(/^http/);
    // Streaming online needs the segments at a watchable pace. (Half a second:
    // Firefox's online stream of this TS shape was once seen stalling at 0.93 s,
    // in the plain streaming path this test does not change.)
    await setFaults(scope, []);
    void el.play();
    await waitForPlayback(el.video, 0.5);
    await m.whenDownloaded('hls-aes128');
  });

  it('a download running in another tab: what it stored plays from storage, the rest from the network', async () => {
    const scope = newScope('pwd-tab');
    const name = `test-pwd-tab-${scope}`;
    const entry = await fixtureEntry('clear-dash', scope);
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 40, bytesPerSecond: 60_000 }]);
    const tab = await openFrame();
    try {
      const other = new tab.api.LocalAssetsManager(new tab.api.DefaultLocalDataStore({ name }), { parallelDownloads: PARALLEL });
      await other.startDownload(await other.prepareForDownload(entry));
      await progressReaches(other as unknown as LocalAssetsManager, 'clear-dash', 0.3);
      m = new LocalAssetsManager(new DefaultLocalDataStore({ name }));
      const { el, detail } = await playerOn(entry);
      expect(detail.partial).to.be.true;
      void el.play();
      await waitForPlayback(el.video, 1);
      expect((await m.getAssetStatus('clear-dash')).state).to.equal('downloading');
      await setFaults(scope, []);
      await other.whenDownloaded('clear-dash');
      const requests = await mediaRequests(scope);
      const first = [...requests].find(([k]) => k.includes('/video-360/1.m4s'));
      expect(first?.[1], 'a segment stored before the player started was read from storage').to.have.length(1);
      // Not avoided across tabs: the exchange is per page.
      console.log(`download in another tab: ${(await refetched(scope)).resources.length} segments fetched by both the player and the download`);
    } finally {
      tab.remove();
    }
  });

  it('a paused download plays: stored segments from storage, the rest from the network (and the download is not fed)', async () => {
    const { scope, entry } = await slowDownload('pwd-paused', 'clear-dash', 150_000);
    await progressReaches(m, 'clear-dash', 0.3);
    const paused = await m.pauseDownload('clear-dash');
    expect(paused.state).to.equal('paused');
    await setFaults(scope, []);
    const before = await mediaRequests(scope);

    const { el, detail } = await playerOn(entry);
    expect(detail.partial).to.be.true;
    void el.play();
    await waitForPlayback(el.video, 1.5);
    const status = await m.getAssetStatus('clear-dash');
    expect(status.state, 'playing does not resume the download').to.equal('paused');
    expect(status.bytesDownloaded, 'nor add to it').to.equal(paused.bytesDownloaded);
    // What the download had stored before the pause was read from storage:
    // only the segments in flight at the pause (kept as partials) may be asked again.
    const again = await refetched(scope);
    console.log(`paused asset played: ${before.size} resources downloaded before the pause, ${again.resources.length} asked again by the player`);
    expect(again.resources.length, again.resources.join(', ')).to.be.at.most(PARALLEL);
    expect(before.size).to.be.greaterThan(again.resources.length + 2);

    // The manager's API with a Shaka player of one's own (the README's loadSource line).
    await playsFor(await m.createLocalMediaEntry('clear-dash'));
    // With no network, the missing part cannot come: refused, typed.
    const offline = await withNetworkCut(() => rejects(m.createLocalMediaEntry('clear-dash')));
    expect(offline.code).to.equal('ASSET_NOT_COMPLETE');
    expect(offline.details.reason).to.equal('offline');
  });

  it('plays the video rendition the download keeps, even when a low bandwidth estimate would pick another', async () => {
    const { scope, entry } = await slowDownload('pwd-rendition', 'clear-dash', 150_000);
    await progressReaches(m, 'clear-dash', 0.3);
    await m.pauseDownload('clear-dash');
    await setFaults(scope, []);
    const { el } = await playerOn(entry);
    // An estimate of 50 kbit/s: left free, the player would take the 180p rendition (which is not downloaded).
    el.shakaPlayer!.configure({ abr: { defaultBandwidthEstimate: 50_000, useNetworkInformation: false } });
    setTimeout(() => void el.reload());
    expect((await oneEvent(el, 'source-change')).detail.partial).to.be.true;
    void el.play();
    await waitForPlayback(el.video, 1);
    const active = el.shakaPlayer!.getVariantTracks().find((t) => t.active);
    expect(active?.height).to.equal(360);
    const video180 = [...(await mediaRequests(scope)).keys()].filter((k) => k.includes('/video-180/'));
    expect(video180, 'nothing of a rendition that is not downloaded').to.deep.equal([]);
    // The next source loaded in that player is not restricted any more.
    el.entry = await fixtureEntry('clear-hls', scope);
    await oneEvent(el, 'source-change');
    expect(el.shakaPlayer!.getConfiguration().restrictions.minHeight).to.equal(0);
  });

  it('bad input: unknown, invalid and removed assets, a closed stream, and a removal while playing', async () => {
    const scope = newScope('pwd-bad');
    m = manager(scope);
    expect((await rejects(m.createLocalMediaEntry('nope'))).code).to.equal('ASSET_NOT_FOUND');
    expect((await rejects(m.createLocalMediaEntry(''))).code).to.equal('INVALID_ARGUMENT');
    expect((await rejects(m.createLocalMediaEntry(42 as unknown as string))).code).to.equal('INVALID_ARGUMENT');

    // A stream this page never opened (a stale entry, another page's): typed, before Shaka fetches anything.
    const shaka = await loadShaka();
    const player = new shaka.Player();
    try {
      const closed = await rejects(loadSource(player, { id: 'x', contentUrl: 'offline-stream:no-such-asset', mediaFormat: 'dash', drmData: [] }));
      expect(closed.code).to.equal('ASSET_NOT_FOUND');
    } finally {
      await player.destroy();
    }

    const entry = await fixtureEntry('clear-dash', scope);
    await setFaults(scope, [{ match: '\\.(m4s|vtt)$', latencyMs: 40, bytesPerSecond: 60_000 }]);
    await m.startDownload(await m.prepareForDownload(entry));
    const { el, detail } = await playerOn(entry);
    expect(detail.partial).to.be.true;
    void el.play();
    await waitForPlayback(el.video, 0.5);
    // Removed while it plays: the stream stops and the element loads again (online here), as for a removed copy.
    setTimeout(() => void m.removeAsset('clear-dash'));
    const after = await oneEvent(el, 'source-change');
    expect(after.detail.partial).to.be.false;
    expect(after.detail.local).to.be.false;
    expect((await rejects(m.createLocalMediaEntry('clear-dash'))).code).to.equal('ASSET_NOT_FOUND');
    await waitForAssetState(m, 'clear-dash', 'none');
  });

  it('known only by its asset id: removed while it plays, it stops with ASSET_NOT_FOUND', async () => {
    await slowDownload('pwd-id', 'clear-dash', 60_000);
    const el = await fixture<OfflinePlayerElement>(html`<offline-player muted asset-id="clear-dash" .manager=${m}></offline-player>`);
    await waitUntil(() => el.currentSource !== null, 'the element found the download and plays it', { timeout: 20000 });
    expect(el.currentSource!.contentUrl).to.match(/^offline-stream:/);
    void el.play();
    await waitForPlayback(el.video, 0.5);
    setTimeout(() => void m.removeAsset('clear-dash'));
    const { detail } = await oneEvent(el, 'player-error');
    expect(detail.error.code).to.equal('ASSET_NOT_FOUND');
    expect(el.currentSource).to.be.null;
    await waitForAssetState(m, 'clear-dash', 'none');
  });

  it('refuses what cannot play while downloading (a single MP4 file) with ASSET_NOT_COMPLETE, and the element streams it', async () => {
    const scope = newScope('pwd-mp4');
    m = manager(scope);
    const entry = await fixtureEntry('clear-mp4', scope);
    await setFaults(scope, [{ match: 'video\\.mp4$', methods: ['GET'], bytesPerSecond: 150_000 }]);
    await m.startDownload(await m.prepareForDownload(entry));
    const refused = await rejects(m.createLocalMediaEntry('clear-mp4'));
    expect(refused.code).to.equal('ASSET_NOT_COMPLETE');
    expect(refused.details.reason).to.equal('progressive');
    const { detail } = await playerOn(entry);
    expect(detail.partial).to.be.false;
    expect(detail.mediaSource.contentUrl).to.match(/^http/);
    await setFaults(scope, []);
    await m.whenDownloaded('clear-mp4');
  });
});
