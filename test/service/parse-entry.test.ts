// parseMediaEntry / fetchMediaEntry: every fixture parses, relative URLs
// resolve against the entry's URL, formats and DRM schemes are normalised,
// and every kind of bad input is an OfflineError(INVALID_ENTRY) whose
// details.problems name the offending path.
import { expect } from '@open-wc/testing';
import { ENTRY_LIMITS, ErrorCode, fetchMediaEntry, inferMediaFormat, parseMediaEntry, type MediaEntry } from '../../src/index.js';
import { FIXTURES, SHAPES, type FixtureName, type ShapeName, newScope, scoped, serverState } from '../support/media.js';
import { rejects, throws } from '../support/errors.js';



const BASE = 'https://cdn.example.com/catalog/entries/entry.json';

/** A small valid entry JSON; `patch` changes it. */
function valid(patch: (json: Record<string, unknown> & { sources: Array<Record<string, unknown>> }) => void = () => {}): unknown {
  const json = {
    id: 'e1',
    name: 'Entry',
    duration: 12.5,
    mediaType: 'vod',
    metadata: { a: 'b' },
    sources: [{ id: 's1', contentUrl: '../media/a/manifest.mpd', mimeType: 'application/dash+xml' }],
  };
  patch(json);
  return json;
}

const fixtureUrl = (name: FixtureName | ShapeName) => new URL(`/fixtures/entries/${name}.json`, location.href).href;

async function fixtureJson(name: FixtureName | ShapeName): Promise<Record<string, unknown>> {
  const response = await fetch(fixtureUrl(name), { cache: 'no-store' });
  expect(response.status, `${name}.json is served`).to.equal(200);
  return response.json();
}

describe('parseMediaEntry: valid entries', () => {
  for (const name of FIXTURES) {
    it(`fixture ${name} parses, with every URL resolved against the JSON's URL`, async () => {
      const json = await fixtureJson(name);
      const baseUrl = fixtureUrl(name);
      const entry = parseMediaEntry(json, { baseUrl });
      const raw = json as { id: string; sources: Array<{ id: string; contentUrl: string; mediaFormat: string; drmData?: Array<{ scheme: string; licenseUri: string }> }> };
      expect(entry.id).to.equal(raw.id);
      expect(entry.mediaType).to.equal('vod');
      expect(entry.duration).to.equal(20);
      expect(entry.thumbnailUrl).to.equal(new URL('/fixtures/media/poster.jpg', location.href).href);
      expect(entry.sources.map((s) => s.id)).to.deep.equal(raw.sources.map((s) => s.id));
      entry.sources.forEach((source, i) => {
        expect(source.contentUrl).to.equal(new URL(raw.sources[i].contentUrl, baseUrl).href);
        expect(source.contentUrl.startsWith(`${location.origin}/fixtures/media/`), source.contentUrl).to.be.true;
        expect(source.mediaFormat).to.equal(raw.sources[i].mediaFormat);
        expect(source.drmData.length).to.equal(raw.sources[i].drmData?.length ?? 0);
        source.drmData.forEach((drm) => {
          expect(drm.scheme).to.equal('clearkey');
          expect(drm.licenseUri).to.equal(`${location.origin}/license/clearkey`);
        });
      });
      expect(entry.metadata).to.deep.equal((json as { metadata: unknown }).metadata);
    });
  }

  it('every shape fixture entry parses, with its format, media type and DRM as written', async () => {
    for (const name of SHAPES) {
      const json = (await fixtureJson(name)) as { mediaType: string; sources: Array<{ contentUrl: string; mediaFormat: string; mimeType: string; drmData?: Array<{ scheme: string }> }> };
      const entry = parseMediaEntry(json, { baseUrl: fixtureUrl(name) });
      expect(entry.duration, name).to.equal(8);
      expect(entry.mediaType, name).to.equal(json.mediaType);
      const [source] = entry.sources;
      expect(source.contentUrl.startsWith(`${location.origin}/fixtures/media/shapes/`), source.contentUrl).to.be.true;
      expect(source.mediaFormat, name).to.equal(json.sources[0].mediaFormat);
      expect(source.mimeType, name).to.equal(json.sources[0].mimeType);
      expect(source.drmData.map((d) => d.scheme), name).to.deep.equal((json.sources[0].drmData ?? []).map((d) => d.scheme));
    }
  });

  it('fetchMediaEntry fetches and resolves the same as parseMediaEntry with the JSON URL as base', async () => {
    const fetched = await fetchMediaEntry('/fixtures/entries/multi-source.json');
    const parsed = parseMediaEntry(await fixtureJson('multi-source'), { baseUrl: fixtureUrl('multi-source') });
    expect(fetched).to.deep.equal(parsed);
    expect(fetched.sources.find((s) => s.id === 'multi-source-dash')?.contentUrl).to.equal(`${location.origin}/fixtures/media/clear/dash/manifest.mpd`);
  });

  it('accepts the entry as a JSON string', () => {
    const entry = parseMediaEntry(JSON.stringify(valid()), { baseUrl: BASE });
    expect(entry.id).to.equal('e1');
    expect(entry.sources[0].contentUrl).to.equal('https://cdn.example.com/catalog/media/a/manifest.mpd');
  });

  it('resolves relative URLs (sources, licences, certificate, thumbnail) against baseUrl', () => {
    const entry = parseMediaEntry(
      valid((j) => {
        j.thumbnailUrl = '/img/poster.jpg';
        j.sources[0].drmData = [{ scheme: 'fairplay', licenseUri: 'lic/fps', certificateUri: '//keys.example.org/cert.der', contentId: 'abc' }];
      }),
      { baseUrl: BASE },
    );
    expect(entry.sources[0].contentUrl).to.equal('https://cdn.example.com/catalog/media/a/manifest.mpd');
    expect(entry.thumbnailUrl).to.equal('https://cdn.example.com/img/poster.jpg');
    expect(entry.sources[0].drmData[0]).to.deep.equal({
      scheme: 'fairplay',
      licenseUri: 'https://cdn.example.com/catalog/entries/lic/fps',
      certificateUri: 'https://keys.example.org/cert.der',
      contentId: 'abc',
    });
  });

  it('keeps absolute URLs and accepts blob:, data: and offline: schemes', () => {
    const entry = parseMediaEntry(
      valid((j) => {
        j.sources = [
          { id: 'a', contentUrl: 'http://other.example.net/v.mp4' },
          { id: 'b', contentUrl: 'blob:https://cdn.example.com/1234', mediaFormat: 'mp4' },
          { id: 'c', contentUrl: 'data:audio/mpeg;base64,AAAA', mediaFormat: 'mp3' },
          { id: 'd', contentUrl: 'offline:0', mediaFormat: 'dash' },
        ];
      }),
      { baseUrl: BASE },
    );
    expect(entry.sources.map((s) => s.contentUrl)).to.deep.equal([
      'http://other.example.net/v.mp4',
      'blob:https://cdn.example.com/1234',
      'data:audio/mpeg;base64,AAAA',
      'offline:0',
    ]);
  });

  it('infers mediaFormat from the MIME type first, then the URL extension', () => {
    const rows: Array<{ contentUrl: string; mimeType?: string; expected: string }> = [
      { contentUrl: 'play?id=1', mimeType: 'application/dash+xml', expected: 'dash' },
      { contentUrl: 'video.mp4', mimeType: 'application/x-mpegURL', expected: 'hls' }, // MIME wins over extension, case-insensitive
      { contentUrl: 'stream', mimeType: 'application/vnd.apple.mpegurl', expected: 'hls' },
      { contentUrl: 'clip', mimeType: 'video/mp4; codecs="avc1.42E01E"', expected: 'mp4' },
      { contentUrl: 'song', mimeType: 'audio/mpeg', expected: 'mp3' },
      { contentUrl: 'a/manifest.MPD', expected: 'dash' },
      { contentUrl: 'a/master.m3u8?token=x.mp4', expected: 'hls' }, // the query is not the extension
      { contentUrl: 'a/movie.mov#t=3', expected: 'mp4' },
      { contentUrl: 'a/audio.m4a', expected: 'mp4' },
      { contentUrl: 'a/track.mp3', expected: 'mp3' },
      { contentUrl: 'a/clip.webm', expected: 'webm' },
      { contentUrl: 'clip', mimeType: 'video/webm; codecs="vp9, opus"', expected: 'webm' },
      { contentUrl: 'voice', mimeType: 'audio/webm', expected: 'webm' },
      { contentUrl: 'a/manifest.mpd', mimeType: 'application/octet-stream', expected: 'dash' }, // unknown MIME: the extension
    ];
    const entry = parseMediaEntry(
      valid((j) => {
        j.sources = rows.map((r, i) => ({ id: `s${i}`, contentUrl: r.contentUrl, mimeType: r.mimeType }));
      }),
      { baseUrl: BASE },
    );
    expect(entry.sources.map((s) => s.mediaFormat)).to.deep.equal(rows.map((r) => r.expected));
    expect(entry.sources[1].mimeType).to.equal('application/x-mpegURL');
  });

  it('an explicit mediaFormat wins over the MIME type and extension', () => {
    const entry = parseMediaEntry(
      valid((j) => {
        j.sources[0].mediaFormat = 'hls';
      }),
      { baseUrl: BASE },
    );
    expect(entry.sources[0].mediaFormat).to.equal('hls');
  });

  it('normalises Kaltura scheme names and key system names', () => {
    const schemes: Array<[string, string]> = [
      ['widevineCenc', 'widevine'],
      ['com.widevine.alpha', 'widevine'],
      ['Widevine', 'widevine'],
      ['playReadyCENC', 'playready'],
      ['com.microsoft.playready', 'playready'],
      ['com.microsoft.playready.recommendation', 'playready'],
      ['FairPlay', 'fairplay'],
      ['com.apple.fps.1_0', 'fairplay'],
      ['org.w3.clearkey', 'clearkey'],
      ['clearkey', 'clearkey'],
    ];
    const entry = parseMediaEntry(
      valid((j) => {
        j.sources[0].drmData = schemes.map(([scheme]) => ({ scheme, licenseUri: 'https://lic.example.com/' }));
      }),
      { baseUrl: BASE },
    );
    expect(entry.sources[0].drmData.map((d) => d.scheme)).to.deep.equal(schemes.map(([, s]) => s));
  });

  it('fills defaults: source ids, mediaType vod, empty metadata and drmData; numeric ids become strings', () => {
    const entry = parseMediaEntry({ id: 7, sources: [{ contentUrl: 'a.mpd' }, { id: 3, contentUrl: 'b.m3u8', drmData: null }] }, { baseUrl: BASE });
    const expected: MediaEntry = {
      id: '7',
      mediaType: 'vod',
      metadata: {},
      sources: [
        { id: '7-0', contentUrl: 'https://cdn.example.com/catalog/entries/a.mpd', mediaFormat: 'dash', drmData: [] },
        { id: '3', contentUrl: 'https://cdn.example.com/catalog/entries/b.m3u8', mediaFormat: 'hls', drmData: [] },
      ],
    };
    expect(entry).to.deep.equal(expected);
  });

  it('keeps metadata scalars, licenseDurationSeconds, and clearKeys (lower-cased, licenseUri optional)', () => {
    const kid = '4F66666C696E65506C61796572564944';
    const key = '4EEEE8297472A8947E92B600181F7DCF';
    const entry = parseMediaEntry(
      valid((j) => {
        j.metadata = { s: 'x', n: 1, b: false, z: null };
        j.sources[0].drmData = [
          { scheme: 'clearkey', clearKeys: { [kid]: key } },
          { scheme: 'widevine', licenseUri: 'https://lic.example.com/wv', licenseDurationSeconds: 3600 },
        ];
      }),
      { baseUrl: BASE },
    );
    expect(entry.metadata).to.deep.equal({ s: 'x', n: 1, b: false, z: null });
    expect(entry.sources[0].drmData[0].clearKeys).to.deep.equal({ [kid.toLowerCase()]: key.toLowerCase() });
    expect(entry.sources[0].drmData[0].licenseUri).to.equal('');
    expect(entry.sources[0].drmData[1].licenseDurationSeconds).to.equal(3600);
  });
});

describe('parseMediaEntry: bad input is INVALID_ENTRY with the problem and its path', () => {
  const rows: Array<{ name: string; input: unknown; problem: RegExp }> = [
    { name: 'null', input: null, problem: /must be an object, not null/ },
    { name: 'an array', input: [valid()], problem: /must be an object, not an array/ },
    { name: 'a number', input: 42, problem: /must be an object, not number/ },
    { name: 'a string that is not JSON', input: '{"id": "x", sources: [', problem: /not valid JSON/ },
    { name: 'a JSON string that is not an object', input: '"just a string"', problem: /must be an object, not string/ },
    { name: 'a missing id', input: valid((j) => delete j.id), problem: /^id: must be a non-empty string/ },
    { name: 'a blank id', input: valid((j) => (j.id = '   ')), problem: /^id: must be a non-empty string/ },
    { name: 'no sources', input: valid((j) => delete (j as Record<string, unknown>).sources), problem: /^sources: must be a non-empty array/ },
    { name: 'empty sources', input: valid((j) => (j.sources = [])), problem: /^sources: must be a non-empty array/ },
    { name: 'a source that is not an object', input: valid((j) => ((j as Record<string, unknown>).sources = ['x.mpd'])), problem: /^sources\[0\]: must be an object/ },
    { name: 'a source without contentUrl', input: valid((j) => delete j.sources[0].contentUrl), problem: /^sources\[0\]\.contentUrl: is required/ },
    { name: 'a non-string contentUrl', input: valid((j) => (j.sources[0].contentUrl = 12)), problem: /^sources\[0\]\.contentUrl: must be a URL string/ },
    { name: 'a bad URL', input: valid((j) => (j.sources[0].contentUrl = 'http://[bad')), problem: /^sources\[0\]\.contentUrl: is not a valid URL/ },
    { name: 'an ftp: URL', input: valid((j) => (j.sources[0].contentUrl = 'ftp://cdn.example.com/a.mpd')), problem: /^sources\[0\]\.contentUrl: has an unsupported scheme "ftp:"/ },
    { name: 'a javascript: URL', input: valid((j) => (j.sources[0].contentUrl = 'javascript:alert(1)')), problem: /^sources\[0\]\.contentUrl: has an unsupported scheme "javascript:"/ },
    { name: 'a bad thumbnail URL', input: valid((j) => (j.thumbnailUrl = 'file:///etc/passwd')), problem: /^thumbnailUrl: has an unsupported scheme "file:"/ },
    { name: 'an unknown mediaFormat', input: valid((j) => (j.sources[0].mediaFormat = 'flv')), problem: /^sources\[0\]\.mediaFormat: must be one of dash, hls, mp4, webm, mp3 \(got "flv"\)/ },
    { name: 'a mediaFormat in capitals', input: valid((j) => (j.sources[0].mediaFormat = 'DASH')), problem: /^sources\[0\]\.mediaFormat: must be one of/ },
    {
      name: 'a format that cannot be inferred',
      input: valid((j) => (j.sources[0] = { id: 's1', contentUrl: 'https://cdn.example.com/play?id=1', mimeType: 'text/html' })),
      problem: /^sources\[0\]\.mediaFormat: is missing and cannot be inferred/,
    },
    { name: 'a non-string mimeType', input: valid((j) => (j.sources[0].mimeType = 5)), problem: /^sources\[0\]\.mimeType: must be a string/ },
    { name: 'a blank source id', input: valid((j) => (j.sources[0].id = '')), problem: /^sources\[0\]\.id: must be a non-empty string/ },
    {
      name: 'a bad drm scheme',
      input: valid((j) => (j.sources[0].drmData = [{ scheme: 'primetime', licenseUri: 'https://lic.example.com/' }])),
      problem: /^sources\[0\]\.drmData\[0\]\.scheme: must be one of widevine, playready, fairplay, clearkey \(got "primetime"\)/,
    },
    {
      name: 'a drm entry without scheme',
      input: valid((j) => (j.sources[0].drmData = [{ licenseUri: 'https://lic.example.com/' }])),
      problem: /^sources\[0\]\.drmData\[0\]\.scheme: must be one of/,
    },
    {
      name: 'a non-array drmData',
      input: valid((j) => (j.sources[0].drmData = { scheme: 'widevine', licenseUri: 'https://lic.example.com/' })),
      problem: /^sources\[0\]\.drmData: must be an array/,
    },
    { name: 'a drm entry that is not an object', input: valid((j) => (j.sources[0].drmData = ['widevine'])), problem: /^sources\[0\]\.drmData\[0\]: must be an object/ },
    { name: 'a drm entry without licenseUri', input: valid((j) => (j.sources[0].drmData = [{ scheme: 'widevine' }])), problem: /^sources\[0\]\.drmData\[0\]\.licenseUri: is required/ },
    {
      name: 'a zero licenseDurationSeconds',
      input: valid((j) => (j.sources[0].drmData = [{ scheme: 'widevine', licenseUri: 'https://lic.example.com/', licenseDurationSeconds: 0 }])),
      problem: /^sources\[0\]\.drmData\[0\]\.licenseDurationSeconds: must be a positive number/,
    },
    { name: 'a negative duration', input: valid((j) => (j.duration = -1)), problem: /^duration: must be a non-negative number/ },
    { name: 'an infinite duration', input: valid((j) => (j.duration = Infinity)), problem: /^duration: must be a non-negative number/ },
    { name: 'a string duration', input: valid((j) => (j.duration = '20')), problem: /^duration: must be a non-negative number/ },
    { name: 'a bad mediaType', input: valid((j) => (j.mediaType = 'podcast')), problem: /^mediaType: must be one of vod, live, dvrLive/ },
    { name: 'a non-string name', input: valid((j) => (j.name = { en: 'x' })), problem: /^name: must be a string/ },
    { name: 'metadata that is not an object', input: valid((j) => (j.metadata = ['a'])), problem: /^metadata: must be an object/ },
    { name: 'metadata with an object value', input: valid((j) => (j.metadata = { ok: 1, nested: { a: 1 } })), problem: /^metadata\.nested: must be a string, number, boolean or null/ },
    {
      name: 'duplicate source ids',
      input: valid((j) => j.sources.push({ id: 's1', contentUrl: 'https://cdn.example.com/v.mp4' })),
      problem: /^sources: source id "s1" is used twice/,
    },
    {
      name: 'clearKeys with a short key',
      input: valid((j) => (j.sources[0].drmData = [{ scheme: 'clearkey', clearKeys: { '4f66666c696e65506c61796572564944': 'abcd' } }])),
      problem: /^sources\[0\]\.drmData\[0\]\.clearKeys: must map 32-hex-digit key ids to 32-hex-digit keys/,
    },
    {
      name: 'clearKeys with a non-hex key id',
      input: valid((j) => (j.sources[0].drmData = [{ scheme: 'clearkey', clearKeys: { 'zz666c696e65506c61796572564944zz': '4eeee8297472a8947e92b600181f7dcf' } }])),
      problem: /^sources\[0\]\.drmData\[0\]\.clearKeys: must map/,
    },
    {
      name: 'clearKeys that is an array',
      input: valid((j) => (j.sources[0].drmData = [{ scheme: 'clearkey', clearKeys: ['4eeee8297472a8947e92b600181f7dcf'] }])),
      problem: /^sources\[0\]\.drmData\[0\]\.clearKeys: must map/,
    },
  ];

  for (const row of rows) {
    it(`rejects ${row.name}`, () => {
      const error = throws(() => parseMediaEntry(row.input, { baseUrl: BASE }));
      expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
      expect(error.name).to.equal('OfflineError');
      const problems = error.details.problems as string[];
      expect(problems, 'details.problems').to.be.an('array').that.is.not.empty;
      expect(
        problems.some((p) => row.problem.test(p)),
        `one of ${JSON.stringify(problems)} matches ${row.problem}`,
      ).to.be.true;
      // The message carries the problems too.
      expect(error.message).to.contain(problems[0]);
      // And it survives the trip through JSON (events, postMessage).
      expect(JSON.parse(JSON.stringify(error))).to.deep.include({ name: 'OfflineError', code: 'INVALID_ENTRY' });
    });
  }

  it('reports every problem at once, each with its path', () => {
    const error = throws(() =>
      parseMediaEntry(
        {
          id: '',
          mediaType: 'live-ish',
          duration: -5,
          metadata: { deep: [1] },
          sources: [
            { id: 'a', contentUrl: 'ftp://x/a.mpd' },
            { id: 'b', contentUrl: 'https://x/b', mediaFormat: 'flv', drmData: [{ scheme: 'nope', licenseUri: 'https://lic/' }] },
            { id: 'c' },
          ],
        },
        { baseUrl: BASE },
      ),
    );
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
    const problems = error.details.problems as string[];
    const paths = problems.map((p) => p.split(':')[0]);
    expect(paths).to.have.members([
      'id',
      'sources[0].contentUrl',
      'sources[1].mediaFormat',
      'sources[1].drmData[0].scheme',
      'sources[2].contentUrl',
      'duration',
      'mediaType',
      'metadata.deep',
    ]);
    expect(error.message).to.match(/\(8 problems\)/);
  });

  it('an entry that only misses its id still lists that one problem', () => {
    const error = throws(() => parseMediaEntry({ sources: [{ contentUrl: 'https://x/a.mpd' }] }));
    expect(error.details.problems).to.deep.equal(['id: must be a non-empty string']);
    expect(error.message).to.match(/\(1 problem\)/);
  });

  it('a relative URL with a baseUrl that is not a URL is reported, not thrown raw', () => {
    const error = throws(() => parseMediaEntry({ id: 'x', sources: [{ contentUrl: 'a.mpd' }] }, { baseUrl: 'not a url' }));
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
    expect((error.details.problems as string[]).some((p) => p.startsWith('sources[0].contentUrl: is not a valid URL'))).to.be.true;
  });
});

describe('fetchMediaEntry errors', () => {
  it('a 404 is NETWORK_ERROR with details.status 404 and the URL', async () => {
    const error = await rejects(fetchMediaEntry('/fixtures/entries/does-not-exist.json'));
    expect(error.code).to.equal(ErrorCode.NETWORK_ERROR);
    expect(error.details.status).to.equal(404);
    expect(error.details.url).to.equal(`${location.origin}/fixtures/entries/does-not-exist.json`);
    expect(error.message).to.contain('HTTP 404');
  });

  it('a response that is not a media entry is INVALID_ENTRY', async () => {
    // A real file that is JSON but not an entry.
    const error = await rejects(fetchMediaEntry('/fixtures/keys.json'));
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
    expect((error.details.problems as string[]).some((p) => p.startsWith('id:'))).to.be.true;
    expect((error.details.problems as string[]).some((p) => p.startsWith('sources:'))).to.be.true;
  });

  it('a response that is not JSON at all is INVALID_ENTRY', async () => {
    const error = await rejects(fetchMediaEntry('/fixtures/media/broken/malformed.mpd'));
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
    expect(error.details.problems).to.deep.equal(['not valid JSON']);
  });
});

describe('parseMediaEntry: limits and prototype keys', () => {
  const problemsOf = (input: unknown) => throws(() => parseMediaEntry(input, { baseUrl: BASE })).details.problems as string[];

  it('refuses more sources than ENTRY_LIMITS.sources, before looking at any of them', () => {
    const many = valid((j) => (j.sources = Array.from({ length: ENTRY_LIMITS.sources + 1 }, (_, i) => ({ id: `s${i}`, contentUrl: `${i}.mpd` }))));
    expect(problemsOf(many)).to.deep.equal([`sources: has ${ENTRY_LIMITS.sources + 1} sources (at most ${ENTRY_LIMITS.sources})`]);
    const most = valid((j) => (j.sources = Array.from({ length: ENTRY_LIMITS.sources }, (_, i) => ({ id: `s${i}`, contentUrl: `${i}.mpd` }))));
    expect(parseMediaEntry(most, { baseUrl: BASE }).sources).to.have.length(ENTRY_LIMITS.sources);
  });

  it('refuses JSON text over ENTRY_LIMITS.jsonLength, ids, names, URLs and metadata over theirs', () => {
    const error = throws(() => parseMediaEntry(' '.repeat(ENTRY_LIMITS.jsonLength + 1)));
    expect(error.code).to.equal(ErrorCode.INVALID_ENTRY);
    expect(error.message).to.contain('too large');
    expect(problemsOf(valid((j) => (j.id = 'x'.repeat(ENTRY_LIMITS.idLength + 1))))).to.deep.equal([`id: is longer than ${ENTRY_LIMITS.idLength} characters`]);
    expect(problemsOf(valid((j) => (j.name = 'n'.repeat(ENTRY_LIMITS.textLength + 1))))[0]).to.match(/^name: must be a string of at most/);
    expect(problemsOf(valid((j) => (j.sources[0].contentUrl = `a/${'b'.repeat(ENTRY_LIMITS.urlLength)}.mpd`)))[0]).to.match(/contentUrl: is longer than/);
    const metadata = Object.fromEntries(Array.from({ length: ENTRY_LIMITS.metadataKeys + 1 }, (_, i) => [`k${i}`, i]));
    expect(problemsOf(valid((j) => (j.metadata = metadata)))[0]).to.match(/^metadata: has 101 keys/);
  });

  it('refuses keys that reach a prototype, anywhere, and leaves Object.prototype alone', () => {
    for (const text of [
      '{"id":"x","__proto__":{"polluted":1},"sources":[{"contentUrl":"a.mpd"}]}',
      '{"id":"x","sources":[{"contentUrl":"a.mpd","constructor":{"prototype":{"polluted":1}}}]}',
      '{"id":"x","metadata":{"__proto__":"p"},"sources":[{"contentUrl":"a.mpd"}]}',
      '{"id":"x","sources":[{"contentUrl":"a.mpd","drmData":[{"scheme":"clearkey","licenseUri":"/l","prototype":1}]}]}',
    ]) {
      const problems = problemsOf(text);
      expect(problems.some((p) => /is not allowed \(it would reach an object prototype\)/.test(p)), text).to.be.true;
    }
    expect(({} as Record<string, unknown>).polluted).to.be.undefined;
  });

  it('a MIME type or scheme named after an Object.prototype member is just unknown', () => {
    expect(problemsOf(valid((j) => (j.sources[0] = { contentUrl: 'a', mimeType: 'constructor' })))).to.deep.equal([
      'sources[0].mediaFormat: is missing and cannot be inferred from the MIME type or the URL',
    ]);
    expect(problemsOf(valid((j) => (j.sources[0].drmData = [{ scheme: 'toString', licenseUri: '/l' }])))[0]).to.match(/^sources\[0\]\.drmData\[0\]\.scheme: must be one of/);
    expect(inferMediaFormat('/x/hasOwnProperty', '__proto__')).to.be.null;
  });

  it('refuses nesting deeper than an entry has', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 10; i++) deep = { inner: deep };
    expect(problemsOf(valid((j) => ((j as Record<string, unknown>).extra = deep))).some((p) => /nested deeper than/.test(p))).to.be.true;
  });

  it('fetchMediaEntry refuses what is not an http(s), blob: or data: URL with INVALID_ARGUMENT', async () => {
    for (const src of ['', 'javascript:alert(1)', 'file:///etc/passwd', 42 as unknown as string]) {
      expect((await rejects(fetchMediaEntry(src))).code, String(src)).to.equal(ErrorCode.INVALID_ARGUMENT);
    }
  });

  it('fetchMediaEntry asks for JSON (the offline shell keeps entry JSON by that header)', async () => {
    const scope = newScope('accept');
    const entry = await fetchMediaEntry(scoped(scope, '/fixtures/entries/clear-dash.json'));
    expect(entry.id).to.equal('clear-dash');
    const { log } = await serverState(scope);
    expect(log.map((e) => e.accept)).to.deep.equal(['application/json']);
  });
});
