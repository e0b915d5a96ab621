// What `prepareForDownload` returns: the chosen source, its tracks, the
// selection (changeable until the download starts) and the size it implies,
// with DRM already worked out. No media byte has moved yet.
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../errors.js';
import type { SourceChoice } from './capabilities/source-choice.js';
import type { DownloadPlan } from './download/planner.js';
import {
  type AvailableTracks,
  type SelectedTracks,
  type TrackSelection,
  availableTracks,
  manifestForSelection,
  selectTracks,
} from './download/tracks.js';
import { pendingWork } from './download/work.js';
import type { LicenceMode } from './drm/licence.js';
import type { DrmParams, MediaEntry, MediaSource } from './model/media-entry.js';
import type { AssetRecord, SelectionSummary } from './registry/asset-record.js';
import type { ManifestDB } from './databases/shaka-db.js';

export interface PreparedDrm {
  scheme: DrmParams['scheme'];
  keySystem: string;
  licenseUri: string;
  /** Widevine/PlayReady: a persistent EME licence; ClearKey: keys kept by the manager. */
  persistentLicense: boolean;
  /** 'offline': a licence is kept for playback with no network; 'online': none, each play asks for one. */
  licenceMode: LicenceMode;
}

/** @internal */
export interface PreparedParts {
  assetId: string;
  entry: MediaEntry;
  choice: SourceChoice & { source: MediaSource };
  /** DASH/HLS: Shaka's plan. */
  plan: DownloadPlan | null;
  /** Known sizes of resources without a byte range (HEAD), by reference id. */
  knownSizes: Map<string, number>;
  /** Progressive: the file's size when the server told (HEAD). */
  fileSize: number | null;
}

export class PreparedDownload {
  readonly assetId: string;
  readonly entry: MediaEntry;
  /**
   * The URL the entry was fetched from (from `prepareForDownload`'s
   * `entryUrl`, or known when fetchMediaEntry made the entry). Kept with the
   * download, so an element with that `src` finds it with no network.
   */
  entryUrl: string | null = null;
  readonly mediaSource: MediaSource;
  readonly drm: PreparedDrm | null;
  /** Every track the source offers that this browser can play (empty for progressive files). */
  readonly tracks: AvailableTracks;
  /** @internal */
  readonly parts: PreparedParts;
  private chosen: SelectedTracks;

  /** @internal Made by `prepareForDownload`. */
  constructor(parts: PreparedParts, selected: SelectedTracks | null) {
    this.parts = parts;
    this.assetId = parts.assetId;
    this.entry = parts.entry;
    this.mediaSource = parts.choice.source;
    const { drm, keySystem, persistentLicense, licenceMode } = parts.choice;
    this.drm = drm && keySystem ? { scheme: drm.scheme, keySystem, licenseUri: drm.licenseUri, persistentLicense, licenceMode: licenceMode ?? 'offline' } : null;
    this.tracks = parts.plan ? availableTracks(parts.plan.tracks, parts.plan.manifest) : { video: [], audio: [], text: [] };
    this.chosen = selected ?? selectTracks(this.tracks);
  }

  /** The tracks that will be downloaded. */
  get selectedTracks(): SelectedTracks {
    return this.chosen;
  }

  /** Chooses tracks by rule (height cap, languages); returns what was chosen. */
  selectTracks(selection: TrackSelection): SelectedTracks {
    this.chosen = selectTracks(this.tracks, selection);
    return this.chosen;
  }

  /** Chooses exact tracks (from `tracks`). */
  setSelectedTracks(selected: SelectedTracks): void {
    const known = (id: number, list: Array<{ id: number }>) => list.some((t) => t.id === id);
    const ok =
      (selected.video === null || known(selected.video.id, this.tracks.video)) &&
      selected.audio.every((a) => known(a.id, this.tracks.audio)) &&
      selected.text.every((t) => known(t.id, this.tracks.text));
    if (!ok) throw new OfflineError(ErrorCode.INVALID_ARGUMENT, 'setSelectedTracks: every track must come from prepared.tracks');
    this.chosen = { video: selected.video, audio: [...selected.audio], text: [...selected.text] };
  }

  /** Estimated bytes of the selection (exact where byte ranges or HEAD said). */
  get estimatedSize(): number {
    const { plan, fileSize } = this.parts;
    if (!plan) return fileSize ?? 0;
    return pendingWork(this.manifest(), plan.bandwidth, this.parts.knownSizes).reduce((sum, item) => sum + item.estimate, 0);
  }

  /** @internal The manifest to store for the current selection. */
  manifest(): ManifestDB {
    const plan = this.parts.plan!;
    return manifestForSelection(plan.manifest, plan.tracks as shaka.extern.Track[], this.chosen);
  }

  /** @internal The record of this download, about to start. */
  toRecord(mediaKey: string): AssetRecord {
    const now = Date.now();
    return {
      version: 1,
      assetId: this.assetId,
      entry: this.entry,
      entryUrl: this.entryUrl,
      source: this.mediaSource,
      storage: this.parts.plan ? 'shaka' : 'progressive',
      mediaKey,
      drmScheme: this.drm?.scheme ?? null,
      ...(this.drm?.licenceMode === 'online' ? { licenceMode: 'online' as const } : {}),
      state: 'preparing',
      reason: null,
      error: null,
      pending: null,
      manifestKey: null,
      selection: this.summary(),
      bytesDownloaded: 0,
      estimatedTotalBytes: this.estimatedSize,
      thirdParty: false,
      createdAt: now,
      updatedAt: now,
      downloadedAt: null,
    };
  }

  /** @internal */
  summary(): SelectionSummary | null {
    if (!this.parts.plan) return null;
    return {
      videoHeight: this.chosen.video?.height ?? null,
      videoBandwidth: this.chosen.video?.bandwidth ?? null,
      audioLanguages: this.chosen.audio.map((a) => a.language),
      textLanguages: this.chosen.text.map((t) => t.language),
    };
  }
}
