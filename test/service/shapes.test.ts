// Real-world shapes through the manager, in real Chromium (fixtures/SHAPES.md
// says what plain Shaka does with each): every shape that can play offline is
// downloaded, the network is cut, and it plays (currentTime advances from 0
// and after a seek to 5 s, so the last segments decode too) with the audio and
// text tracks it should have; what is stored is what the server serves, byte
// for byte (HLS AES-128: the clear segments, decrypted while downloading).
import { expect } from '@open-wc/testing';
import { DefaultLocalDataStore, LocalAssetsManager, type MediaEntry } from '../../src/index.js';
import { PartialStore, ProgressiveStore } from '../../src/service/databases/media-db.js';
import { withNetworkCut } from '../support/browser.js';
import { sha256, storedManifest } from '../support/integrity.js';
import { type ShapeName, fixtureEntry, newScope, serverState, setFaults, startPlayback, waitForPlayback } from '../support/media.js';
import { startPlaying } from '../support/play.js';
import { clearAesHashes, fixtureChecksum, servedHashes, storedHashes } from '../support/shapes.js';
import { progressReaches } from '../resilience/helpers.js';

const manager = (scope: string) => new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }));

/** Plays the local copy with the network cut: its tracks, then 1.2 s from 0 and 1.2 s from 5 s. */
async function playsOffline(local: MediaEntry, scope: string) {
  const before = (await serverState(scope)).log.length;
  const result = await withNetworkCut(async () => {
    const playing = await startPlaying(local);
    try {
      const { player, video } = playing;
      const tracks = {
        audio: [...new Set(player.getVariantTracks().map((t) => t.language))].sort(),
        text: player.getTextTracks().map((t) => `${t.language} ${t.mimeType}`).sort(),
      };
      await waitForPlayback(video, 1.2);
      video.currentTime = 5;
      startPlayback(video);
      await waitForPlayback(video, 1.2);
      return { tracks, width: video.videoWidth };
    } finally {
      await playing.destroy();
    }
  });
  expect((await serverState(scope)).log.length, 'no request reached the server while playing').to.equal(before);
  return result;
}

const SEGMENTED: Array<{ name: ShapeName; audio: string[]; text: string[] }> = [
  { name: 'hls-ts', audio: ['en', 'fr'], text: ['en text/vtt'] },
  // Muxed audio in the TS: no separate audio track, no language.
  { name: 'hls-aes128', audio: [''], text: [] },
  { name: 'hls-sample-aes', audio: ['en'], text: [] },
  { name: 'hls-byterange', audio: ['en', 'fr'], text: ['en text/vtt'] },
  { name: 'dash-segmentbase', audio: ['en', 'fr'], text: ['de application/ttml+xml', 'en text/vtt'] },
  { name: 'dash-segmentlist', audio: ['en', 'fr'], text: [] },
  { name: 'dash-time', audio: ['en'], text: ['de application/mp4', 'en text/vtt'] },
  { name: 'dash-multiperiod', audio: ['en'], text: ['en text/vtt'] },
];

describe('shapes: downloaded by the manager, played with the network cut', () => {
  for (const { name, audio, text } of SEGMENTED) {
    it(`${name}: stored as served${name === 'hls-aes128' ? ' (decrypted)' : ''}, plays offline with audio ${JSON.stringify(audio)} and text ${JSON.stringify(text)}`, async () => {
      const scope = newScope(name);
      const m = manager(scope);
      const prepared = await m.prepareForDownload(await fixtureEntry(name, scope));
      const planned = prepared.manifest();
      await m.startDownload(prepared);
      const status = await m.whenDownloaded(prepared.assetId);
      try {
        expect(status.state).to.equal('completed');
        const stored = await storedHashes(prepared.assetId);
        const expected = name === 'hls-aes128' ? await clearAesHashes() : await servedHashes(planned);
        expect(stored, 'stored segments').to.deep.equal(expected);
        expect(status.size).to.equal(status.bytesDownloaded);
        console.log(`shape ${name}: ${stored.length} resources, ${status.size} bytes stored`);
        const played = await playsOffline(await m.createLocalMediaEntry(prepared.assetId), scope);
        expect(played.tracks).to.deep.equal({ audio, text });
        expect(played.width).to.equal(320);
      } finally {
        await m.removeAsset(prepared.assetId);
      }
    });
  }

  const PROGRESSIVE: Array<{ name: ShapeName; file: string; width: number }> = [
    { name: 'mp4-moov-end', file: 'moov-at-end.mp4', width: 320 },
    { name: 'webm', file: 'video.webm', width: 320 },
    { name: 'm4a', file: 'audio.m4a', width: 0 },
    { name: 'mp3', file: 'audio.mp3', width: 0 },
  ];
  for (const { name, file, width } of PROGRESSIVE) {
    it(`${name}: the file stored byte for byte, plays offline${width === 0 ? ' (audio only)' : ''}`, async () => {
      const scope = newScope(name);
      const m = manager(scope);
      const entry = await fixtureEntry(name, scope);
      const status = await m.download(entry);
      try {
        expect(status.mediaSource?.mediaFormat).to.equal({ 'mp4-moov-end': 'mp4', webm: 'webm', m4a: 'mp4', mp3: 'mp3' }[name as string]);
        const [record] = (await ProgressiveStore.listFiles()).filter((f) => f.url === entry.sources[0].contentUrl);
        expect(record?.complete, 'the file record is complete').to.be.true;
        const blob = await ProgressiveStore.blob(record.key, record.mimeType);
        expect(await sha256(blob)).to.equal(await fixtureChecksum(`media/shapes/progressive/${file}`));
        console.log(`shape ${name}: 1 file, ${status.size} bytes stored`);
        const played = await playsOffline(await m.createLocalMediaEntry(name), scope);
        expect(played.width).to.equal(width);
      } finally {
        await m.removeAsset(name);
      }
    });
  }
});

describe('HLS AES-128 and resume', () => {
  it('a segment paused half-way keeps its bytes as served; resumed, only the rest is asked for, and the whole segment is decrypted', async () => {
    const scope = newScope('aes-resume');
    const m = new LocalAssetsManager(new DefaultLocalDataStore({ name: `test-${scope}` }), { parallelDownloads: 1 });
    // seg9.ts (about 44 KB) arrives slowly: the pause catches it in flight.
    await setFaults(scope, [{ match: 'seg9\\.ts$', methods: ['GET'], bytesPerSecond: 16_000 }]);
    const entry = await fixtureEntry('hls-aes128', scope);
    await m.startDownload(await m.prepareForDownload(entry));
    await progressReaches(m, 'hls-aes128', 0.3);
    await new Promise((r) => setTimeout(r, 1200));
    const paused = await m.pauseDownload('hls-aes128');
    expect(paused.state).to.equal('paused');
    // Partials are named `<media key>|<reference id>`, and the reference id holds the scoped URL.
    const partials = (await PartialStore.keys()).filter((k) => k.includes(`/t/${scope}/`));
    expect(partials.length, 'one partial segment').to.equal(1);
    const partial = (await PartialStore.get(partials[0]))!;
    const served = new Uint8Array(await (await fetch(new URL('seg9.ts', entry.sources[0].contentUrl), { cache: 'no-store' })).arrayBuffer());
    expect(partial.byteLength).to.be.within(1, served.byteLength - 1);
    expect(await sha256(partial), 'the partial is the bytes as served (still encrypted)').to.equal(await sha256(served.subarray(0, partial.byteLength)));

    await setFaults(scope, []);
    await m.resumeDownload('hls-aes128');
    await m.whenDownloaded('hls-aes128');
    try {
      const seg9 = (await serverState(scope)).log.filter((e) => e.method === 'GET' && e.path.endsWith('/seg9.ts'));
      expect(seg9.at(-1)!.range, 'resumed with a Range request for the rest').to.equal(`bytes=${partial.byteLength}-`);
      expect(await storedHashes('hls-aes128')).to.deep.equal(await clearAesHashes());
      const { manifest } = await storedManifest('hls-aes128');
      expect((manifest.appMetadata as { offlinePlayer: Record<string, unknown> }).offlinePlayer, 'no key plan left once complete').to.not.have.property('aes');
      const { license } = await serverState(scope);
      expect(Object.values(license.stats.kids).every((n) => n >= 1), 'keys were fetched (never stored)').to.be.true;
      await playsOffline(await m.createLocalMediaEntry('hls-aes128'), scope);
    } finally {
      await m.removeAsset('hls-aes128');
    }
  });
});
