import { LitElement, type PropertyValues } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { EntryChangeDetail } from '../../events/entry-change.js';
import type { PlayerErrorDetail } from '../../events/player-error.js';
import type { SourceChangeDetail } from '../../events/source-change.js';
import { getDefaultManager } from '../../service/default-manager.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry, MediaSource } from '../../service/model/media-entry.js';
import type { AssetStatus } from '../../service/registry/asset-record.js';
import type { ShakaPlayer } from '../../service/shaka/shaka.js';
import { isOnline } from '../../service/util/online.js';
import { COMMON_LABELS, type CommonLabels, errorLabel } from '../shared/common.labels.js';
import { fire } from '../shared/dispatch.js';
import { LocaleController, textOf } from '../shared/i18n.js';
import { NetworkController } from '../shared/network.js';
import { EntryController } from '../shared/entry-controller.js';
import { StatusController } from '../shared/status-controller.js';
import { PLAYER_LABELS, type OfflinePlayerLabels } from './offline-player.labels.js';
import { styles } from './offline-player.styles.js';
import { renderPlayer } from './offline-player.template.js';
import { loadFirstPlayable } from './offline-player.sources.js';
import { Playback } from './playback.js';

/** Whether the status is of a downloaded copy that may play now. */
const playableLocally = (status: AssetStatus | null) => status?.state === 'completed' && !status.licence?.expired;

/**
 * A drop-in video player for a MediaEntry: it plays the downloaded copy when
 * there is one (no network needed), otherwise it streams the entry's best
 * source online through Shaka Player, which it loads only when it has
 * something to play. It follows the manager's status of its asset: a
 * download completing switches it to the local copy, a removal back online,
 * a licence expiring stops it.
 *
 * It shows the poster and the title until the video plays, a "Downloaded"
 * badge while the local copy plays and an "Offline" one with no network. A
 * failure shows human words (in the element's language: en, fr, de, es)
 * clear of the video's controls; the technical detail stays on `error`
 * (`code`, `message`, `details`), and behind a disclosure with `error-details`.
 *
 * @summary Plays an entry, from the local copy when it was downloaded.
 * @tag offline-player
 *
 * @attr src - URL of the entry JSON (relative URLs inside it resolve against it).
 * @attr asset-id - Id of the downloaded asset (default: the entry's id).
 * @attr autoplay - Start playing once loaded (as on `<video>`).
 * @attr muted - Start muted (as on `<video>`).
 * @attr controls - Show the browser's playback controls (as on `<video>`).
 * @attr poster - Image shown before playback (default: the entry's thumbnailUrl).
 * @attr preload - `none`, `metadata` or `auto` (as on `<video>`).
 * @attr local - Reflected, read-only: present while the local copy plays.
 * @attr local-label - Text of the badge shown while the local copy plays (default "Downloaded", or its translation).
 * @attr offline-label - Text of the badge shown while the browser has no network (default "Offline", or its translation).
 * @attr error-details - Adds a "Details" disclosure under an error message, with its code and technical message.
 *
 * @fires {CustomEvent<SourceChangeDetail>} source-change - A source was loaded. `detail: { local: boolean, partial: boolean, mediaSource: MediaSource }` (`partial`: an asset still downloading plays, from storage and the network).
 * @fires {CustomEvent<PlayerErrorDetail>} player-error - Playback failed or was refused (e.g. `LICENSE_EXPIRED`). `detail: { error: OfflineError }`.
 * @fires {CustomEvent<EntryChangeDetail>} entry-change - The entry was set or loaded from `src`/inline JSON. `detail: { entry: MediaEntry | null }`.
 *
 * @slot - An inline `<script type="application/json">` holding the entry (not rendered).
 * @slot overlay - Content laid over the video's top corner, e.g. a `<download-button>`.
 *
 * @csspart video - The `<video>` element.
 * @csspart message - The error message, in human words (role="alert").
 * @csspart details - The disclosure with the error's code and technical message (with `error-details`).
 * @csspart title - The entry's name, over the top of the video while it does not play.
 * @csspart badge - The badge shown while the local copy plays.
 * @csspart offline-badge - The badge shown while the browser has no network.
 *
 * @cssproperty --offline-player-aspect-ratio - Aspect ratio of the video box (default 16 / 9).
 * @cssproperty --offline-player-background - Background behind the video (default #000).
 * @cssproperty --offline-player-radius - Corner radius (default 0).
 * @cssproperty --offline-player-message-background - Background of the error message.
 * @cssproperty --offline-player-message-color - Text colour of the error message.
 * @cssproperty --offline-player-badge-background - Background of the "Downloaded" badge.
 * @cssproperty --offline-player-badge-color - Text colour of the badge.
 */
export class OfflinePlayerElement extends LitElement {
  static override styles = styles;

  /** The entry to play: the property (validated), `src`, inline JSON or, with only `asset-id`, the downloaded asset's own entry. */
  @property({ attribute: false })
  get entry(): MediaEntry | null {
    return this.entrySource.entry;
  }
  set entry(value: MediaEntry | null) {
    this.entrySource.setProperty(value);
  }
  @property({ reflect: true }) src: string | null = null;
  @property({ attribute: 'asset-id', reflect: true }) assetId: string | null = null;
  @property({ type: Boolean, reflect: true }) autoplay = false;
  @property({ type: Boolean, reflect: true }) muted = false;
  @property({ type: Boolean, reflect: true }) controls = false;
  @property({ reflect: true }) poster: string | null = null;
  @property({ reflect: true }) preload: 'none' | 'metadata' | 'auto' | null = null;
  /** Read-only: whether the local copy plays. */
  @property({ type: Boolean, reflect: true }) local = false;
  /** The "Downloaded" badge's text (default: the translation for the element's language). */
  @property({ attribute: 'local-label' }) localLabel: string | null = null;
  /** The "Offline" badge's text (default: the translation for the element's language). */
  @property({ attribute: 'offline-label' }) offlineLabel: string | null = null;
  /** Show the technical detail of an error behind a disclosure. */
  @property({ attribute: 'error-details', type: Boolean, reflect: true }) errorDetails = false;
  /** Texts as one object (the attributes win over it); also the shared words for errors. */
  @property({ attribute: false }) labels: Partial<OfflinePlayerLabels & CommonLabels> = {};

  /** The manager to use (default: the shared default manager). */
  @property({ attribute: false })
  get manager(): LocalAssetsManager {
    return this._manager ?? getDefaultManager();
  }
  set manager(value: LocalAssetsManager | null) {
    const old = this._manager;
    this._manager = value ?? undefined;
    this.requestUpdate('manager', old);
  }

  /** The source playing now (null before anything loaded). */
  get currentSource(): MediaSource | null {
    return this.source;
  }

  /** The last playback error, or null (its message is for developers). */
  get error(): OfflineError | null {
    return this.failure;
  }

  /** What the player says of the error, in human words (in its language), or null. */
  get errorMessage(): string | null {
    return this.failure ? this.common(errorLabel(this.failure)) : null;
  }

  /** The underlying `<video>` element (also styleable as `::part(video)`). */
  get video(): HTMLVideoElement {
    return this.videoElement;
  }

  /** The Shaka Player instance, once something was loaded. */
  get shakaPlayer(): ShakaPlayer | null {
    return this.playback.shakaPlayer;
  }

  /** The id of the asset this player looks for locally. */
  get effectiveAssetId(): string | null {
    return this.assetId ?? this.entry?.id ?? null;
  }

  @query('video') private videoElement!: HTMLVideoElement;
  @state() private failure: OfflineError | null = null;
  @state() private playing = false;
  private readonly network = new NetworkController(this);
  private readonly locale = new LocaleController(this);
  private _manager?: LocalAssetsManager;
  private source: MediaSource | null = null;
  /** The source plays an asset still downloading (or paused): stored segments and the network. */
  private partial = false;
  private loadToken = 0;
  private announcedEntry: MediaEntry | null = null;
  private readonly playback = new Playback(
    () => this.video,
    (error) => this.fail(new OfflineError(error.code, error.message, { cause: error.cause, details: { ...error.details, local: this.local } })),
    () => ({ adapter: this.manager.licenceRequestAdapter, assetId: this.effectiveAssetId ?? '' }),
  );
  private readonly entrySource = new EntryController(this, (entry, error) => {
    if (error) this.stop(error);
    else if (!entry && this.assetId && !this.src) this.stop(new OfflineError(ErrorCode.ASSET_NOT_FOUND, 'This video is not downloaded', { details: { assetId: this.assetId } }));
  });
  private readonly view = new StatusController(
    this,
    () => ({ manager: this.manager, assetId: this.effectiveAssetId }),
    (status, previous) => this.statusChanged(status, previous),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    // Moved in the DOM: the player was let go on disconnect, load again.
    if (this.entry && this.hasUpdated) void this.reload(this.video?.currentTime || null);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.loadToken += 1;
    this.playback.detach();
  }

  protected override firstUpdated(): void {
    const playing = (value: boolean) => () => (this.playing = value);
    this.video.addEventListener('playing', playing(true));
    for (const type of ['pause', 'ended', 'emptied']) this.video.addEventListener(type, playing(false));
  }

  protected override willUpdate(): void {
    this.entrySource.refresh();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (this.entry !== this.announcedEntry) {
      this.announcedEntry = this.entry;
      fire<EntryChangeDetail>(this, 'entry-change', { entry: this.entry });
      void this.reload();
    } else if (changed.has('manager' as keyof OfflinePlayerElement) || changed.has('assetId')) void this.reload();
  }

  /**
   * The asset's status changed: a download completed (play the local copy at
   * the current position), was removed (stream it), or its licence expired
   * while the local copy played (stop, with the same message as up front).
   */
  private statusChanged(status: AssetStatus | null, previous: AssetStatus | null): void {
    if (!this.entry) return void (status?.entry && this.entrySource.resolve()); // known by asset id: the download brings the entry
    if (this.partial && previous?.assetId === status?.assetId) return this.partialChanged(status);
    if (previous?.assetId !== status?.assetId || playableLocally(status) === playableLocally(previous)) return;
    if (this.local && status?.state === 'completed' && status.licence?.expired) {
      this.video.pause();
      return this.stop(this.expired(status));
    }
    const time = this.source ? this.video.currentTime : 0;
    void this.reload(time > 0 ? time : null);
  }

  /**
   * The asset that plays while it downloads changed: completed, it goes on
   * as it is (every segment is stored now, the stream reads them there: no
   * reload, no glitch); removed, it loads again (streams the entry), or, known
   * only by its asset id, stops with ASSET_NOT_FOUND. A pause or resume
   * changes nothing.
   */
  private partialChanged(status: AssetStatus | null): void {
    if (status?.state === 'completed') {
      this.partial = false;
      this.local = true;
    } else if (!status || status.state === 'none') {
      // Known only by its download (asset-id): nothing is left to play, said as for a video never downloaded.
      if (this.entrySource.origin === 'stored') {
        return this.stop(new OfflineError(ErrorCode.ASSET_NOT_FOUND, 'This video is not downloaded', { details: { assetId: this.effectiveAssetId } }));
      }
      const time = this.video.currentTime;
      void this.reload(time > 0 ? time : null);
    }
  }

  private expired(status: AssetStatus): OfflineError {
    const at = new Date(status.licence!.expiresAt!).toISOString();
    return new OfflineError(ErrorCode.LICENSE_EXPIRED, `The licence of "${status.assetId}" expired on ${at}: renew it online`, { details: { assetId: status.assetId, expiresAt: status.licence!.expiresAt } });
  }

  /** Loads again: the local copy when there is one, else the entry's best source online. */
  async reload(startTime: number | null = null): Promise<void> {
    const token = ++this.loadToken;
    const entry = this.entry;
    if (!entry) return;
    this.failure = null;
    const status = await this.manager.getAssetStatus(this.effectiveAssetId!).catch(() => this.view.status);
    if (token !== this.loadToken) return;
    if (status?.state === 'completed' && status.licence?.expired) return this.fail(this.expired(status));
    let local: MediaSource | null = null;
    const partial = (status?.state === 'downloading' || status?.state === 'paused') && isOnline();
    if (partial) {
      // Still downloading, or paused: what is stored plays from storage, the
      // rest from the network. Refused (ASSET_NOT_COMPLETE: an MP4, HLS
      // AES-128, nothing stored yet): stream the entry online.
      local = await this.manager.createLocalMediaEntry(status!.assetId).then((e) => e.sources[0], () => null);
      if (token !== this.loadToken) return;
    } else if (playableLocally(status)) {
      try {
        local = (await this.manager.createLocalMediaEntry(status!.assetId)).sources[0];
      } catch (e) {
        if (token === this.loadToken) this.fail(asOfflineError(e, ErrorCode.PLAYBACK_ERROR, 'Opening the downloaded copy'));
        return;
      }
    } else if (!isOnline()) {
      return this.fail(new OfflineError(ErrorCode.NOT_AVAILABLE_OFFLINE, 'You are offline and this video is not downloaded', { details: { assetId: this.effectiveAssetId } }));
    }
    const current = () => token === this.loadToken;
    const loaded = await loadFirstPlayable(local, entry, this.manager, (source) => this.playback.load(source, startTime), current, partial);
    if (loaded === null || !current()) return;
    if (loaded instanceof OfflineError) return this.fail(loaded);
    this.source = loaded;
    this.partial = partial && loaded === local;
    this.local = !partial && loaded === local;
    fire<SourceChangeDetail>(this, 'source-change', { local: this.local, partial: this.partial, mediaSource: loaded });
  }

  /** Plays (resolves when playback started or was refused; never hangs on a pending play()). */
  play(): Promise<void> {
    const started = this.video.play();
    return Promise.race([started.catch(() => undefined), new Promise<void>((r) => setTimeout(r, 1000))]).then(() => undefined);
  }

  pause(): void {
    this.video.pause();
  }

  private fail(error: OfflineError): void {
    this.failure = error;
    fire<PlayerErrorDetail>(this, 'player-error', { error });
  }

  /** Nothing (or no more) to play: stop what played and say why. */
  private stop(error: OfflineError): void {
    this.loadToken += 1;
    void this.playback.unload();
    this.source = null;
    this.local = false;
    this.partial = false;
    this.fail(error);
  }

  private text(name: keyof OfflinePlayerLabels): string {
    return textOf(this, this.labels, this.locale.table?.player, PLAYER_LABELS, name, false);
  }

  private common(name: keyof CommonLabels): string {
    return textOf(this, this.labels, this.locale.table?.common, COMMON_LABELS, name, false);
  }

  protected override render() {
    const failure = this.failure;
    return renderPlayer({
      title: this.entry?.name ?? '',
      name: this.entry?.name ?? this.text('video'),
      poster: this.poster ?? this.entry?.thumbnailUrl ?? null,
      ...{ muted: this.muted, autoplay: this.autoplay, controls: this.controls, preload: this.preload, playing: this.playing },
      downloaded: this.local ? (this.localLabel ?? this.text('downloaded')) : null,
      offline: this.network.online ? null : (this.offlineLabel ?? this.text('offline')),
      message: this.errorMessage,
      details: failure && this.errorDetails ? { summary: this.common('details'), code: failure.code, text: failure.message } : null,
    });
  }
}
