// `<download-button for="player-id">`, media-chrome style: the player is
// looked up in the button's root (document or shadow root) on connect, when
// `for` changes, and whenever the root's elements or ids change (the player
// may come later, or get its id later). The host hears of a new player and of
// the player's new entries.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry } from '../../service/model/media-entry.js';

/** What the button needs of the player (duck-typed, so two builds on one page can mix). */
export interface PlayerLike extends HTMLElement {
  entry: MediaEntry | null;
  manager: LocalAssetsManager;
  effectiveAssetId: string | null;
}

const isPlayer = (el: Element | null): el is PlayerLike => !!el && 'entry' in el && 'effectiveAssetId' in el;

export class LinkedPlayer implements ReactiveController {
  player: PlayerLike | null = null;
  private observer: MutationObserver | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly id: () => string | null,
    private readonly changed: () => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resolve();
    const root = this.host.getRootNode();
    if (!(root instanceof Document || root instanceof ShadowRoot)) return;
    this.observer = new MutationObserver(() => this.resolve());
    this.observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['id'] });
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.set(null);
  }

  /** Looks the player up again (also when `for` changed). */
  resolve(): void {
    if (!this.host.isConnected) return;
    const id = this.id();
    const root = this.host.getRootNode() as Document | ShadowRoot;
    const found = id ? (root.getElementById?.(id) ?? null) : null;
    this.set(isPlayer(found) ? found : null);
  }

  private set(player: PlayerLike | null): void {
    if (player === this.player) return;
    this.player?.removeEventListener('entry-change', this.onEntry);
    this.player = player;
    player?.addEventListener('entry-change', this.onEntry);
    this.changed();
  }

  private readonly onEntry = (event: Event): void => {
    if (event.target === this.player) this.changed();
  };
}
