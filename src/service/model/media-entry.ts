/**
 * The media model, in the vocabulary of Kaltura PlayKit's offline API.
 * Plain data: safe to serialise, store and post between tabs.
 */

/**
 * Container/streaming format of a source (Kaltura's `mediaFormat`, plus
 * `webm`: a WebM file is neither MP4 nor MP3, and a model that called it
 * `mp4` would have to be corrected by its MIME type everywhere).
 */
export type MediaFormat = 'dash' | 'hls' | 'mp4' | 'webm' | 'mp3';

/** DRM schemes a source may declare. */
export type DrmScheme = 'widevine' | 'playready' | 'fairplay' | 'clearkey';

export type MediaType = 'vod' | 'live' | 'dvrLive';

/** What a player needs to obtain a licence for one DRM scheme. */
export interface DrmParams {
  scheme: DrmScheme;
  /** Licence server URL. */
  licenseUri: string;
  /** FairPlay: the application certificate's URL. */
  certificateUri?: string;
  /** FairPlay: the content id used in the SPC request. */
  contentId?: string;
  /**
   * How long a licence obtained for this source stays valid, in seconds, when
   * neither the key system nor the licence response says so.
   */
  licenseDurationSeconds?: number;
  /**
   * ClearKey keys (key id hex -> key hex). Set by `createLocalMediaEntry` for
   * downloaded ClearKey content, so it plays with no licence request.
   */
  clearKeys?: Record<string, string>;
}

/** One way to get an entry's media (Kaltura's `PKMediaSource`). */
export interface MediaSource {
  id: string;
  contentUrl: string;
  mimeType?: string;
  mediaFormat: MediaFormat;
  drmData: DrmParams[];
}

/** A playable item with one or more sources (Kaltura's `PKMediaEntry`). */
export interface MediaEntry {
  id: string;
  name?: string;
  sources: MediaSource[];
  /** Duration in seconds, when known. */
  duration?: number;
  mediaType: MediaType;
  metadata: Record<string, string | number | boolean | null>;
  thumbnailUrl?: string;
}

export const MEDIA_FORMATS: readonly MediaFormat[] = ['dash', 'hls', 'mp4', 'webm', 'mp3'];

/** Formats stored as one file (the media database), played from a Blob URL. */
export const isProgressive = (format: MediaFormat): boolean => format === 'mp4' || format === 'webm' || format === 'mp3';
export const DRM_SCHEMES: readonly DrmScheme[] = ['widevine', 'playready', 'fairplay', 'clearkey'];

const MIME_FORMATS: Record<string, MediaFormat> = {
  'application/dash+xml': 'dash',
  'application/x-mpegurl': 'hls',
  'application/vnd.apple.mpegurl': 'hls',
  'audio/mpegurl': 'hls',
  'audio/x-mpegurl': 'hls',
  'video/mp4': 'mp4',
  'audio/mp4': 'mp4',
  'video/quicktime': 'mp4',
  'video/webm': 'webm',
  'audio/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/mp3': 'mp3',
};

const EXTENSION_FORMATS: Record<string, MediaFormat> = {
  mpd: 'dash',
  m3u8: 'hls',
  m3u: 'hls',
  mp4: 'mp4',
  m4v: 'mp4',
  m4a: 'mp4',
  mov: 'mp4',
  webm: 'webm',
  mp3: 'mp3',
};

/** The MIME type a player should be told for a format. */
export const FORMAT_MIME_TYPES: Record<MediaFormat, string> = {
  dash: 'application/dash+xml',
  hls: 'application/x-mpegurl',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mp3: 'audio/mpeg',
};

/** `table[key]` for own keys only: "constructor" or "__proto__" never reach Object.prototype. */
export function ownValue<T>(table: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Infers the format from the MIME type first, then the URL's extension. */
export function inferMediaFormat(contentUrl: string, mimeType?: string): MediaFormat | null {
  const mime = mimeType?.split(';')[0].trim().toLowerCase();
  const byMime = ownValue(MIME_FORMATS, mime);
  if (byMime) return byMime;
  let path = contentUrl;
  try {
    path = new URL(contentUrl, 'http://x/').pathname;
  } catch {
    // not a URL: use the raw text
  }
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  return ownValue(EXTENSION_FORMATS, extension) ?? null;
}

const SCHEME_ALIASES: Record<string, DrmScheme> = {
  widevine: 'widevine',
  widevinecenc: 'widevine',
  'com.widevine.alpha': 'widevine',
  playready: 'playready',
  playreadycenc: 'playready',
  'com.microsoft.playready': 'playready',
  'com.microsoft.playready.recommendation': 'playready',
  fairplay: 'fairplay',
  'com.apple.fps': 'fairplay',
  'com.apple.fps.1_0': 'fairplay',
  clearkey: 'clearkey',
  'org.w3.clearkey': 'clearkey',
};

/** Accepts Kaltura's names (`widevineCenc`), key system names and ours. */
export function normalizeDrmScheme(value: string): DrmScheme | null {
  return ownValue(SCHEME_ALIASES, value.toLowerCase()) ?? null;
}

/** EME key system of each scheme. */
export const KEY_SYSTEMS: Record<DrmScheme, string> = {
  widevine: 'com.widevine.alpha',
  playready: 'com.microsoft.playready',
  fairplay: 'com.apple.fps',
  clearkey: 'org.w3.clearkey',
};
