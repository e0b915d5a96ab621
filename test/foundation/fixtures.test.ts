// The fixtures and the license server are real: every clear fixture plays
// online in Shaka, and the ClearKey ones play with keys fetched from the
// project's license server (no inline keys), which counts the requests.
import { expect } from '@open-wc/testing';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { fixtureEntry, newScope, serverState, startPlayback, waitForPlayback, type FixtureName, type ShapeName } from '../support/media.js';

interface Played {
  video: HTMLVideoElement;
  destroy(): Promise<void>;
}

async function playOnline(url: string, mimeType: string, licenseUri?: string): Promise<Played> {
  const shaka = await loadShaka();
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const player = new shaka.Player();
  await player.attach(video);
  if (licenseUri) player.configure({ drm: { servers: { 'org.w3.clearkey': licenseUri } } });
  await player.load(url, null, mimeType);
  startPlayback(video);
  return {
    video,
    async destroy() {
      await player.destroy();
      video.remove();
    },
  };
}

async function source(name: FixtureName | ShapeName, scope: string) {
  const entry = await fixtureEntry(name, scope);
  const [first] = entry.sources as Array<{ contentUrl: string; mimeType: string; drmData?: Array<{ licenseUri: string }> }>;
  return first;
}

describe('fixtures play online in Shaka', () => {
  for (const name of ['clear-dash', 'clear-hls', 'clear-mp4'] as const) {
    it(`${name}: currentTime advances`, async () => {
      const scope = newScope(name);
      const { contentUrl, mimeType } = await source(name, scope);
      const played = await playOnline(contentUrl, mimeType);
      try {
        await waitForPlayback(played.video, 1.5);
      } finally {
        await played.destroy();
      }
      const { log } = await serverState(scope);
      expect(log.some((e) => e.status === 200 || e.status === 206)).to.be.true;
    });
  }

  it('clear DASH offers two video heights, audio en and fr, and English subtitles', async () => {
    const shaka = await loadShaka();
    const scope = newScope('tracks');
    const { contentUrl } = await source('clear-dash', scope);
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const player = new shaka.Player();
    await player.attach(video);
    try {
      await player.load(contentUrl);
      const variants = player.getVariantTracks();
      expect([...new Set(variants.map((t) => t.height))].sort()).to.deep.equal([180, 360]);
      expect([...new Set(variants.map((t) => t.language))].sort()).to.deep.equal(['en', 'fr']);
      expect(player.getTextTracks().map((t) => t.language)).to.deep.equal(['en']);
    } finally {
      await player.destroy();
      video.remove();
    }
  });

  it('ClearKey DASH plays with a licence from the license server, which counts it', async () => {
    const scope = newScope('ck-dash');
    const { contentUrl, mimeType, drmData } = await source('clearkey-dash', scope);
    const licenseUri = drmData![0].licenseUri;
    expect(licenseUri).to.contain(`/t/${scope}/license/clearkey`);
    const played = await playOnline(contentUrl, mimeType, licenseUri);
    try {
      await waitForPlayback(played.video, 1.5);
    } finally {
      await played.destroy();
    }
    const { license } = await serverState(scope);
    expect(license.stats.requests).to.be.greaterThan(0);
    expect(license.stats.refused).to.equal(0);
    expect(Object.keys(license.stats.kids)).to.have.length(2);
  });

  it('ClearKey HLS plays with keys from the license server (identity key route), which counts them', async () => {
    const scope = newScope('ck-hls');
    const { contentUrl, mimeType } = await source('clearkey-hls', scope);
    const played = await playOnline(contentUrl, mimeType);
    try {
      await waitForPlayback(played.video, 1.5);
    } finally {
      await played.destroy();
    }
    const { license } = await serverState(scope);
    expect(license.stats.rawKeyRequests).to.be.greaterThan(0);
    expect(Object.keys(license.stats.kids)).to.have.length(2);
  });

  it('the broken entry really is broken: a 404 and two malformed manifests', async () => {
    const shaka = await loadShaka();
    const scope = newScope('broken');
    const entry = await fixtureEntry('broken', scope);
    const sources = entry.sources as Array<{ contentUrl: string; mimeType: string }>;
    expect(sources).to.have.length(3);
    const codes: Array<number | string> = [];
    const video = document.createElement('video');
    for (const { contentUrl, mimeType } of sources) {
      const player = new shaka.Player();
      await player.attach(video);
      try {
        await player.load(contentUrl, null, mimeType);
        codes.push(0);
      } catch (e) {
        codes.push((e as { code?: number }).code ?? String(e));
      } finally {
        await player.destroy();
      }
    }
    expect(codes.every((code) => code !== 0), `load() rejected for every source: ${codes}`).to.be.true;
    expect(codes[0]).to.equal(shaka.util.Error.Code.BAD_HTTP_STATUS);
  });
});

// The shape fixtures (8 s each): every streamable one plays online in Shaka,
// from the start and again from a seek to 5 s (so the later segments are
// fetched and decoded too), with the tracks its manifest declares.
interface ShapeExpectation {
  /** Audio languages of the variants, sorted. */
  audio: string[];
  /** Text tracks as "language mimeType", sorted. */
  text: string[];
  /** Shaka's load mode: MEDIA_SOURCE (DASH/HLS) or SRC_EQUALS (progressive). */
  mode: 'MEDIA_SOURCE' | 'SRC_EQUALS';
}

const STREAMABLE: Record<Exclude<ShapeName, 'hls-sample-aes-ts' | 'hls-fairplay'>, ShapeExpectation> = {
  'hls-ts': { audio: ['en', 'fr'], text: ['en text/vtt'], mode: 'MEDIA_SOURCE' },
  'hls-live': { audio: ['und'], text: [], mode: 'MEDIA_SOURCE' },
  'hls-event': { audio: ['und'], text: [], mode: 'MEDIA_SOURCE' },
  'hls-aes128': { audio: ['und'], text: [], mode: 'MEDIA_SOURCE' },
  'hls-sample-aes': { audio: ['en'], text: [], mode: 'MEDIA_SOURCE' },
  'hls-byterange': { audio: ['en', 'fr'], text: ['en text/vtt'], mode: 'MEDIA_SOURCE' },
  'dash-segmentbase': { audio: ['en', 'fr'], text: ['de application/ttml+xml', 'en text/vtt'], mode: 'MEDIA_SOURCE' },
  'dash-segmentlist': { audio: ['en', 'fr'], text: [], mode: 'MEDIA_SOURCE' },
  'dash-time': { audio: ['en'], text: ['de application/mp4', 'en text/vtt'], mode: 'MEDIA_SOURCE' },
  'dash-live': { audio: ['en'], text: ['de application/mp4', 'en text/vtt'], mode: 'MEDIA_SOURCE' },
  'dash-multiperiod': { audio: ['en'], text: ['en text/vtt'], mode: 'MEDIA_SOURCE' },
  'mp4-moov-end': { audio: [], text: [], mode: 'SRC_EQUALS' },
  webm: { audio: [], text: [], mode: 'SRC_EQUALS' },
  m4a: { audio: [], text: [], mode: 'SRC_EQUALS' },
  mp3: { audio: [], text: [], mode: 'SRC_EQUALS' },
};

describe('shape fixtures play online in Shaka', () => {
  for (const [name, expected] of Object.entries(STREAMABLE) as Array<[ShapeName, ShapeExpectation]>) {
    it(`${name}: tracks as declared; plays from 0 and from 5 s`, async () => {
      const shaka = await loadShaka();
      const scope = newScope(name);
      const { contentUrl, mimeType } = await source(name, scope);
      const video = document.createElement('video');
      video.muted = true;
      document.body.append(video);
      const player = new shaka.Player();
      await player.attach(video);
      try {
        await player.load(contentUrl, null, mimeType);
        expect(player.getLoadMode()).to.equal(shaka.Player.LoadMode[expected.mode]);
        const variants = player.getVariantTracks();
        expect([...new Set(variants.map((t) => t.language))].sort()).to.deep.equal(expected.audio);
        expect(player.getTextTracks().map((t) => `${t.language} ${t.mimeType}`).sort()).to.deep.equal(expected.text);
        if (expected.mode === 'MEDIA_SOURCE') expect(player.isLive()).to.equal(name === 'hls-live' || name === 'dash-live');
        startPlayback(video);
        await waitForPlayback(video, 1.2);
        if (!player.isLive()) {
          video.currentTime = 5;
          await waitForPlayback(video, 1.2);
        }
      } finally {
        await player.destroy();
        video.remove();
      }
      const { log, license } = await serverState(scope);
      if (/^(hls-byterange|dash-segment(base|list))$/.test(name)) {
        const media = log.filter((e) => /\.mp4$/.test(e.path));
        expect(media.length).to.be.greaterThan(0);
        expect(media.every((e) => e.status === 206 && e.range), 'every media request is a byte range').to.be.true;
      }
      if (name === 'hls-aes128') {
        // Both AES-128 keys: the first (IV = media sequence number) and, after the seek, the second (explicit IV).
        expect(Object.keys(license.stats.kids).sort()).to.deep.equal(['4f66666c696e65506c61796572413031', '4f66666c696e65506c61796572413032']);
      }
      if (name === 'hls-sample-aes') expect(Object.keys(license.stats.kids)).to.deep.equal(['4f66666c696e65506c61796572434243']);
    });
  }

  it('hls-sample-aes-ts and hls-fairplay are refused at load time (4040, 6001) before any media segment is fetched', async () => {
    const shaka = await loadShaka();
    const video = document.createElement('video');
    for (const [name, code] of [
      ['hls-sample-aes-ts', shaka.util.Error.Code.HLS_MSE_ENCRYPTED_MP2T_NOT_SUPPORTED],
      ['hls-fairplay', shaka.util.Error.Code.REQUESTED_KEY_SYSTEM_CONFIG_UNAVAILABLE],
    ] as const) {
      const scope = newScope(name);
      const { contentUrl, mimeType } = await source(name, scope);
      const player = new shaka.Player();
      await player.attach(video);
      const error = await player.load(contentUrl, null, mimeType).then(
        () => null,
        (e: { code?: number }) => e,
      );
      await player.destroy();
      expect(error?.code, name).to.equal(code);
      const { log } = await serverState(scope);
      const paths = log.map((e) => e.path).filter((p) => !p.startsWith('/fixtures/entries/'));
      expect(paths.map((p) => p.replace(/^.*\//, '')), name).to.deep.equal(['master.m3u8', 'video.m3u8']);
    }
  });
});
