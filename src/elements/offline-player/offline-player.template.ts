// The markup of <offline-player>: the video, a top bar (the title while the
// video is not playing, the "Downloaded" and "Offline" badges, the overlay
// slot) and, when something went wrong, a card with human words, placed
// clear of the video's own controls (which stay usable). The technical
// detail is behind an optional disclosure (`error-details`).
import { html, nothing, type TemplateResult } from 'lit';

export interface PlayerModel {
  title: string;
  /** The video's accessible name. */
  name: string;
  poster: string | null;
  muted: boolean;
  autoplay: boolean;
  controls: boolean;
  preload: string | null;
  playing: boolean;
  /** The "Downloaded" badge's text, or null when the local copy does not play. */
  downloaded: string | null;
  /** The "Offline" badge's text, or null when online. */
  offline: string | null;
  /** Human words for the error, or null. */
  message: string | null;
  /** The technical detail (shown with `error-details`), or null. */
  details: { summary: string; code: string; text: string } | null;
}

export function renderPlayer(m: PlayerModel): TemplateResult {
  return html`
    <div class="frame ${m.playing ? 'playing' : 'idle'} ${m.message ? 'failed' : ''}">
      <video part="video" playsinline .muted=${m.muted} ?autoplay=${m.autoplay} ?controls=${m.controls} preload=${m.preload ?? nothing}
        poster=${m.poster ?? nothing} aria-label=${m.name}></video>
      <div class="top">
        <span part="title" class="title" ?hidden=${!m.title} aria-hidden="true">${m.title}</span>
        <span class="badges">
          <span part="badge" class="badge" ?hidden=${!m.downloaded}>${m.downloaded ?? ''}</span>
          <span part="offline-badge" class="badge offline" ?hidden=${!m.offline}>${m.offline ?? ''}</span>
        </span>
        <div class="overlay"><slot name="overlay"></slot></div>
      </div>
      <div class="error" ?hidden=${!m.message}>
        <div class="card">
          <div part="message" class="message" role="alert" ?hidden=${!m.message}>${m.message ?? ''}</div>
          ${m.details
            ? html`<details part="details" class="details"><summary>${m.details.summary}</summary><code>${m.details.code}</code> ${m.details.text}</details>`
            : nothing}
        </div>
      </div>
    </div>
    <slot hidden></slot>
  `;
}
