// One row of <offline-downloads>, as a pure function of the asset's status:
// what it is (title, poster, what was kept), where it stands (state and
// reason in words, size of total, progress) and what can be done with it.
import { type OfflineError } from '../../errors.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { type CommonLabels, errorLabel } from '../shared/common.labels.js';
import { formatBytes, formatOrdinal, formatPercent, formatProgress, languageName } from '../shared/format.js';
import { fill } from '../shared/i18n.js';
import type { OfflineDownloadsLabels } from './offline-downloads.labels.js';

/** `next`: move a queued download to the front of the queue ("Download next"). */
export type RowAction = 'play' | 'pause' | 'resume' | 'retry' | 'renew' | 'next';

export interface RowModel {
  assetId: string;
  title: string;
  /** What was kept and its size: "360p · English, French · subtitles: English · 0.5 of 1.0 MB". */
  kept: string;
  thumbnail: string | null;
  tone: 'active' | 'stopped' | 'done' | 'problem';
  stateText: string;
  /** Percent, while downloading or paused; else null. */
  progress: number | null;
  progressText: string;
  /** Why it failed, in human words. */
  message: string | null;
  action: RowAction | null;
  /** Removing it cancels a download that is not complete. */
  removeKind: 'remove' | 'cancel';
}

export interface Words {
  lang: string;
  text: (name: keyof OfflineDownloadsLabels) => string;
  common: (name: keyof CommonLabels) => string;
}

function stateWords(status: AssetStatus): { key: keyof OfflineDownloadsLabels; tone: RowModel['tone']; action: RowAction | null } {
  const { state, reason } = status;
  if (state === 'completed') return status.licence?.expired ? { key: 'expired', tone: 'problem', action: 'renew' } : { key: 'completed', tone: 'done', action: 'play' };
  if (state === 'downloading') return { key: 'downloading', tone: 'active', action: 'pause' };
  if (state === 'preparing') return { key: 'preparing', tone: 'active', action: 'pause' };
  // The head of the queue starts next anyway: the others can be moved there.
  if (state === 'queued') return { key: 'queued', tone: 'stopped', action: (status.queuePosition ?? 1) > 1 ? 'next' : 'pause' };
  if (state === 'corrupt') return { key: 'corrupt', tone: 'problem', action: null };
  if (reason === 'quota') return { key: 'storageFull', tone: 'problem', action: state === 'failed' ? 'retry' : 'resume' };
  if (state === 'failed') return { key: 'failed', tone: 'problem', action: 'retry' };
  const key = reason === 'interrupted' ? 'interrupted' : reason === 'network' ? 'waiting' : reason === 'metered' ? 'waitingWifi' : 'paused';
  return { key, tone: 'stopped', action: 'resume' };
}

/** "360p · English, French · subtitles: English" (what the download kept). */
function keptOf(status: AssetStatus, words: Words): string {
  const selection = status.selection;
  if (!selection) return '';
  const name = (tag: string) => languageName(tag, words.lang, words.text('unknownLanguage'));
  const parts: string[] = [];
  if (selection.videoHeight) parts.push(`${selection.videoHeight}p`);
  if (selection.audioLanguages.length > 0) parts.push(selection.audioLanguages.map(name).join(', '));
  if (selection.textLanguages.length > 0) parts.push(fill(words.text('subtitlesIn'), { languages: selection.textLanguages.map(name).join(', ') }));
  return parts.join(' · ');
}

function dateOf(epochMs: number | null, lang: string): string {
  if (!epochMs) return '';
  try {
    return new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(epochMs);
  } catch {
    return new Date(epochMs).toDateString();
  }
}

export function rowModel(status: AssetStatus, words: Words): RowModel {
  const { text, common, lang } = words;
  const { key, tone, action } = stateWords(status);
  const units = { sizeOf: common('sizeOf'), kilobytes: common('kilobytes'), megabytes: common('megabytes'), gigabytes: common('gigabytes') };
  const inProgress =
    status.state === 'downloading' || status.state === 'paused' || status.state === 'preparing' || ((status.state === 'failed' || status.state === 'queued') && status.bytesDownloaded > 0);
  const percent = status.state === 'completed' ? 100 : Math.min(99, Math.floor(status.fraction * 100));
  const size = status.state === 'completed'
    ? [formatBytes(status.size, lang, units), dateOf(status.downloadedAt, lang)].filter(Boolean).join(' · ')
    : formatProgress(status.bytesDownloaded, status.estimatedTotalBytes, lang, units);
  const ordinals = { ordinalOne: common('ordinalOne'), ordinalTwo: common('ordinalTwo'), ordinalFew: common('ordinalFew'), ordinalOther: common('ordinalOther') };
  const stateText =
    status.state === 'downloading'
      ? `${text(key)} · ${formatPercent(percent, lang)}`
      : status.state === 'queued'
        ? fill(text('queued'), { position: formatOrdinal(status.queuePosition ?? 1, lang, ordinals) })
        : text(key);
  const failed = (status.state === 'failed' || status.state === 'corrupt') && status.error;
  return {
    assetId: status.assetId,
    title: status.entry?.name ?? status.assetId,
    kept: [keptOf(status, words), size].filter(Boolean).join(' · '),
    thumbnail: status.entry?.thumbnailUrl ?? null,
    tone,
    stateText,
    progress: inProgress ? percent : null,
    progressText: fill(text('progress'), { percent }) + (size ? `, ${size}` : ''),
    message: failed && status.reason !== 'quota' && status.state !== 'corrupt' ? common(errorLabel(status.error as Pick<OfflineError, 'code'>)) : null,
    action,
    removeKind: status.state === 'completed' || status.state === 'corrupt' ? 'remove' : 'cancel',
  };
}
