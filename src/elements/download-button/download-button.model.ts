// What <download-button> draws, as a pure function of what it knows: the
// state (from the asset's status), the size, the error in human words, which
// controls exist. download-button.template.ts draws it.
import type { OfflineError } from '../../errors.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import { type CommonLabels, errorLabel } from '../shared/common.labels.js';
import type { ConfirmWords } from '../shared/confirm.js';
import { formatBytes, formatOrdinal, formatProgress } from '../shared/format.js';
import { fill } from '../shared/i18n.js';
import type { DownloadButtonLabels } from './download-button.labels.js';
import type { ButtonModel } from './download-button.template.js';
import { type ButtonView, iconOf, primaryLabel, secondaryOf } from './download-button.view.js';

export interface ModelInput {
  view: ButtonView;
  status: AssetStatus | null;
  /** The entry cannot be used (invalid, or offline and not stored). */
  entryUnusable: boolean;
  /** Why it failed (when failed). */
  error: OfflineError | null;
  hasAsset: boolean;
  disabled: boolean;
  compact: boolean;
  menu: 'trigger' | 'always' | 'none';
  /** A download could start now with a choice (state none, an entry, not disabled). */
  canChoose: boolean;
  menuOpen: boolean;
  lang: string;
  text: (name: keyof DownloadButtonLabels) => string;
  common: (name: keyof CommonLabels) => string;
}

export function buttonModel(input: ModelInput): ButtonModel {
  const { view, status, text, common, lang } = input;
  const { state, reason, progress } = view;
  const unavailable = input.entryUnusable || status?.state === 'corrupt';
  const key = primaryLabel(view, unavailable);
  const ordinals = { ordinalOne: common('ordinalOne'), ordinalTwo: common('ordinalTwo'), ordinalFew: common('ordinalFew'), ordinalOther: common('ordinalOther') };
  // "Queued (2nd)": the place in line, from the status snapshot (every tab shows the same).
  const label = key === 'queued' ? fill(text('queued'), { position: formatOrdinal(status?.queuePosition ?? 1, lang, ordinals) }) : text(key);
  const showRing = state === 'preparing' || state === 'downloading' || state === 'paused' || state === 'queued';
  const words = { sizeOf: common('sizeOf'), kilobytes: common('kilobytes'), megabytes: common('megabytes'), gigabytes: common('gigabytes') };
  let size = '';
  if (status?.registered && state === 'completed') size = formatBytes(status.size, lang, words);
  else if (status?.registered && showRing && state !== 'preparing' && (state !== 'queued' || status.bytesDownloaded > 0)) size = formatProgress(status.bytesDownloaded, status.estimatedTotalBytes, lang, words) || `${progress}%`;
  const error = state === 'failed' ? input.error : null;
  const message = status?.state === 'corrupt' ? common('errorDamaged') : error ? common(errorLabel(error)) : '';
  const secondary = secondaryOf(state, !!status?.registered, status?.state === 'corrupt');
  return {
    state,
    reason,
    progress,
    label,
    size,
    showRing,
    message,
    compact: input.compact,
    icon: iconOf(view),
    inactive: input.disabled || unavailable || state === 'preparing' || (state === 'completed' && reason !== 'expired') || !input.hasAsset,
    disabled: input.disabled,
    secondary: secondary ? { kind: secondary, label: text(secondary) } : null,
    trigger: input.menu === 'trigger' && input.canChoose ? text('options') : null,
    mainOpensMenu: input.menu === 'always' && input.canChoose,
    menuOpen: input.menuOpen,
    // Why it failed, under the button (the compact one says it in its tooltip).
    messageVisible: unavailable || (state === 'failed' && !!message && !input.compact),
    progressName: text('progressName'),
    progressText: fill(text('progress'), { percent: progress }) + (size ? `, ${size}` : ''),
    tooltip: [label, size, message].filter(Boolean).join(' · '),
  };
}

/** The question before removing (a download) or cancelling (one in progress). */
export function confirmWords(kind: 'remove' | 'cancel', title: string, text: (name: keyof DownloadButtonLabels) => string): ConfirmWords {
  return {
    question: text(kind === 'remove' ? 'confirmRemove' : 'confirmCancel'),
    text: fill(text('confirmText'), { title }),
    confirm: text(kind),
    keep: text('keep'),
  };
}
