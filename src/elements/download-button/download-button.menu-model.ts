// The menu's items as data: one per video quality (with the size of the whole
// download at that quality, with the languages chosen), one per audio and
// subtitle language, and "Download" with the total. Sizes are the prepared
// download's own estimate for each selection, worked out by selecting it.
import type { SelectedTracks } from '../../service/download/tracks.js';
import type { PreparedChoices } from './download-button.menu.js';
import type { DownloadButtonLabels } from './download-button.labels.js';

export interface MenuItem {
  kind: 'video' | 'audio' | 'text' | 'start';
  id: number;
  label: string;
  size: string | null;
  checked: boolean;
  disabled: boolean;
}

export interface MenuModel {
  video: MenuItem[];
  audio: MenuItem[];
  text: MenuItem[];
  start: MenuItem;
}

interface Words {
  text: (name: keyof DownloadButtonLabels) => string;
  size: (bytes: number) => string;
  language: (tag: string) => string;
}

/** The estimated size of a selection (the prepared download's choice is put back after). */
function sizeWith(prepared: PreparedChoices, selection: SelectedTracks): number {
  const before = prepared.selectedTracks;
  prepared.setSelectedTracks(selection);
  const size = prepared.estimatedSize;
  prepared.setSelectedTracks(before);
  return size;
}

export function menuModel(prepared: PreparedChoices, choice: SelectedTracks, words: Words): MenuModel {
  const { tracks } = prepared;
  const label = (tag: string, name: string | null) => name || words.language(tag);
  const video: MenuItem[] = [...tracks.video].reverse().map((v) => ({
    kind: 'video',
    id: v.id,
    label: v.height ? `${v.height}p` : `${Math.round(v.bandwidth / 1000)} kb/s`,
    size: words.size(sizeWith(prepared, { ...choice, video: v })),
    checked: choice.video?.id === v.id,
    disabled: false,
  }));
  // One item per language (the best stream of it is what selectTracks keeps).
  const seen = new Set<string>();
  const audio: MenuItem[] = tracks.audio.length < 2 ? [] : tracks.audio
    .filter((a) => !seen.has(a.language) && seen.add(a.language))
    .map((a) => ({
      kind: 'audio',
      id: a.id,
      label: label(a.language, a.label),
      size: null,
      checked: choice.audio.some((c) => c.language === a.language),
      // The last audio language cannot be unchecked (never a video without sound).
      disabled: choice.audio.length === 1 && choice.audio[0].language === a.language,
    }));
  const text: MenuItem[] = tracks.text.map((t) => ({
    kind: 'text',
    id: t.id,
    label: label(t.language, t.label),
    size: null,
    checked: choice.text.some((c) => c.id === t.id),
    disabled: false,
  }));
  const total = sizeWith(prepared, choice);
  const start: MenuItem = { kind: 'start', id: -1, label: words.text('download'), size: total > 0 ? words.size(total) : null, checked: false, disabled: false };
  return { video, audio, text, start };
}
