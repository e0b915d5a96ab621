// Which source gets downloaded: chooseDownloadableSource against a fake
// capability answer (the one thing stubbed here), then through the manager.
// Against this real Chromium: source-choice-eme.test.ts.
import { expect } from '@open-wc/testing';
import {
  type BrowserCapabilities,
  DefaultLocalDataStore,
  ErrorCode,
  type KeySystemSupport,
  LocalAssetsManager,
  type MediaEntry,
  type MediaFormat,
  type SourceChoiceOptions,
  parseMediaEntry,
} from '../../src/index.js';
import { chooseDownloadableSource } from '../../src/service/capabilities/source-choice.js';
import { newScope } from '../support/media.js';
import { rejects } from '../support/errors.js';


const WV = 'com.widevine.alpha';
const PR = 'com.microsoft.playready';
const CK = 'org.w3.clearkey';

interface FakeSpec {
  formats?: MediaFormat[];
  keySystems?: Record<string, KeySystemSupport>;
}

/** A BrowserCapabilities that answers from a table, and records the key systems asked about. */
function fake({ formats = ['dash', 'hls', 'mp4', 'mp3'], keySystems = {} }: FakeSpec = {}): BrowserCapabilities & { asked: string[] } {
  const set = new Set<MediaFormat>(formats);
  const asked: string[] = [];
  return {
    asked,
    format: (f) => set.has(f),
    keySystem: async (ks) => {
      asked.push(ks);
      return keySystems[ks] ?? { supported: false, persistentLicense: false };
    },
  };
}

const LIC = 'https://lic.example.com/';
const drm = (...schemes: string[]) => schemes.map((scheme) => ({ scheme, licenseUri: `${LIC}${scheme}` }));
const src = (id: string, mediaFormat: MediaFormat, drmData: Array<{ scheme: string; licenseUri: string }> = []) => ({
  id,
  mediaFormat,
  contentUrl: `https://cdn.example.com/${id}.${{ dash: 'mpd', hls: 'm3u8', mp4: 'mp4', webm: 'webm', mp3: 'mp3' }[mediaFormat]}`,
  drmData,
});
function entry(sources: Array<ReturnType<typeof src>>, mediaType = 'vod'): MediaEntry {
  return parseMediaEntry({ id: 'e', mediaType, sources });
}

// Key system answers.
const CK_TEMP = { [CK]: { supported: true, persistentLicense: false } };
const WV_PERSIST = { [WV]: { supported: true, persistentLicense: true } };
const WV_TEMP = { [WV]: { supported: true, persistentLicense: false } };
const PR_PERSIST = { [PR]: { supported: true, persistentLicense: true } };

interface Row {
  name: string;
  entry: MediaEntry;
  caps: FakeSpec;
  options?: SourceChoiceOptions;
  /** Chosen source id, or null. */
  chosen: string | null;
  keySystem?: string | null;
  persistentLicense?: boolean;
  scheme?: string | null;
  /** Rejected source id -> a pattern its reason must match. */
  rejected?: Record<string, RegExp>;
  /** Pattern the overall reason must match (when nothing is chosen). */
  reason?: RegExp;
  licenceMode?: 'offline' | 'online' | null;
}

const ALL4 = entry([src('mp3', 'mp3'), src('mp4', 'mp4'), src('hls', 'hls'), src('dash', 'dash')]);

const rows: Row[] = [
  { name: 'default order: dash first, whatever the entry order', entry: ALL4, caps: {}, chosen: 'dash', rejected: {} },
  { name: 'default order: hls when there is no dash', entry: entry([src('mp3', 'mp3'), src('mp4', 'mp4'), src('hls', 'hls')]), caps: {}, chosen: 'hls' },
  { name: 'default order: mp4 before mp3', entry: entry([src('mp3', 'mp3'), src('mp4', 'mp4')]), caps: {}, chosen: 'mp4' },
  { name: 'within a format, the entry order', entry: entry([src('hls-a', 'hls'), src('hls-b', 'hls')]), caps: {}, chosen: 'hls-a' },
  { name: 'preferredSourceId wins when it qualifies', entry: ALL4, caps: {}, options: { preferredSourceId: 'mp3' }, chosen: 'mp3' },
  {
    name: 'preferredSourceId is ignored when it does not qualify',
    entry: ALL4,
    caps: { formats: ['dash', 'hls', 'mp4'] },
    options: { preferredSourceId: 'mp3' },
    chosen: 'dash',
    rejected: { mp3: /MP3 cannot be stored and played in this browser/ },
  },
  { name: 'an unknown preferredSourceId is ignored', entry: ALL4, caps: {}, options: { preferredSourceId: 'nope' }, chosen: 'dash' },
  { name: 'preferredFormats reorders', entry: ALL4, caps: {}, options: { preferredFormats: ['mp4', 'hls'] }, chosen: 'mp4' },
  {
    name: 'preferredFormats limits: unlisted formats are rejected as not in the order',
    entry: entry([src('dash', 'dash'), src('mp3', 'mp3')]),
    caps: {},
    options: { preferredFormats: ['hls', 'mp4'] },
    chosen: null,
    rejected: { dash: /not in the format order/, mp3: /not in the format order/ },
    reason: /No source of "e" can be downloaded here/,
  },
  {
    name: 'a format the browser cannot play is skipped, with the reason',
    entry: ALL4,
    caps: { formats: ['hls', 'mp3'] },
    chosen: 'hls',
    rejected: { dash: /DASH cannot be stored and played/, mp4: /MP4 cannot be stored and played/ },
  },
  {
    name: 'clear beats nothing: a DRM source without a usable key system falls to the clear one',
    entry: entry([src('dash-wv', 'dash', drm('widevine')), src('hls-clear', 'hls')]),
    caps: {},
    chosen: 'hls-clear',
    keySystem: null,
    persistentLicense: false,
    scheme: null,
    rejected: { 'dash-wv': /widevine \(com\.widevine\.alpha\) is not available in this browser/ },
  },
  {
    name: 'ClearKey qualifies with temporary sessions only',
    entry: entry([src('dash-ck', 'dash', drm('clearkey'))]),
    caps: { keySystems: CK_TEMP },
    chosen: 'dash-ck',
    keySystem: CK,
    persistentLicense: false,
    scheme: 'clearkey',
  },
  {
    name: 'ClearKey not available at all is rejected',
    entry: entry([src('dash-ck', 'dash', drm('clearkey'))]),
    caps: {},
    chosen: null,
    rejected: { 'dash-ck': /clearkey \(org\.w3\.clearkey\) is not available/ },
  },
  {
    name: 'Widevine with persistent licences qualifies',
    entry: entry([src('dash-wv', 'dash', drm('widevineCenc'))]),
    caps: { keySystems: WV_PERSIST },
    chosen: 'dash-wv',
    keySystem: WV,
    persistentLicense: true,
    scheme: 'widevine',
  },
  {
    name: 'PlayReady with persistent licences qualifies',
    entry: entry([src('hls-pr', 'hls', drm('com.microsoft.playready'))]),
    caps: { keySystems: PR_PERSIST },
    chosen: 'hls-pr',
    keySystem: PR,
    persistentLicense: true,
    scheme: 'playready',
  },
  {
    name: 'Widevine without persistent licences is rejected',
    entry: entry([src('dash-wv', 'dash', drm('widevine'))]),
    caps: { keySystems: WV_TEMP },
    chosen: null,
    rejected: { 'dash-wv': /this browser does not keep persistent licences for Widevine \(com\.widevine\.alpha refuses persistent-license sessions here\), so it cannot play offline; with licenceMode 'online'/ },
    reason: /dash-wv: .*does not keep persistent licences/,
  },
  {
    name: 'PlayReady without persistent licences is rejected',
    entry: entry([src('dash-pr', 'dash', drm('playready'))]),
    caps: { keySystems: { [PR]: { supported: true, persistentLicense: false } } },
    chosen: null,
    rejected: { 'dash-pr': /does not keep persistent licences for PlayReady \(com\.microsoft\.playready/ },
  },
  {
    name: 'FairPlay is always rejected, even when the browser claims it',
    entry: entry([src('hls-fps', 'hls', drm('fairplay'))]),
    caps: { keySystems: { 'com.apple.fps': { supported: true, persistentLicense: true } } },
    chosen: null,
    rejected: { 'hls-fps': /FairPlay/ },
    reason: /hls-fps: FairPlay/,
  },
  {
    name: 'several drmData: the first that works (FairPlay and temporary Widevine skipped, then ClearKey)',
    entry: entry([src('dash-multi', 'dash', drm('fairplay', 'widevine', 'clearkey', 'playready'))]),
    caps: { keySystems: { ...WV_TEMP, ...CK_TEMP, ...PR_PERSIST } },
    chosen: 'dash-multi',
    keySystem: CK,
    persistentLicense: false,
    scheme: 'clearkey',
  },
  {
    name: 'several drmData: the first that works wins over a later one that also works',
    entry: entry([src('dash-multi', 'dash', drm('playready', 'clearkey'))]),
    caps: { keySystems: { ...CK_TEMP, ...PR_PERSIST } },
    chosen: 'dash-multi',
    keySystem: PR,
    persistentLicense: true,
    scheme: 'playready',
  },
  {
    name: 'several drmData, none works: every reason is given',
    entry: entry([src('dash-multi', 'dash', drm('fairplay', 'widevine'))]),
    caps: { keySystems: WV_TEMP },
    chosen: null,
    rejected: { 'dash-multi': /^fairplay \(com\.apple\.fps\) is not available in this browser; this browser does not keep persistent licences for Widevine/ },
  },
  {
    name: 'DRM-protected mp4 is rejected even with a working key system',
    entry: entry([src('mp4-ck', 'mp4', drm('clearkey')), src('mp3-clear', 'mp3')]),
    caps: { keySystems: CK_TEMP },
    chosen: 'mp3-clear',
    rejected: { 'mp4-ck': /DRM-protected progressive files are not supported offline/ },
  },
  {
    name: 'within a format, a DRM source that fails gives way to the next one (clear DASH before ClearKey HLS)',
    entry: entry([src('dash-fps', 'dash', drm('fairplay')), src('dash-clear', 'dash'), src('hls-ck', 'hls', drm('clearkey'))]),
    caps: { keySystems: CK_TEMP },
    chosen: 'dash-clear',
    rejected: { 'dash-fps': /fairplay \(com\.apple\.fps\) is not available/ },
  },
  {
    name: "licenceMode 'online': Widevine with temporary licences only qualifies (stored, a licence asked at each play)",
    entry: entry([src('dash-wv', 'dash', drm('widevine'))]),
    caps: { keySystems: WV_TEMP },
    options: { licenceMode: 'online' },
    chosen: 'dash-wv',
    keySystem: WV,
    persistentLicense: false,
    scheme: 'widevine',
    licenceMode: 'online',
  },
  {
    name: "licenceMode 'online': Widevine with persistent licences keeps none either",
    entry: entry([src('dash-wv', 'dash', drm('widevine'))]),
    caps: { keySystems: WV_PERSIST },
    options: { licenceMode: 'online' },
    chosen: 'dash-wv',
    persistentLicense: false,
    licenceMode: 'online',
  },
  {
    name: "licenceMode 'online': ClearKey keeps no keys",
    entry: entry([src('dash-ck', 'dash', drm('clearkey'))]),
    caps: { keySystems: CK_TEMP },
    options: { licenceMode: 'online' },
    chosen: 'dash-ck',
    licenceMode: 'online',
  },
  { name: "licenceMode: 'offline' for DRM by default, null for clear content", entry: entry([src('dash', 'dash')]), caps: {}, chosen: 'dash', licenceMode: null },
  {
    name: "licenceMode 'online' still refuses FairPlay: the probe's answer, and Shaka Player cannot store it",
    entry: entry([src('hls-fps', 'hls', drm('fairplay'))]),
    caps: { keySystems: { 'com.apple.fps': { supported: true, persistentLicense: false } } },
    options: { licenceMode: 'online' },
    chosen: null,
    rejected: { 'hls-fps': /does not keep persistent licences for FairPlay \(com\.apple\.fps refuses persistent-license sessions here\), and Shaka Player cannot store FairPlay media/ },
  },
  {
    name: 'live entries: nothing, with a reason',
    entry: entry([src('dash', 'dash'), src('hls', 'hls')], 'live'),
    caps: {},
    chosen: null,
    rejected: { dash: /live content cannot be downloaded/, hls: /live content cannot be downloaded/ },
    reason: /"e" is live: only VOD entries can be downloaded/,
  },
  {
    name: 'dvrLive entries: nothing, with a reason',
    entry: entry([src('dash', 'dash')], 'dvrLive'),
    caps: {},
    options: { preferredSourceId: 'dash' },
    chosen: null,
    rejected: { dash: /live content/ },
    reason: /is dvrLive: only VOD/,
  },
  {
    name: 'nothing qualifies: source null, a reason, every source rejected with its reason',
    entry: entry([src('mp4-wv', 'mp4', drm('widevine')), src('hls-fps', 'hls', drm('fairplay')), src('dash-wv', 'dash', drm('widevine')), src('mp3', 'mp3')]),
    caps: { formats: ['dash', 'hls', 'mp4'], keySystems: WV_TEMP },
    chosen: null,
    rejected: {
      'mp4-wv': /DRM-protected progressive/,
      'hls-fps': /fairplay \(com\.apple\.fps\) is not available/,
      'dash-wv': /does not keep persistent licences/,
      mp3: /MP3 cannot be stored/,
    },
    reason: /mp4-wv: .*hls-fps: .*dash-wv: .*mp3: /,
  },
];

describe('chooseDownloadableSource (fake capabilities)', () => {
  for (const row of rows) {
    it(row.name, async () => {
      const choice = await chooseDownloadableSource(row.entry, fake(row.caps), row.options);
      expect(choice.source?.id ?? null, JSON.stringify(choice)).to.equal(row.chosen);
      if (row.chosen !== null) {
        expect(choice.reason).to.equal(null);
        expect(choice.source).to.deep.equal(row.entry.sources.find((s) => s.id === row.chosen));
      } else {
        expect(choice.reason, 'a reason when nothing is chosen').to.be.a('string').and.not.empty;
        expect(choice.drm).to.equal(null);
        expect(choice.keySystem).to.equal(null);
        expect(choice.persistentLicense).to.equal(false);
        // Every source is rejected, each with a reason.
        expect(choice.rejected.map((r) => r.sourceId)).to.have.members(row.entry.sources.map((s) => s.id));
        for (const r of choice.rejected) expect(r.reason, r.sourceId).to.be.a('string').and.not.empty;
      }
      if (row.reason) expect(choice.reason).to.match(row.reason);
      if (row.keySystem !== undefined) expect(choice.keySystem).to.equal(row.keySystem);
      if (row.persistentLicense !== undefined) expect(choice.persistentLicense).to.equal(row.persistentLicense);
      if (row.scheme !== undefined) expect(choice.drm?.scheme ?? null).to.equal(row.scheme);
      if (row.licenceMode !== undefined) expect(choice.licenceMode).to.equal(row.licenceMode);
      else if (row.keySystem) expect(choice.licenceMode).to.equal('offline');
      if (row.keySystem) expect(choice.drm, 'the drm params of the chosen scheme').to.deep.equal(choice.source!.drmData.find((d) => d.scheme === row.scheme));
      if (row.rejected) {
        const got = Object.fromEntries(choice.rejected.map((r) => [r.sourceId, r.reason]));
        expect(Object.keys(got), JSON.stringify(got)).to.have.members(Object.keys(row.rejected));
        for (const [id, pattern] of Object.entries(row.rejected)) expect(got[id], id).to.match(pattern);
      }
    });
  }

  it('asks EME about each scheme in the entry’s order (FairPlay too: its reason comes from the answer), and stops once one works', async () => {
    const caps = fake({ keySystems: { ...CK_TEMP, ...WV_PERSIST } });
    const choice = await chooseDownloadableSource(entry([src('dash', 'dash', drm('fairplay', 'clearkey', 'widevine'))]), caps);
    expect(choice.keySystem).to.equal(CK);
    expect(caps.asked).to.deep.equal(['com.apple.fps', CK]);
  });
});

describe('LocalAssetsManager source choice', () => {
  const stores: DefaultLocalDataStore[] = [];
  const store = () => {
    const s = new DefaultLocalDataStore({ name: `test-source-choice-${newScope('store')}` });
    stores.push(s);
    return s;
  };

  it('getPreferredDownloadableMediaSource returns what chooseDownloadableSource returns', async () => {
    for (const row of rows) {
      const capabilities = fake(row.caps);
      const manager = new LocalAssetsManager(store(), { capabilities });
      const viaManager = await manager.getPreferredDownloadableMediaSource(row.entry, row.options);
      const direct = await chooseDownloadableSource(row.entry, fake(row.caps), row.options);
      expect(viaManager, row.name).to.deep.equal(direct);
      expect(viaManager.source?.id ?? null, row.name).to.equal(row.chosen);
    }
  });

  it('getPreferredDownloadableMediaSource takes entry JSON and rejects a bad one with INVALID_ENTRY', async () => {
    const manager = new LocalAssetsManager(store(), { capabilities: fake({ keySystems: CK_TEMP }) });
    const choice = await manager.getPreferredDownloadableMediaSource({ id: 'j', sources: [{ id: 'x', contentUrl: 'https://cdn.example.com/x.mpd', drmData: [{ scheme: 'clearkey', licenseUri: LIC }] }] });
    expect(choice.source?.id).to.equal('x');
    expect(choice.keySystem).to.equal(CK);
    const error = await rejects(manager.getPreferredDownloadableMediaSource({ id: 'j', sources: [] }));
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
  });

  it('prepareForDownload of a FairPlay-only entry is NO_DOWNLOADABLE_SOURCE mentioning FairPlay', async () => {
    const manager = new LocalAssetsManager(store(), { capabilities: fake({ keySystems: { 'com.apple.fps': { supported: true, persistentLicense: true }, ...CK_TEMP } }) });
    const fairplayOnly = entry([src('hls-fps', 'hls', [{ scheme: 'com.apple.fps.1_0', licenseUri: `${LIC}fps` }]), src('dash-fps', 'dash', drm('FairPlay'))]);
    const error = await rejects(manager.prepareForDownload(fairplayOnly));
    expect(error.code).to.equal(ErrorCode.NO_DOWNLOADABLE_SOURCE);
    expect(error.message).to.contain('FairPlay');
    const rejected = error.details.rejected as Array<{ sourceId: string; reason: string }>;
    expect(rejected.map((r) => r.sourceId)).to.have.members(['hls-fps', 'dash-fps']);
    expect(rejected.every((r) => /FairPlay/.test(r.reason))).to.be.true;
    // Nothing was registered.
    const status = await manager.getAssetStatus('e');
    expect(status.registered).to.be.false;
  });

  after(async () => {
    for (const s of stores) await s.clear();
  });
});
