// Plays a MediaEntry's first source in a real Shaka player and a muted
// <video>, and waits until currentTime advances.
import type { MediaEntry } from '../../src/index.js';
import { loadSource } from '../../src/service/playback/load-source.js';
import { loadShaka } from '../../src/service/shaka/shaka.js';
import { startPlayback, waitForPlayback } from './media.js';

export interface Playing {
  video: HTMLVideoElement;
  player: import('shaka-player/dist/shaka-player.compiled-es2021.js').default.Player;
  destroy(): Promise<void>;
}

export async function startPlaying(entry: MediaEntry): Promise<Playing> {
  const shaka = await loadShaka();
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const player = new shaka.Player();
  await player.attach(video);
  await loadSource(player, entry.sources[0]);
  startPlayback(video);
  return {
    video,
    player,
    async destroy() {
      await player.destroy();
      video.remove();
    },
  };
}

/** Plays for `seconds` of media time, then tears down. */
export async function playsFor(entry: MediaEntry, seconds = 1.5): Promise<void> {
  const playing = await startPlaying(entry);
  try {
    await waitForPlayback(playing.video, seconds);
  } finally {
    await playing.destroy();
  }
}
