// Tracks of a prepared download, the selection an app makes among them, and
// the manifest that selection keeps. The default selection (documented in the
// README): one video rendition, the highest at or below 720p (the lowest when
// all are taller); every audio language; every text track.
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import type { ManifestDB, StreamDB } from '../databases/shaka-db.js';

export interface VideoTrackInfo {
  /** Stream id (stable within one prepared download). */
  id: number;
  width: number | null;
  height: number | null;
  /** Bits per second, from the manifest. */
  bandwidth: number;
  codecs: string;
  frameRate: number | null;
}

export interface AudioTrackInfo {
  id: number;
  language: string;
  label: string | null;
  bandwidth: number;
  codecs: string;
  channelsCount: number | null;
  roles: string[];
}

export interface TextTrackInfo {
  id: number;
  language: string;
  label: string | null;
  kind: string | null;
  mimeType: string;
  forced: boolean;
}

export interface AvailableTracks {
  video: VideoTrackInfo[];
  audio: AudioTrackInfo[];
  text: TextTrackInfo[];
}

export interface SelectedTracks {
  video: VideoTrackInfo | null;
  audio: AudioTrackInfo[];
  text: TextTrackInfo[];
}

/** What an app asks for; every field is optional and has a default. */
export interface TrackSelection {
  /** Highest video height wanted (default 720): the best rendition at or below it, else the smallest. */
  videoHeight?: number;
  /** Highest video bitrate wanted, bits per second (default: no limit). */
  videoBitrate?: number;
  /** Audio languages (BCP 47, matched by prefix: `en` takes `en-US`), or 'all' (default). */
  audioLanguages?: string[] | 'all';
  /** Text languages, 'all' (default) or 'none'. */
  textLanguages?: string[] | 'all' | 'none';
}

export const DEFAULT_SELECTION: Required<Omit<TrackSelection, 'videoBitrate'>> = {
  videoHeight: 720,
  audioLanguages: 'all',
  textLanguages: 'all',
};

/** @internal Builds the track lists from Shaka's tracks and the planned manifest. */
export function availableTracks(tracks: shaka.extern.Track[], manifest: ManifestDB): AvailableTracks {
  const video = new Map<number, VideoTrackInfo>();
  const audio = new Map<number, AudioTrackInfo>();
  const streams = new Map(manifest.streams.map((s) => [s.id, s]));
  for (const t of tracks) {
    if (t.type !== 'variant') continue;
    if (t.videoId != null && !video.has(t.videoId)) {
      const s = streams.get(t.videoId);
      video.set(t.videoId, {
        id: t.videoId,
        width: t.width ?? s?.width ?? null,
        height: t.height ?? s?.height ?? null,
        bandwidth: t.videoBandwidth ?? (t.audioBandwidth != null ? t.bandwidth - t.audioBandwidth : t.bandwidth),
        codecs: t.videoCodec ?? s?.codecs ?? '',
        frameRate: t.frameRate ?? null,
      });
    }
    if (t.audioId != null) {
      const bandwidth = t.audioBandwidth ?? (t.videoBandwidth != null ? t.bandwidth - t.videoBandwidth : 0);
      const known = audio.get(t.audioId);
      if (!known || known.bandwidth === 0) {
        const s = streams.get(t.audioId);
        audio.set(t.audioId, {
          id: t.audioId,
          language: t.language || s?.language || 'und',
          label: t.label ?? s?.label ?? null,
          bandwidth,
          codecs: t.audioCodec ?? s?.codecs ?? '',
          channelsCount: t.channelsCount ?? null,
          roles: t.audioRoles ?? [],
        });
      }
    }
  }
  const text: TextTrackInfo[] = manifest.streams
    .filter((s) => s.type === 'text')
    .map((s) => ({
      id: s.id,
      language: s.language || 'und',
      label: s.label,
      kind: s.kind ?? null,
      mimeType: s.mimeType,
      forced: s.forced,
    }));
  return {
    video: [...video.values()].sort((a, b) => (a.height ?? 0) - (b.height ?? 0) || a.bandwidth - b.bandwidth),
    audio: [...audio.values()].sort((a, b) => a.language.localeCompare(b.language) || b.bandwidth - a.bandwidth),
    text,
  };
}

const matches = (language: string, wanted: string[]) => {
  const lang = language.toLowerCase();
  return wanted.some((w) => {
    const want = w.toLowerCase();
    return lang === want || lang.startsWith(`${want}-`) || want.startsWith(`${lang}-`);
  });
};

/** Throws INVALID_ARGUMENT when a selection is malformed. */
export function validateSelection(selection: unknown): asserts selection is TrackSelection {
  const problems: string[] = [];
  if (typeof selection !== 'object' || selection === null) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'A track selection must be an object');
  const s = selection as Record<string, unknown>;
  const positive = (name: string) => {
    if (s[name] !== undefined && !(typeof s[name] === 'number' && Number.isFinite(s[name]) && (s[name] as number) > 0)) {
      problems.push(`${name} must be a positive number`);
    }
  };
  positive('videoHeight');
  positive('videoBitrate');
  const languages = (name: string, words: string[]) => {
    const v = s[name];
    if (v === undefined || words.includes(v as string)) return;
    if (!Array.isArray(v) || !v.every((l) => typeof l === 'string' && l.trim() !== '')) {
      problems.push(`${name} must be ${words.map((w) => `'${w}'`).join(' or ')} or an array of language codes`);
    }
  };
  languages('audioLanguages', ['all']);
  languages('textLanguages', ['all', 'none']);
  if (problems.length > 0) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, `Invalid track selection: ${problems.join('; ')}`, { details: { problems } });
}

/** Applies a selection (with defaults) to the available tracks. */
export function selectTracks(available: AvailableTracks, selection: TrackSelection = {}): SelectedTracks {
  validateSelection(selection);
  const videoHeight = selection.videoHeight ?? DEFAULT_SELECTION.videoHeight;
  const fits = available.video.filter(
    (v) => (v.height ?? 0) <= videoHeight && (selection.videoBitrate == null || v.bandwidth <= selection.videoBitrate),
  );
  const byQuality = (a: VideoTrackInfo, b: VideoTrackInfo) => (a.height ?? 0) - (b.height ?? 0) || a.bandwidth - b.bandwidth;
  const video = fits.length > 0 ? [...fits].sort(byQuality).at(-1)! : ([...available.video].sort(byQuality)[0] ?? null);

  const audioLanguages = selection.audioLanguages ?? DEFAULT_SELECTION.audioLanguages;
  const audioCandidates =
    audioLanguages === 'all' ? available.audio : available.audio.filter((a) => matches(a.language, audioLanguages));
  // One stream per language: the best bitrate.
  const bestPerLanguage = new Map<string, AudioTrackInfo>();
  for (const a of audioCandidates) {
    const known = bestPerLanguage.get(a.language);
    if (!known || a.bandwidth > known.bandwidth) bestPerLanguage.set(a.language, a);
  }
  let audio = [...bestPerLanguage.values()];
  // Never store a video without sound because of a language filter that matched nothing.
  if (audio.length === 0 && available.audio.length > 0) audio = [available.audio[0]];

  const textLanguages = selection.textLanguages ?? DEFAULT_SELECTION.textLanguages;
  const text =
    textLanguages === 'none'
      ? []
      : textLanguages === 'all'
        ? available.text
        : available.text.filter((t) => matches(t.language, textLanguages));
  return { video, audio, text };
}

/**
 * @internal The manifest to store for a selection: only the chosen streams, and
 * only the variants made of them.
 */
export function manifestForSelection(plan: ManifestDB, tracks: shaka.extern.Track[], chosen: SelectedTracks): ManifestDB {
  const audioIds = new Set(chosen.audio.map((a) => a.id));
  const videoId = chosen.video?.id ?? null;
  const variantIds = new Set(
    tracks
      .filter((t) => t.type === 'variant')
      .filter((t) => (t.videoId ?? null) === videoId && (t.audioId == null || audioIds.has(t.audioId)))
      .map((t) => t.id),
  );
  const keep = new Set<number>([...audioIds, ...chosen.text.map((t) => t.id)]);
  if (videoId != null) keep.add(videoId);
  const streams: StreamDB[] = plan.streams
    .filter((s) => keep.has(s.id))
    .map((s) => ({ ...s, variantIds: s.variantIds.filter((id) => variantIds.has(id)), segments: s.segments.map((seg) => ({ ...seg })) }));
  return { ...plan, streams, size: 0, isIncomplete: true };
}
