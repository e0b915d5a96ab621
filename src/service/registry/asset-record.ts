// What the manager registers for each asset (in the LocalDataStore, under
// `offline-player/asset/<assetId>`), and the status it reports from it.
import type { LicenceMode } from '../drm/licence.js';
import type { DrmScheme, MediaEntry, MediaSource } from '../model/media-entry.js';

/** `queued`: waiting for a download slot (the concurrency limit), in the store's queue. */
export type AssetState = 'queued' | 'preparing' | 'downloading' | 'paused' | 'completed' | 'failed';

/**
 * What a status can say of an asset: its record's state, `none` when nothing
 * is registered under the id, `corrupt` when its record cannot be read (it can
 * still be removed).
 */
export type AssetStatusState = AssetState | 'none' | 'corrupt';

/** An operation asked of the tab that runs the download, until that tab has done it. */
export type PendingOperation = 'pause' | 'remove';

/** Why an asset is paused or failed (`metered`: waiting for a network that is not metered, see `downloadOn`). */
export type StateReason = 'user' | 'network' | 'metered' | 'interrupted' | 'quota' | 'error' | null;

export interface SelectionSummary {
  videoHeight: number | null;
  videoBandwidth: number | null;
  audioLanguages: string[];
  textLanguages: string[];
}

export interface AssetRecord {
  version: 1;
  assetId: string;
  entry: MediaEntry;
  /** The URL the entry was fetched from (elements with that `src` find the download offline). */
  entryUrl?: string | null;
  /**
   * True when `stripQueryParameters` removed parameters from the stored URLs:
   * a run after a reload needs the full URLs again, from a fresh entry.
   */
  urlsStripped?: boolean;
  source: MediaSource;
  /** 'shaka': DASH/HLS in Shaka's database; 'progressive': a file in the media database. */
  storage: 'shaka' | 'progressive';
  /** Names the asset's media across stores: `<store namespace>:<assetId>`. */
  mediaKey: string;
  /** The DRM scheme used (null for clear content). */
  drmScheme: DrmScheme | null;
  /** 'online': no licence is kept, each play asks for one (absent: 'offline'). */
  licenceMode?: LicenceMode;
  state: AssetState;
  reason: StateReason;
  error: { code: string; message: string } | null;
  /** Asked of the running download (any tab): pause it, or remove the asset (remove wins). */
  pending?: PendingOperation | null;
  /**
   * The rest of the download was handed to a Background Fetch (id), which the
   * service worker stores when it ends; null or absent: it runs in a page.
   */
  background?: { id: string; handedAt: number } | null;
  /** Shaka manifest key (storage 'shaka'). */
  manifestKey: number | null;
  selection: SelectionSummary | null;
  bytesDownloaded: number;
  estimatedTotalBytes: number;
  /** Registered through assetDownloadFinished (downloaded by the app). */
  thirdParty: boolean;
  createdAt: number;
  updatedAt: number;
  /** When the download completed. */
  downloadedAt: number | null;
}

export interface LicenceStatus {
  scheme: string;
  /** Epoch ms, or null when the licence does not expire. */
  expiresAt: number | null;
  /** Seconds left (null: no expiry). */
  remainingSeconds: number | null;
  expired: boolean;
}

/** What `getAssetStatus` reports. */
export interface AssetStatus {
  assetId: string;
  registered: boolean;
  /** 'none' when nothing is registered under this id; 'corrupt' when its record cannot be read. */
  state: AssetStatusState;
  reason: StateReason;
  error: { code: string; message: string } | null;
  entry: MediaEntry | null;
  /** The URL the entry was fetched from, when known. */
  entryUrl: string | null;
  mediaSource: MediaSource | null;
  bytesDownloaded: number;
  estimatedTotalBytes: number;
  /** 0..1 (exactly 1 only when completed). */
  fraction: number;
  /** Bytes stored (equals bytesDownloaded). */
  size: number;
  selection: SelectionSummary | null;
  createdAt: number | null;
  downloadedAt: number | null;
  licence: LicenceStatus | null;
  /**
   * How its licence is kept (null for clear content): 'offline', or 'online'
   * (no licence kept: it plays only while online, asking for a licence each time).
   */
  licenceMode: LicenceMode | null;
  /** 1-based place in the download queue while `queued`, else null. */
  queuePosition: number | null;
  /**
   * The rest of the download runs in the browser (a Background Fetch, the
   * manager's `backgroundDownloads` option): it goes on with every page
   * closed, the browser shows it, and the offline shell worker stores it.
   */
  inBackground: boolean;
}

export function fractionOf(record: Pick<AssetRecord, 'state' | 'bytesDownloaded' | 'estimatedTotalBytes'>): number {
  if (record.state === 'completed') return 1;
  if (record.estimatedTotalBytes <= 0) return 0;
  return Math.min(0.999, record.bytesDownloaded / record.estimatedTotalBytes);
}

