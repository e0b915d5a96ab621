// Shapes that cannot be played offline here are refused before any media
// byte moves, with a typed code and a reason a user can read: the server's
// request log shows no media request (manifests only), and nothing is
// written (no record in the LocalDataStore, nothing in Shaka's database or
// the media database).
import { expect } from '@open-wc/testing';
import { LocalAssetsManager, type LocalDataStore, type MediaEntry } from '../../src/index.js';
import { PartialStore, ProgressiveStore } from '../../src/service/databases/media-db.js';
import { ShakaDb } from '../../src/service/databases/shaka-db.js';
import { rejects } from '../support/errors.js';
import { type ShapeName, fixtureEntry, newScope, serverState } from '../support/media.js';
import { mediaRequestsOf } from '../support/shapes.js';

/** A LocalDataStore that remembers every key written. */
class RecordingStore implements LocalDataStore {
  readonly data = new Map<string, Uint8Array>();
  readonly writes: string[] = [];
  async save(key: string, value: Uint8Array) {
    this.writes.push(key);
    this.data.set(key, value.slice());
  }
  async load(key: string) {
    return this.data.get(key)?.slice() ?? null;
  }
  async remove(key: string) {
    this.data.delete(key);
  }
}

async function storedCounts() {
  return {
    manifests: (await ShakaDb.listManifests()).length,
    segments: (await ShakaDb.segmentKeys()).length,
    files: (await ProgressiveStore.listFiles()).length,
    partials: (await PartialStore.keys()).length,
  };
}

interface Case {
  name: ShapeName;
  /** Changes the fixture's entry (e.g. says "vod" so that only the manifest can tell). */
  edit?: (entry: MediaEntry) => void;
  code: string;
  message: RegExp;
  /** The requests allowed (file names): the entry JSON and manifests, never media. */
  requests: string[];
}

const vod = (entry: MediaEntry) => void (entry.mediaType = 'vod');

const CASES: Array<Case & { label: string }> = [
  { label: 'hls-live (entry says live)', name: 'hls-live', code: 'LIVE_NOT_SUPPORTED', message: /is live: only VOD entries can be downloaded/, requests: [] },
  { label: 'hls-event (entry says dvrLive)', name: 'hls-event', code: 'LIVE_NOT_SUPPORTED', message: /is dvrLive: only VOD/, requests: [] },
  { label: 'dash-live (entry says live)', name: 'dash-live', code: 'LIVE_NOT_SUPPORTED', message: /is live: only VOD/, requests: [] },
  { label: 'hls-live, entry says vod: the playlist tells', name: 'hls-live', edit: vod, code: 'LIVE_NOT_SUPPORTED', message: /live stream \(an HLS live playlist/, requests: ['live.m3u8'] },
  { label: 'hls-event, entry says vod: the playlist tells', name: 'hls-event', edit: vod, code: 'LIVE_NOT_SUPPORTED', message: /live stream \(an HLS EVENT playlist/, requests: ['event.m3u8'] },
  { label: 'dash-live, entry says vod: the MPD tells', name: 'dash-live', edit: vod, code: 'LIVE_NOT_SUPPORTED', message: /live stream \(a dynamic DASH manifest\)/, requests: ['live.mpd'] },
  {
    label: 'hls-sample-aes-ts: SAMPLE-AES in MPEG-2 TS',
    name: 'hls-sample-aes-ts',
    code: 'UNSUPPORTED_CONTENT',
    message: /SAMPLE-AES encryption in MPEG-2 TS segments, which browsers cannot decrypt with Media Source Extensions/,
    requests: ['master.m3u8', 'video.m3u8'],
  },
  {
    label: 'hls-fairplay (entry declares FairPlay): the EME probe says no',
    name: 'hls-fairplay',
    code: 'NO_DOWNLOADABLE_SOURCE',
    message: /fairplay \(com\.apple\.fps\) is not available in this browser/,
    requests: [],
  },
  {
    label: 'hls-fairplay (entry declares nothing): the playlist says FairPlay only',
    name: 'hls-fairplay',
    edit: (entry) => void (entry.sources[0].drmData = []),
    code: 'UNSUPPORTED_DRM',
    message: /protected with FairPlay only/,
    requests: ['master.m3u8', 'video.m3u8'],
  },
];

describe('refused shapes: a typed code, no media request, nothing stored', () => {
  for (const c of CASES) {
    it(`${c.label}: ${c.code}`, async () => {
      const scope = newScope(c.name);
      const entry = await fixtureEntry(c.name, scope);
      c.edit?.(entry);
      const store = new RecordingStore();
      const manager = new LocalAssetsManager(store);
      await manager.ready;
      const before = await storedCounts();
      const writesBefore = store.writes.length;
      const error = await rejects(manager.download(entry));
      expect(error.code, error.message).to.equal(c.code);
      expect(error.message).to.match(c.message);

      const { log } = await serverState(scope);
      const requested = log.map((e) => e.path).filter((p) => !p.startsWith('/fixtures/entries/'));
      expect(requested.map((p) => p.replace(/^.*\//, '')), 'requests: manifests only').to.deep.equal(c.requests);
      expect(await mediaRequestsOf(scope), '0 media requests').to.deep.equal([]);
      expect(await storedCounts(), '0 bytes stored').to.deep.equal(before);
      expect(store.writes.slice(writesBefore).filter((k) => k.includes(entry.id)), 'no record written').to.deep.equal([]);
      expect((await manager.getAssetStatus(entry.id)).registered).to.be.false;
      await manager.destroy();
    });
  }
});
