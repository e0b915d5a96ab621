// offline-player: the public API.
export { ErrorCode, OfflineError } from './errors.js';
export { VERSION } from './version.js';
import { registerFromScriptTag } from './sw/register.js';
export { registerOfflineShell, offlineShellVersion } from './sw/register.js';
export type { OfflineShellOptions } from './sw/register.js';

export type { DrmParams, DrmScheme, MediaEntry, MediaFormat, MediaSource, MediaType } from './service/model/media-entry.js';
export { inferMediaFormat } from './service/model/media-entry.js';
export { ENTRY_LIMITS, fetchMediaEntry, parseMediaEntry } from './service/model/parse-entry.js';

export type { LocalDataStore } from './storage/local-data-store.js';
export { DefaultLocalDataStore } from './storage/default-local-data-store.js';

export { LocalAssetsManager } from './service/local-assets-manager.js';
export type { LocalAssetsManagerOptions, PrepareOptions, ThirdPartyOptions } from './service/options.js';
export { PreparedDownload } from './service/prepared-download.js';
export type { PreparedDrm } from './service/prepared-download.js';
export { getDefaultManager, setDefaultManager } from './service/default-manager.js';
export type { BrowserCapabilities, KeySystemSupport } from './service/capabilities/capabilities.js';
export { createBrowserCapabilities } from './service/capabilities/capabilities.js';
export { DEFAULT_FORMAT_ORDER } from './service/capabilities/source-choice.js';
export type { SourceChoice, SourceChoiceOptions } from './service/capabilities/source-choice.js';
export type {
  AudioTrackInfo,
  AvailableTracks,
  SelectedTracks,
  TextTrackInfo,
  TrackSelection,
  VideoTrackInfo,
} from './service/download/tracks.js';
export type { AssetState, AssetStatus, LicenceStatus, SelectionSummary, StateReason } from './service/registry/asset-record.js';
export type { LicenceRequest, LicenceRequestAdapter } from './service/drm/licence.js';
export { loadSource } from './service/playback/load-source.js';
export { loadShaka } from './service/shaka/shaka.js';

export type { DownloadProgressDetail, DownloadProgressEvent } from './events/download-progress.js';
export type { DownloadStateChangeDetail, DownloadStateChangeEvent } from './events/download-state-change.js';
export type { RegistrationChangeDetail, RegistrationChangeEvent } from './events/registration-change.js';
export type { DownloadErrorDetail, DownloadErrorEvent } from './events/download-error.js';
export type { SourceChangeDetail, SourceChangeEvent } from './events/source-change.js';
export type { PlayerErrorDetail, PlayerErrorEvent } from './events/player-error.js';
export type { EntryChangeDetail, EntryChangeEvent } from './events/entry-change.js';
export type { DownloadRequestDetail, DownloadRequestEvent } from './events/download-request.js';
export type { RemoveRequestDetail, RemoveRequestEvent } from './events/remove-request.js';
export type { PlayRequestDetail, PlayRequestEvent } from './events/play-request.js';

// The elements (importing this module registers them).
export { OfflinePlayerElement } from './elements/offline-player/offline-player.js';
export { DownloadButtonElement } from './elements/download-button/download-button.js';
export { OfflineDownloadsElement } from './elements/offline-downloads/offline-downloads.js';
export { DEFAULT_LABELS } from './elements/download-button/download-button.labels.js';
export type { DownloadButtonLabels } from './elements/download-button/download-button.labels.js';
export { PLAYER_LABELS } from './elements/offline-player/offline-player.labels.js';
export type { OfflinePlayerLabels } from './elements/offline-player/offline-player.labels.js';
export { DOWNLOADS_LABELS } from './elements/offline-downloads/offline-downloads.labels.js';
export type { OfflineDownloadsLabels } from './elements/offline-downloads/offline-downloads.labels.js';
export { COMMON_LABELS } from './elements/shared/common.labels.js';
export type { CommonLabels } from './elements/shared/common.labels.js';
export type { LocaleTable } from './elements/shared/locales/table.js';
export type { DownloadButtonReason, DownloadButtonState } from './elements/download-button/download-button.component.js';

// <script ... data-offline-shell="/offline-player-sw.js">: register the offline shell.
registerFromScriptTag();
