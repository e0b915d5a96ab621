// What the manifests Shaka fetches say that its parsed plan does not keep:
// whether the content is live, whether its encryption can be played back
// offline here, and, for HLS METHOD=AES-128, which key and IV each segment
// needs (Shaka decrypts AES-128 while it stores, but its stored manifest has
// no field for keys: fixtures/SHAPES.md §2). Read from the playlist text,
// following RFC 8216 §4.3.2.4 and Shaka's own rules (hls_parser.js).
import { ErrorCode, OfflineError } from '../../errors.js';

/** The AES-128 key and IV of one resource (a media segment or an EXT-X-MAP). */
export interface SegmentKey {
  keyUri: string;
  /** 32 hex digits. */
  iv: string;
}

export interface ManifestFacts {
  /** Why this manifest cannot be downloaded (live, or encryption that cannot play offline here), or null. */
  refusal: OfflineError | null;
  /** AES-128 resources by resourceId(): their key URI and IV. */
  aes: Map<string, SegmentKey>;
  /** Every AES-128 key URI named. */
  aesKeyUris: Set<string>;
}

/** Names a resource the same way for the playlist and for Shaka's reference ids. */
export function resourceId(url: string, start: number, end: number | null): string {
  let href = url;
  try {
    href = new URL(url).href;
  } catch {
    // not absolute: keep it as it is
  }
  return `${href}|${start}|${end ?? ''}`;
}

/** Attributes of a tag line (`KEY=value,KEY="quoted, value"`). */
function attributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
  return out;
}

/** The 16-byte big-endian media sequence number, as hex (the IV when EXT-X-KEY has none). */
function sequenceIv(sequence: number): string {
  return BigInt(sequence).toString(16).padStart(32, '0');
}

const refuse = (code: ErrorCode, message: string, reason: string) => new OfflineError(code, message, { details: { reason } });

/** Methods whose decryption Shaka hands to EME (CENC/cbcs DRM, or an identity key). */
const SAMPLE_METHODS = new Set(['SAMPLE-AES', 'SAMPLE-AES-CTR', 'SAMPLE-AES-CENC', 'ISO-23001-7']);

/** Facts of one manifest response (an MPD, an HLS master or media playlist); `uri` is its final URI. */
export function readManifest(text: string, uri: string): ManifestFacts {
  const facts: ManifestFacts = { refusal: null, aes: new Map(), aesKeyUris: new Set() };
  if (/<MPD[\s>]/.test(text)) {
    const root = /<MPD\b[^>]*>/.exec(text)?.[0] ?? '';
    if (/\btype\s*=\s*["']dynamic["']/.test(root)) {
      facts.refusal = refuse(ErrorCode.LIVE_NOT_SUPPORTED, 'This is a live stream (a dynamic DASH manifest): only on-demand videos can be downloaded', 'dash-dynamic');
    }
    return facts;
  }
  if (!text.trimStart().startsWith('#EXTM3U')) return facts;
  readPlaylist(text, uri, facts);
  return facts;
}

function readPlaylist(text: string, uri: string, facts: ManifestFacts): void {
  const resolve = (ref: string) => new URL(ref, uri).href;
  let sequence = 0;
  let index = 0;
  let playlistType = '';
  let ended = false;
  let segments = 0;
  let hasMap = false;
  /** An EXTINF was read: the next URI line is a segment. */
  let segment = false;
  let key: { method: string; uri: string; iv: string | null; format: string } | null = null;
  let range: { length: number; offset: number | null } | null = null;
  const lastEnd = new Map<string, number>();
  const methods = new Set<string>();
  const formats = new Set<string>();
  const add = (url: string, start: number, end: number | null, ivSequence: number) => {
    if (key?.method !== 'AES-128') return;
    facts.aes.set(resourceId(url, start, end), { keyUri: key.uri, iv: key.iv ?? sequenceIv(ivSequence) });
  };
  const rangeOf = (url: string, spec: { length: number; offset: number | null } | null): [number, number | null] => {
    if (!spec) return [0, null];
    const start = spec.offset ?? (lastEnd.has(url) ? lastEnd.get(url)! + 1 : 0);
    lastEnd.set(url, start + spec.length - 1);
    return [start, start + spec.length - 1];
  };
  const byteRange = (value: string) => {
    const [length, offset] = value.split('@');
    return { length: Number(length), offset: offset === undefined ? null : Number(offset) };
  };
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (!line.startsWith('#')) {
      if (!segment) continue; // a master playlist's variant URI
      segment = false;
      const url = resolve(line);
      const [start, end] = rangeOf(url, range);
      add(url, start, end, sequence + index);
      index += 1;
      segments += 1;
      range = null;
      continue;
    }
    const colon = line.indexOf(':');
    const tag = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1);
    switch (tag) {
      case '#EXT-X-MEDIA-SEQUENCE':
        sequence = Number(value) || 0;
        break;
      case '#EXT-X-PLAYLIST-TYPE':
        playlistType = value.trim().toUpperCase();
        break;
      case '#EXT-X-ENDLIST':
        ended = true;
        break;
      case '#EXTINF':
        segment = true;
        break;
      case '#EXT-X-BYTERANGE':
        range = byteRange(value);
        break;
      case '#EXT-X-KEY': {
        const a = attributes(value);
        const method = (a.METHOD ?? 'NONE').toUpperCase();
        methods.add(method);
        if (method === 'NONE') {
          key = null;
          break;
        }
        const format = a.KEYFORMAT ?? 'identity';
        if (method !== 'AES-128') formats.add(format);
        const iv = a.IV ? a.IV.replace(/^0x/i, '').toLowerCase() : null;
        key = { method, uri: a.URI ? resolve(a.URI) : '', iv, format };
        if (method === 'AES-128') {
          if (!a.URI || (iv !== null && !/^[0-9a-f]{32}$/.test(iv))) {
            facts.refusal ??= refuse(ErrorCode.UNSUPPORTED_CONTENT, 'An AES-128 key of this HLS stream has no URI or a malformed IV', 'hls-aes-128-malformed');
          }
          facts.aesKeyUris.add(key.uri);
        }
        break;
      }
      case '#EXT-X-MAP': {
        hasMap = true;
        const a = attributes(value);
        if (!a.URI) break;
        const url = resolve(a.URI);
        const [start, end] = rangeOf(url, a.BYTERANGE ? byteRange(a.BYTERANGE) : null);
        // An init segment after an AES-128 key is encrypted too; without an IV, Shaka uses its first segment's number.
        add(url, start, end, sequence + index);
        break;
      }
      default:
        break;
    }
  }
  if (segments === 0) return; // a master playlist
  if (!ended && playlistType !== 'VOD') {
    const event = playlistType === 'EVENT';
    facts.refusal = refuse(
      ErrorCode.LIVE_NOT_SUPPORTED,
      `This is a live stream (an HLS ${event ? 'EVENT' : 'live'} playlist that is still growing): only on-demand videos can be downloaded`,
      event ? 'hls-event' : 'hls-live',
    );
    return;
  }
  facts.refusal ??= encryptionRefusal(methods, formats, hasMap);
}

/** Why the playlist's encryption cannot play back offline here, or null (`formats`: KEYFORMATs of its SAMPLE-AES keys). */
function encryptionRefusal(methods: Set<string>, formats: Set<string>, fmp4: boolean): OfflineError | null {
  for (const method of methods) {
    if (method === 'NONE' || method === 'AES-128') continue;
    if (!SAMPLE_METHODS.has(method)) {
      return refuse(ErrorCode.UNSUPPORTED_CONTENT, `HLS encryption METHOD=${method} is not supported for offline playback (AES-128 is)`, `hls-method-${method.toLowerCase()}`);
    }
    // Several key formats (FairPlay next to Widevine, PlayReady...) are multi-DRM: EME picks what it has.
    if ([...formats].every((f) => f === 'com.apple.streamingkeydelivery')) {
      return refuse(ErrorCode.UNSUPPORTED_DRM, 'This HLS stream is protected with FairPlay only: FairPlay media cannot be stored for offline playback on the web', 'hls-fairplay');
    }
    if (!fmp4) {
      return refuse(
        ErrorCode.UNSUPPORTED_CONTENT,
        `This HLS stream uses ${method} encryption in MPEG-2 TS segments, which browsers cannot decrypt with Media Source Extensions: it cannot be played here`,
        'hls-sample-aes-ts',
      );
    }
  }
  return null;
}
