// What <download-button> shows, as pure functions of what it knows: the
// asset's status (state flows down from the manager), an entry it cannot use,
// an action that failed before anything was registered, a download being
// prepared here.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { TrackSelection } from '../../service/download/tracks.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import type { IconName } from '../shared/icons.js';
import type { DownloadButtonLabels } from './download-button.labels.js';

export type DownloadButtonState = 'none' | 'queued' | 'preparing' | 'downloading' | 'paused' | 'completed' | 'failed';

/** Why the download is paused or failed, or that a downloaded asset's licence expired (`expired`). */
export type DownloadButtonReason = 'interrupted' | 'network' | 'metered' | 'quota' | 'user' | 'error' | 'expired';

export interface ButtonView {
  state: DownloadButtonState;
  progress: number;
  reason: DownloadButtonReason | null;
}

export function buttonView(status: AssetStatus | null, local: { error: OfflineError | null; preparing: boolean }): ButtonView {
  if (status?.registered) {
    const expired = status.state === 'completed' && !!status.licence?.expired;
    const stopped = status.state === 'paused' || status.state === 'failed' || status.state === 'corrupt';
    return {
      state: status.state === 'corrupt' ? 'failed' : (status.state as DownloadButtonState),
      progress: status.state === 'completed' ? 100 : Math.min(99, Math.floor(status.fraction * 100)),
      reason: expired ? 'expired' : stopped ? (status.reason ?? 'error') : null,
    };
  }
  if (local.error) return { state: 'failed', progress: 0, reason: local.error.code === ErrorCode.QUOTA_EXCEEDED ? 'quota' : 'error' };
  return { state: local.preparing ? 'preparing' : 'none', progress: 0, reason: null };
}

/** The main button's text: the action, or the state and reason in a few words. */
export function primaryLabel({ state, reason }: ButtonView, unavailable: boolean): keyof DownloadButtonLabels {
  if (unavailable) return 'unavailable';
  if (state === 'downloading') return 'pause';
  if (state === 'queued') return 'queued';
  if (state === 'preparing') return 'preparing';
  if (state === 'completed') return reason === 'expired' ? 'expired' : 'completed';
  if (reason === 'quota' && (state === 'paused' || state === 'failed')) return 'storageFull';
  if (state === 'paused') return reason === 'interrupted' ? 'interrupted' : reason === 'network' ? 'waiting' : reason === 'metered' ? 'waitingWifi' : 'resume';
  return state === 'failed' ? 'retry' : 'download';
}

/** The track selection the `quality`, `audio-languages` and `subtitles` attributes ask for. */
export function selectionOf(quality: string | null, audioLanguages: string | null, subtitles: string | null): TrackSelection {
  const selection: TrackSelection = {};
  const height = Number(quality);
  if (quality && Number.isFinite(height) && height > 0) selection.videoHeight = height;
  const words = (value: string) => value.trim().split(/[\s,]+/).filter(Boolean);
  if (audioLanguages && audioLanguages.trim() !== 'all') selection.audioLanguages = words(audioLanguages);
  if (subtitles !== null) {
    const value = subtitles.trim();
    selection.textLanguages = value === '' || value === 'all' ? 'all' : value === 'none' ? 'none' : words(value);
  }
  return selection;
}

/** The icon in the ring: the action a click takes, or the state. */
export function iconOf({ state, reason }: ButtonView): IconName {
  if (state === 'downloading') return 'pause';
  if (state === 'preparing' || state === 'queued') return 'preparing';
  if (state === 'completed') return reason === 'expired' ? 'renew' : 'done';
  if (state === 'failed') return 'alert';
  return 'download';
}

/**
 * The second control: remove a download, cancel one in progress or stopped
 * with bytes stored; nothing when nothing is stored (a download that failed
 * before it was registered has nothing to cancel).
 */
export function secondaryOf(state: DownloadButtonState, registered: boolean, corrupt: boolean): 'remove' | 'cancel' | null {
  if (state === 'completed' || corrupt) return 'remove';
  if (!registered) return null;
  return state === 'downloading' || state === 'queued' || state === 'paused' || state === 'failed' ? 'cancel' : null;
}

/** The button's error: an entry it cannot use, the asset's failure, else the last action's. */
export function errorOf(status: AssetStatus | null, entryError: OfflineError | null, actionError: OfflineError | null): OfflineError | null {
  if (entryError && !status?.registered) return entryError;
  if (status?.registered && status.error && (status.state === 'failed' || status.state === 'corrupt')) {
    return new OfflineError(status.error.code as ErrorCode, status.error.message, { details: { assetId: status.assetId } });
  }
  return actionError;
}
