// The fixtures and the license server are real: every clear fixture plays
// online in Shaka, and the ClearKey ones play with keys fetched from the
// project's license server (no inline keys), which counts the requests.
import { expect } from '@open-wc/testing';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { fixtureEntry, newScope, serverState, startPlayback, waitForPlayback, type FixtureName } from '../support/media.js';

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

async function source(name: FixtureName, scope: string) {
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
