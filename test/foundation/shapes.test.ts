// What Shaka Player's own offline storage (shaka.offline.Storage) does with
// each shape fixture in this Chromium: what it stores, what its manifest
// (ManifestDB) looks like while segments are still pending (the moment the
// planner takes it), whether the copy plays with the network cut, and what
// it refuses. These are the facts fixtures/SHAPES.md reports; no project code
// is involved (Shaka's database is read directly).
import { expect } from '@open-wc/testing';
import type shakaNamespace from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { withNetworkCut } from '../support/browser.js';
import { fixtureEntry, newScope, serverState, startPlayback, waitForPlayback, type ShapeName } from '../support/media.js';

type ManifestDB = shakaNamespace.extern.ManifestDB;
type StreamDB = shakaNamespace.extern.StreamDB;

const AES_KIDS = ['4f66666c696e65506c61796572413031', '4f66666c696e65506c61796572413032'];
const CBCS_KID = '4f66666c696e65506c61796572434243';
/** Every field of a SegmentDB (externs/shaka/offline.js): none of them can hold AES-128 key information. */
const SEGMENT_DB_FIELDS = [
  'appendWindowEnd', 'appendWindowStart', 'chapterTitle', 'codecs', 'dataKey', 'endTime', 'initSegmentKey', 'mimeType',
  'pendingInitSegmentRefId', 'pendingSegmentRefId', 'startTime', 'thumbnailSprite', 'tilesLayout', 'timestampOffset',
];

/** Reads one object store of Shaka's database (`shaka_offline_db`, which Shaka has created by then). */
function readShakaDb<T>(store: 'manifest-v5' | 'segment-v5', key?: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('shaka_offline_db');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const os = db.transaction(store, 'readonly').objectStore(store);
      const req = key === undefined ? os.getAll() : os.get(key);
      req.onsuccess = () => {
        db.close();
        resolve(req.result as T);
      };
      req.onerror = () => {
        db.close();
        reject(req.error);
      };
    };
  });
}

interface Stored {
  offlineUri: string;
  /** Shaka's manifest as written before its first media request: every segment still pending. */
  pending: ManifestDB;
  /** The same manifest once Shaka finished. */
  final: ManifestDB;
  segment(key: number): Promise<Uint8Array>;
}

/** Plain `Storage#store` of every track, capturing the pending manifest at Shaka's first segment request. */
async function store(shaka: typeof shakaNamespace, url: string, mimeType: string): Promise<Stored> {
  const storage = new shaka.offline.Storage();
  storage.configure({
    offline: { usePersistentLicense: false, trackSelectionCallback: async (tracks: shakaNamespace.extern.Track[]) => tracks },
  });
  const token = crypto.randomUUID();
  let pending: ManifestDB | null = null;
  const SEGMENT = shaka.net.NetworkingEngine.RequestType.SEGMENT;
  storage.getNetworkingEngine()!.registerRequestFilter(async (type) => {
    // Segment requests made while parsing come before Shaka writes its manifest.
    if (type !== SEGMENT || pending) return;
    const all = await readShakaDb<ManifestDB[]>('manifest-v5');
    pending = all.find((m) => (m.appMetadata as { token?: string } | null)?.token === token) ?? null;
  });
  try {
    const content = (await storage.store(url, { token }, mimeType).promise) as { offlineUri: string };
    const key = Number(/(\d+)$/.exec(content.offlineUri)![1]);
    const final = await readShakaDb<ManifestDB>('manifest-v5', key);
    expect(pending, 'the pending manifest was captured').to.not.equal(null);
    return {
      offlineUri: content.offlineUri,
      pending: pending!,
      final,
      segment: async (k) => new Uint8Array((await readShakaDb<{ data: ArrayBuffer }>('segment-v5', k)).data),
    };
  } finally {
    await storage.destroy();
  }
}

async function remove(shaka: typeof shakaNamespace, offlineUri: string) {
  const storage = new shaka.offline.Storage();
  try {
    await storage.remove(offlineUri);
  } finally {
    await storage.destroy();
  }
}

/** Plays the stored copy with the network cut, from 0 and from a seek to 5 s; returns its tracks. */
async function playsOffline(shaka: typeof shakaNamespace, offlineUri: string) {
  return withNetworkCut(async () => {
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const player = new shaka.Player();
    await player.attach(video);
    try {
      await player.load(offlineUri);
      const tracks = {
        audio: [...new Set(player.getVariantTracks().map((t) => t.language))].sort(),
        text: player.getTextTracks().map((t) => `${t.language} ${t.mimeType}`).sort(),
      };
      startPlayback(video);
      await waitForPlayback(video, 1.2);
      video.currentTime = 5;
      await waitForPlayback(video, 1.2);
      return tracks;
    } finally {
      await player.destroy();
      video.remove();
    }
  });
}

const byType = (m: ManifestDB, type: string) => m.streams.filter((s) => s.type === type);
const refs = (s: StreamDB) => s.segments.map((g) => g.pendingSegmentRefId!);
const inits = (s: StreamDB) => [...new Set(s.segments.map((g) => g.pendingInitSegmentRefId ?? null))];
const file = (ref: string) => /^\{[^}]*\/([^/}]+)\}/.exec(ref)?.[1] ?? null;

async function open(name: ShapeName) {
  const shaka = await loadShaka();
  const scope = newScope(name);
  const entry = await fixtureEntry(name, scope);
  const { contentUrl, mimeType } = entry.sources[0] as { contentUrl: string; mimeType: string };
  return { shaka, scope, contentUrl, mimeType };
}

describe('Shaka offline storage and the shape fixtures', () => {
  it('hls-ts: stored as MPEG-2 TS (video/mp2t, no init segment), played offline through the transmuxer', async () => {
    const { shaka, contentUrl, mimeType } = await open('hls-ts');
    const s = await store(shaka, contentUrl, mimeType);
    try {
      const media = [...byType(s.pending, 'video'), ...byType(s.pending, 'audio')];
      expect(media.map((x) => `${x.type} ${x.language}`).sort()).to.deep.equal(['audio en', 'audio fr', 'video und']);
      for (const x of media) {
        expect(x.mimeType).to.equal('video/mp2t');
        expect(inits(x)).to.deep.equal([null]);
        expect(refs(x).every((r) => /\.ts\}:0:null$/.test(r))).to.be.true;
      }
      const first = await s.segment(byType(s.final, 'video')[0].segments[0].dataKey);
      expect(first[0], 'TS sync byte').to.equal(0x47);
      // This Chromium's MSE has no MPEG-2 TS: Shaka's TsTransmuxer turns it into fMP4 when playing.
      expect(MediaSource.isTypeSupported('video/mp2t; codecs="avc1.42c01e"')).to.be.false;
      expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal({ audio: ['en', 'fr'], text: ['en text/vtt'] });
    } finally {
      await remove(shaka, s.offlineUri);
    }
  });

  it('hls-aes128: Shaka decrypts while storing; its manifest keeps no key, IV or sequence number', async () => {
    const { shaka, scope, contentUrl, mimeType } = await open('hls-aes128');
    const s = await store(shaka, contentUrl, mimeType);
    try {
      expect(s.pending.streams.map((x) => `${x.type} ${x.mimeType} ${x.codecs}`)).to.deep.equal(['video video/mp2t avc1.42c01e,mp4a.40.2']);
      const [video] = s.pending.streams;
      expect(video.encrypted).to.be.false;
      const ids = refs(video);
      // Shaka's HLS parser fetched (and decrypted) the first segment while parsing, to look for
      // closed captions, and kept the bytes: its id is that clear data in base64, not a URI.
      expect(ids[0].startsWith('{')).to.be.false;
      expect(ids.slice(1).map(file)).to.deep.equal(['seg8.ts', 'seg9.ts', 'seg10.ts']);
      expect(ids.slice(1).every((r) => r.endsWith(':0:null'))).to.be.true;
      for (const g of video.segments) expect(Object.keys(g).filter((k) => !SEGMENT_DB_FIELDS.includes(k))).to.deep.equal([]);
      for (const g of s.final.streams[0].segments) {
        const data = await s.segment(g.dataKey);
        expect(data[0] === 0x47 && data.byteLength % 188 === 0, 'stored clear (whole TS packets, no padding)').to.be.true;
      }
      expect(Object.keys((await serverState(scope)).license.stats.kids).sort()).to.deep.equal(AES_KIDS);
      expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal({ audio: [''], text: [] });
    } finally {
      await remove(shaka, s.offlineUri);
    }
  });

  it('hls-sample-aes (cbcs, identity key, fMP4): stored encrypted with inline ClearKey keys; plays offline', async () => {
    const { shaka, contentUrl, mimeType } = await open('hls-sample-aes');
    const s = await store(shaka, contentUrl, mimeType);
    try {
      const drm = s.pending.drmInfo!;
      expect(drm.keySystem).to.equal('org.w3.clearkey');
      expect((drm as { encryptionScheme?: string }).encryptionScheme).to.equal('cbcs');
      expect(drm.licenseServerUri.startsWith('data:application/json;base64,')).to.be.true;
      for (const x of s.pending.streams) {
        expect(x.encrypted).to.be.true;
        expect([...x.keyIds]).to.deep.equal([CBCS_KID]);
        // The init segments were fetched while parsing (to read the key id from tenc): inline ids.
        expect(inits(x).map((i) => i!.startsWith('{'))).to.deep.equal([false]);
        expect(refs(x).every((r) => /\.m4s\}:0:null$/.test(r))).to.be.true;
      }
      expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal({ audio: ['en'], text: [] });
    } finally {
      await remove(shaka, s.offlineUri);
    }
  });

  for (const name of ['hls-byterange', 'dash-segmentbase', 'dash-segmentlist'] as const) {
    it(`${name}: one file per track; every pending id names the file and an exact byte range`, async () => {
      const { shaka, contentUrl, mimeType } = await open(name);
      const s = await store(shaka, contentUrl, mimeType);
      try {
        for (const x of [...byType(s.pending, 'video'), ...byType(s.pending, 'audio')]) {
          const ranges = refs(x).map((r) => {
            const m = /^\{[^}]+\}:(\d+):(\d+)$/.exec(r);
            expect(m, r).to.not.equal(null);
            return [Number(m![1]), Number(m![2])];
          });
          expect(new Set(refs(x).map(file)).size, 'one file').to.equal(1);
          const [init] = inits(x);
          expect(init, 'the init segment is the file\'s first bytes').to.match(/^\{[^}]+\}:0:\d+$/);
          const initEnd = Number(/:(\d+)$/.exec(init!)![1]);
          // Contiguous moof ranges after the init segment and the sidx (80 bytes here).
          expect(ranges[0][0]).to.equal(initEnd + 1 + 80);
          ranges.slice(1).forEach(([start], i) => expect(start).to.equal(ranges[i][1] + 1));
        }
        for (const x of byType(s.pending, 'text')) {
          expect(x.segments.length, 'a sidecar text file is one segment').to.equal(1);
          expect(refs(x)[0]).to.match(/\.(vtt|ttml)\}:0:null$/);
        }
        const expected = {
          'hls-byterange': { audio: ['en', 'fr'], text: ['en text/vtt'] },
          'dash-segmentbase': { audio: ['en', 'fr'], text: ['de application/ttml+xml', 'en text/vtt'] },
          'dash-segmentlist': { audio: ['en', 'fr'], text: [] },
        }[name];
        expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal(expected);
      } finally {
        await remove(shaka, s.offlineUri);
      }
    });
  }

  it('dash-time: $Time$ URIs resolved per segment; WebVTT and TTML-in-MP4 text stored and shown offline', async () => {
    const { shaka, contentUrl, mimeType } = await open('dash-time');
    const s = await store(shaka, contentUrl, mimeType);
    try {
      expect(refs(byType(s.pending, 'video')[0]).map(file)).to.deep.equal(['0.m4s', '25600.m4s', '51200.m4s', '76800.m4s']);
      const text = byType(s.pending, 'text').map((x) => `${x.language} ${x.mimeType} ${x.codecs} init=${inits(x)[0] !== null}`).sort();
      expect(text).to.deep.equal(['de application/mp4 stpp init=true', 'en text/vtt  init=false']);
      expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal({ audio: ['en'], text: ['de application/mp4', 'en text/vtt'] });
    } finally {
      await remove(shaka, s.offlineUri);
    }
  });

  it('dash-multiperiod: the two Periods become one stream per type, with per-Period append windows', async () => {
    const { shaka, contentUrl, mimeType } = await open('dash-multiperiod');
    const s = await store(shaka, contentUrl, mimeType);
    try {
      expect(s.pending.streams.map((x) => x.type).sort()).to.deep.equal(['audio', 'text', 'video']);
      for (const x of s.pending.streams) {
        expect(x.segments.length).to.equal(4);
        expect(x.segments.map((g) => [g.appendWindowStart, g.appendWindowEnd])).to.deep.equal([[0, 4], [0, 4], [4, 8], [4, 8]]);
        expect(inits(x).length, 'both Periods name the same init segment').to.equal(1);
      }
      expect(await playsOffline(shaka, s.offlineUri)).to.deep.equal({ audio: ['en'], text: ['en text/vtt'] });
    } finally {
      await remove(shaka, s.offlineUri);
    }
  });

  it('refuses live and EVENT playlists and dynamic MPDs (9005), SAMPLE-AES in TS (4040), FairPlay (6001), progressive files (4000)', async () => {
    const shaka = await loadShaka();
    const cases: Array<[ShapeName, number, string[]]> = [
      // HLS: the parser fetched one media segment (to detect codecs) before the refusal.
      ['hls-live', 9005, ['live.m3u8', '2.ts']],
      ['hls-event', 9005, ['event.m3u8', '1.ts']],
      ['dash-live', 9005, ['live.mpd']],
      ['hls-sample-aes-ts', 4040, ['master.m3u8', 'video.m3u8']],
      ['hls-fairplay', 6001, ['master.m3u8', 'video.m3u8']],
      ['mp4-moov-end', 4000, []],
      ['webm', 4000, []],
      ['m4a', 4000, []],
      ['mp3', 4000, []],
    ];
    for (const [name, code, requests] of cases) {
      const scope = newScope(name);
      const entry = await fixtureEntry(name, scope);
      const { contentUrl, mimeType } = entry.sources[0] as { contentUrl: string; mimeType: string };
      const storage = new shaka.offline.Storage();
      storage.configure({ offline: { usePersistentLicense: false } });
      const error = await storage.store(contentUrl, {}, mimeType).promise.then(
        () => null,
        (e: { code?: number }) => e,
      );
      await storage.destroy();
      expect(error?.code, name).to.equal(code);
      const { log } = await serverState(scope);
      const paths = log.map((e) => e.path).filter((p) => !p.startsWith('/fixtures/entries/'));
      expect(paths.map((p) => p.replace(/^.*\//, '')), `${name}: requests`).to.deep.equal(requests);
    }
  });
});
