// Play while downloading: an asset that is downloading or paused plays from
// its network manifest, and each segment comes from where the asset has it.
// In order: the download running in this page (segment-exchange.ts: stored,
// waiting to be stored, in flight, or fetched now ahead of its queue, so the
// player never fetches what the download fetches), then what is stored (by
// an earlier run, or by a download running in another tab, read from the
// manifest's stored-refs map), and only then the network.
//
// What the player fetches from the network itself is not offered to storage:
// it happens only with no download running in this page (paused, or running
// in another tab), and the asset's segments are written by its download job
// alone (one writer; a paused download stays as the user left it).
import { ErrorCode, OfflineError } from '../../errors.js';
import { ShakaDb } from '../databases/shaka-db.js';
import { SegmentExchange } from '../download/segment-exchange.js';
import { storedIndex } from '../download/stored-refs.js';
import type { StreamSource } from '../shaka/stream-scheme.js';
import { streamUri } from './stream-uri.js';

/** Re-read the stored manifest on a miss at most this often (another tab may have stored more). */
const REREAD_MS = 1000;

export interface StreamTarget {
  assetId: string;
  mediaKey: string;
  manifestKey: number;
  /** The asset's network manifest. */
  manifestUri: string;
  /** Heights of the video renditions the download keeps (none: audio only). */
  videoHeights: number[];
}

class PartialStream implements StreamSource {
  private index: Map<string, number> | null = null;
  private readAt = 0;

  constructor(private readonly target: StreamTarget) {}

  get manifestUri(): string {
    return this.target.manifestUri;
  }

  get videoHeights(): number[] {
    return this.target.videoHeights;
  }

  async segment(id: string, signal: AbortSignal): Promise<Uint8Array | null> {
    const running = SegmentExchange.find(this.target.mediaKey);
    if (running) {
      try {
        const data = await running.bytesOf(id, signal);
        if (data) return data;
      } catch (e) {
        if (signal.aborted) throw e;
        // The download stopped (paused, failed) before this segment: read storage, else the network.
      }
    }
    return this.stored(id);
  }

  private async stored(id: string): Promise<Uint8Array | null> {
    let key = (await this.indexed(false)).get(id);
    if (key === undefined) key = (await this.indexed(Date.now() - this.readAt >= REREAD_MS)).get(id);
    if (key === undefined) return null;
    const data = await ShakaDb.getSegment(key).catch(() => null);
    if (data) return new Uint8Array(data);
    // The segment went: the asset was removed (the manifest is gone too), or storage failed (the network then).
    await this.indexed(true);
    return null;
  }

  private async indexed(reread: boolean): Promise<Map<string, number>> {
    if (this.index && !reread) return this.index;
    const manifest = await ShakaDb.getManifest(this.target.manifestKey).catch(() => undefined);
    if (manifest === null) {
      streams.delete(this.target.mediaKey);
      throw new OfflineError(ErrorCode.ASSET_NOT_FOUND, `"${this.target.assetId}" was removed while it played`, { details: { assetId: this.target.assetId } });
    }
    if (manifest) this.index = storedIndex(manifest);
    this.readAt = Date.now();
    return this.index ?? new Map();
  }
}

const streams = new Map<string, PartialStream>();

/** Opens (or reopens) the stream of an asset; returns the URI a player of ours loads. */
export function openStream(target: StreamTarget): string {
  streams.set(target.mediaKey, new PartialStream(target));
  return streamUri(target.mediaKey);
}

/** The open stream named by `key` (the scheme's lookup). */
export function findStream(key: string): (StreamSource & { readonly videoHeights: number[] }) | null {
  return streams.get(key) ?? null;
}

