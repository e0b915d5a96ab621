// The Shaka player of one <offline-player>: created once, when there is
// something to play, and let go when the element leaves the DOM. A creation
// still in flight when the element leaves is destroyed as soon as it
// completes, and the next creation waits for that: moving the element while
// its player is being created never leaves a second player behind, nor two
// players attached to its video at once.
import { ErrorCode, OfflineError } from '../../errors.js';
import type { MediaSource } from '../../service/model/media-entry.js';
import { loadSource } from '../../service/playback/load-source.js';
import { type ShakaPlayer, loadShaka } from '../../service/shaka/shaka.js';
import type { LicenceFilterContext } from '../../service/shaka/licence-filter.js';
import { fromShakaError } from '../../service/shaka/shaka-errors.js';

/** Thrown by load() when the element let go of its player meanwhile. */
export class PlaybackDetached extends Error {}

export class Playback {
  private player: ShakaPlayer | null = null;
  private creating: Promise<ShakaPlayer> | null = null;
  /** The last creation started (abandoned or not): the next one attaches after it settled. */
  private lastCreation: Promise<unknown> = Promise.resolve();
  /** Bumped when the element lets go: what was started before is abandoned. */
  private generation = 0;

  /** The source being loaded or played (its DRM scheme names the licence requests). */
  private current: MediaSource | null = null;

  constructor(
    private readonly video: () => HTMLVideoElement,
    /** An error while playing (after load). */
    private readonly failed: (error: OfflineError) => void,
    /** The licence request adapter and asset the player's licence and key requests go through. */
    private readonly licence: () => Pick<LicenceFilterContext, 'adapter' | 'assetId'>,
  ) {}

  get shakaPlayer(): ShakaPlayer | null {
    return this.player;
  }

  /** Loads `source` (creating the player on first use). */
  async load(source: MediaSource, startTime: number | null): Promise<void> {
    const generation = this.generation;
    const player = await this.ensure();
    if (generation !== this.generation) throw new PlaybackDetached();
    this.current = source;
    await loadSource(player, source, startTime);
  }

  async unload(): Promise<void> {
    await this.player?.unload().catch(() => undefined);
  }

  /** The element left the DOM: destroy the player (and one still being created). */
  detach(): void {
    this.generation += 1;
    const player = this.player;
    this.player = null;
    this.creating = null;
    void player?.destroy().catch(() => undefined);
  }

  private ensure(): Promise<ShakaPlayer> {
    if (this.player) return Promise.resolve(this.player);
    if (!this.creating) {
      const previous = this.lastCreation;
      this.creating = this.create(previous);
      this.lastCreation = this.creating.catch(() => undefined);
    }
    return this.creating;
  }

  private async create(previous: Promise<unknown>): Promise<ShakaPlayer> {
    const generation = this.generation;
    await previous;
    // The licence filter comes with Shaka (both on first use): a page that shows a player pays for neither before.
    const [shaka, { installLicenceFilter }] = await Promise.all([loadShaka(), import('../../service/shaka/licence-filter.js')]);
    const player = new shaka.Player();
    // Every licence and key request of this player (streaming, or a copy kept with licenceMode 'online') goes through the app's adapter.
    installLicenceFilter(shaka, player.getNetworkingEngine()!, () => ({ ...this.licence(), scheme: this.current?.drmData[0]?.scheme ?? null, purpose: 'play' }));
    try {
      await player.attach(this.video());
    } catch (e) {
      await player.destroy().catch(() => undefined);
      throw e;
    }
    if (generation !== this.generation) {
      // Let go of while it was being made: it must not outlive this moment.
      await player.destroy().catch(() => undefined);
      throw new PlaybackDetached();
    }
    player.addEventListener('error', (event) => {
      const detail = (event as Event & { detail?: unknown }).detail;
      const error = fromShakaError(detail, 'playing', ErrorCode.PLAYBACK_ERROR);
      this.failed(new OfflineError(ErrorCode.PLAYBACK_ERROR, error.message, { cause: detail, details: error.details }));
    });
    this.player = player;
    this.creating = null;
    return player;
  }
}
