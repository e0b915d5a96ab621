// What the planner reads in the manifests Shaka fetches (manifest-facts.ts):
// the AES-128 key and IV of every segment (RFC 8216 §5.2: the media sequence
// number when there is no IV), byte ranges, live and EVENT playlists, dynamic
// MPDs, and encryption that cannot play offline. The shape tests download
// the real fixtures; these cover the rules the fixtures do not exercise.
import { expect } from '@open-wc/testing';
import type { ManifestDB } from '../../src/service/databases/shaka-db.js';
import { readManifest, resourceId } from '../../src/service/download/manifest-facts.js';
import { aesPlan } from '../../src/service/download/planner.js';

const BASE = 'https://cdn.example.com/vod/video.m3u8';
const at = (path: string) => new URL(path, BASE).href;
const media = (body: string, end = '#EXT-X-ENDLIST') => `#EXTM3U\n#EXT-X-TARGETDURATION:2\n${body}\n${end}\n`;

describe('readManifest', () => {
  it('AES-128: the key carried forward, IV from the media sequence number or the IV attribute, METHOD=NONE ends it', () => {
    const facts = readManifest(
      media(`#EXT-X-MEDIA-SEQUENCE:7
#EXT-X-KEY:METHOD=AES-128,URI="keys/a"
#EXTINF:2,
s7.ts
#EXTINF:2,
s8.ts
#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example.com/b",IV=0x750DE6BD7F2CD8D89B1D4E5BB9469283
#EXTINF:2,
s9.ts
#EXT-X-KEY:METHOD=NONE
#EXTINF:2,
s10.ts`),
      BASE,
    );
    expect(facts.refusal).to.equal(null);
    expect(Object.fromEntries(facts.aes)).to.deep.equal({
      [resourceId(at('s7.ts'), 0, null)]: { keyUri: at('keys/a'), iv: '00000000000000000000000000000007' },
      [resourceId(at('s8.ts'), 0, null)]: { keyUri: at('keys/a'), iv: '00000000000000000000000000000008' },
      [resourceId(at('s9.ts'), 0, null)]: { keyUri: 'https://keys.example.com/b', iv: '750de6bd7f2cd8d89b1d4e5bb9469283' },
    });
    expect([...facts.aesKeyUris].sort()).to.deep.equal([at('keys/a'), 'https://keys.example.com/b']);
  });

  it('byte ranges: an offset, or right after the previous range of the same file; an encrypted EXT-X-MAP', () => {
    const facts = readManifest(
      media(`#EXT-X-KEY:METHOD=AES-128,URI="k",IV=0x000102030405060708090a0b0c0d0e0f
#EXT-X-MAP:URI="all.mp4",BYTERANGE="100@0"
#EXTINF:2,
#EXT-X-BYTERANGE:500@180
all.mp4
#EXTINF:2,
#EXT-X-BYTERANGE:300
all.mp4`),
      BASE,
    );
    expect([...facts.aes.keys()]).to.deep.equal([resourceId(at('all.mp4'), 0, 99), resourceId(at('all.mp4'), 180, 679), resourceId(at('all.mp4'), 680, 979)]);
  });

  it('live and EVENT playlists are refused; VOD is PLAYLIST-TYPE:VOD or an ENDLIST (Shaka’s rule); a master is neither', () => {
    const live = readManifest(media('#EXTINF:2,\na.ts', ''), BASE).refusal;
    expect(live?.code).to.equal('LIVE_NOT_SUPPORTED');
    expect(live?.details.reason).to.equal('hls-live');
    expect(readManifest(media('#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2,\na.ts', ''), BASE).refusal?.details.reason).to.equal('hls-event');
    expect(readManifest(media('#EXT-X-PLAYLIST-TYPE:EVENT\n#EXTINF:2,\na.ts'), BASE).refusal, 'a finished EVENT').to.equal(null);
    expect(readManifest(media('#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2,\na.ts', ''), BASE).refusal, 'VOD without ENDLIST').to.equal(null);
    expect(readManifest('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n', BASE).refusal, 'a master').to.equal(null);
  });

  it('encryption: other AES methods and SAMPLE-AES in TS are UNSUPPORTED_CONTENT, FairPlay alone UNSUPPORTED_DRM, multi-DRM fMP4 passes', () => {
    const refusal = (body: string) => readManifest(media(body), BASE).refusal;
    expect(refusal('#EXT-X-KEY:METHOD=AES-256,URI="k"\n#EXTINF:2,\na.ts')?.code).to.equal('UNSUPPORTED_CONTENT');
    expect(refusal('#EXT-X-KEY:METHOD=SAMPLE-AES,URI="k",KEYFORMAT="identity"\n#EXTINF:2,\na.ts')?.details.reason).to.equal('hls-sample-aes-ts');
    expect(refusal('#EXT-X-MAP:URI="i.mp4"\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="k",KEYFORMAT="identity"\n#EXTINF:2,\na.m4s'), 'identity key, fMP4').to.equal(null);
    const fairplay = '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://x",KEYFORMAT="com.apple.streamingkeydelivery"';
    expect(refusal(`#EXT-X-MAP:URI="i.mp4"\n${fairplay}\n#EXTINF:2,\na.m4s`)?.code).to.equal('UNSUPPORTED_DRM');
    const widevine = '#EXT-X-KEY:METHOD=SAMPLE-AES,URI="data:text/plain;base64,AA==",KEYFORMAT="urn:uuid:edef8ba9-79d6-4ace-a3c8-27dcd51d21ed"';
    expect(refusal(`#EXT-X-MAP:URI="i.mp4"\n${fairplay}\n${widevine}\n#EXTINF:2,\na.m4s`), 'FairPlay next to Widevine').to.equal(null);
  });

  it('DASH: a dynamic MPD is live; a static one, or any other text, says nothing', () => {
    const mpd = (type: string) => `<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="${type}" profiles="x"><Period/></MPD>`;
    expect(readManifest(mpd('dynamic'), 'https://x/a.mpd').refusal?.details.reason).to.equal('dash-dynamic');
    expect(readManifest(mpd('static'), 'https://x/a.mpd').refusal).to.equal(null);
    expect(readManifest('WEBVTT\n', 'https://x/a.vtt')).to.deep.include({ refusal: null });
  });
});

describe('aesPlan: the playlists’ AES-128 keys matched with Shaka’s pending references', () => {
  const playlist = (...names: string[]) => new Map(names.map((n, i) => [resourceId(at(n), 0, null), { keyUri: at('k'), iv: i.toString(16).padStart(32, '0') }]));
  const manifest = (...refs: string[]) => ({ streams: [{ segments: refs.map((ref) => ({ pendingSegmentRefId: ref })) }] }) as unknown as ManifestDB;
  const ref = (name: string) => `{${encodeURI(at(name))}}:0:null`;

  it('every encrypted segment of a used playlist matched (an inline one is already clear): a plan by reference id', () => {
    const plan = aesPlan(manifest(btoa('clear bytes'), ref('b.ts'), ref('c.ts')), [playlist('a.ts', 'b.ts', 'c.ts'), playlist('other-rendition.ts')]);
    expect(plan).to.deep.equal({ keys: [at('k')], segments: { [ref('b.ts')]: [0, '1'.padStart(32, '0')], [ref('c.ts')]: [0, '2'.padStart(32, '0')] } });
  });

  it('an encrypted segment left unmatched, or nothing matched at all, is UNSUPPORTED_CONTENT (never stored encrypted)', () => {
    const refusal = (m: ManifestDB, p: Array<Map<string, { keyUri: string; iv: string }>>) => {
      try {
        aesPlan(m, p);
      } catch (e) {
        return (e as { code: string; details: { reason: string } }).details.reason;
      }
      return null;
    };
    expect(refusal(manifest(ref('a.ts'), ref('b.ts')), [playlist('a.ts', 'b.ts', 'c.ts')])).to.equal('hls-aes-128-unmatched');
    expect(refusal(manifest(ref('x.ts')), [playlist('a.ts')])).to.equal('hls-aes-128-unmatched');
    expect(refusal(manifest(ref('a.ts')), [])).to.equal(null);
  });
});
