// Which source <offline-player> plays: the local copy when there is one (a
// failure there is final; for an asset still downloading, whose stream
// needs the network anyway, the entry's sources are tried next), else the
// entry's playable sources in the manager's order, each tried in turn until
// one loads.
import { ErrorCode, OfflineError, asOfflineError } from '../../errors.js';
import type { LocalAssetsManager } from '../../service/local-assets-manager.js';
import type { MediaEntry, MediaSource } from '../../service/model/media-entry.js';
import { fromShakaError } from '../../service/shaka/shaka-errors.js';
import { PlaybackDetached } from './playback.js';

/**
 * The source that loaded, the error that stops playback, or null when a
 * newer load took over (`current()` turned false, or the player was let go).
 */
export async function loadFirstPlayable(
  local: MediaSource | null,
  entry: MediaEntry,
  manager: LocalAssetsManager,
  load: (source: MediaSource) => Promise<void>,
  current: () => boolean,
  /** `local` is the stream of an asset still downloading: on failure, try the entry's sources. */
  partial = false,
): Promise<MediaSource | OfflineError | null> {
  const failures: string[] = [];
  const tried: string[] = [];
  for (let source = local; ; source = null) {
    if (!source) {
      const choice = await manager.getPreferredPlayableMediaSource(entry, { excludeSourceIds: tried }).catch((e: unknown) => asOfflineError(e, ErrorCode.INVALID_ENTRY, 'Choosing a source'));
      if (!current()) return null;
      if (choice instanceof OfflineError) return choice;
      if (!choice.source) {
        return failures.length > 0
          ? new OfflineError(ErrorCode.PLAYBACK_ERROR, `Playback failed: ${failures.join('; ')}`, { details: { failures } })
          : new OfflineError(ErrorCode.NO_PLAYABLE_SOURCE, choice.reason ?? 'No source of this entry can be played here', { details: { rejected: choice.rejected } });
      }
      source = choice.source;
    }
    try {
      await load(source);
      return current() ? source : null;
    } catch (e) {
      if (!current() || e instanceof PlaybackDetached || (e as { code?: number })?.code === 7000) return null; // a newer load took over
      const reason = fromShakaError(e, `loading ${source === local ? 'the downloaded copy' : source.mediaFormat.toUpperCase()}`, ErrorCode.PLAYBACK_ERROR).message;
      if (source === local && !partial) return new OfflineError(ErrorCode.PLAYBACK_ERROR, reason, { cause: e, details: { local: true } });
      failures.push(reason); // online: try the entry's next playable source
      tried.push(source.id);
    }
  }
}
