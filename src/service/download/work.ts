// The unit of download work: one resource (a media or init segment, or a
// whole text file) named by Shaka's pending reference id, which encodes the
// URIs and the byte range (shaka.offline.DownloadInfo.idForSegmentRef).
import type { ManifestDB, SegmentDB } from '../databases/shaka-db.js';

export interface ResourceRequest {
  uris: string[];
  /** First byte (0 when the whole resource is wanted). */
  start: number;
  /** Last byte, inclusive, or null for "to the end". */
  end: number | null;
  /** Data Shaka already had inline (a base64 reference id): nothing to fetch. */
  inline: Uint8Array | null;
}

export interface WorkItem {
  refId: string;
  request: ResourceRequest;
  init: boolean;
  streamId: number;
  streamType: string;
  startTime: number;
  /** Estimated bytes (exact when the range is known). */
  estimate: number;
  /** Segments that point at this resource, and which of their keys it fills. */
  targets: Array<{ segment: SegmentDB; field: 'dataKey' | 'initSegmentKey' }>;
}

const REF = /^((?:\{[^{}]*\})+):(\d+):(\d+|null|undefined)$/;

export function parseRefId(refId: string): ResourceRequest {
  const m = REF.exec(refId);
  if (m) {
    const uris = [...m[1].matchAll(/\{([^{}]*)\}/g)].map((u) => decodeURI(u[1]));
    return { uris, start: Number(m[2]), end: m[3] === 'null' || m[3] === 'undefined' ? null : Number(m[3]), inline: null };
  }
  // Shaka names inline segment data (an HLS init segment it already fetched
  // while parsing) by its base64url encoding.
  const binary = atob(refId.replace(/-/g, '+').replace(/_/g, '/'));
  const inline = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) inline[i] = binary.charCodeAt(i);
  return { uris: [], start: 0, end: null, inline };
}

/** Bytes of a request when its range says so, else null. */
export function exactSize(request: ResourceRequest): number | null {
  if (request.inline) return request.inline.byteLength;
  return request.end == null ? null : request.end - request.start + 1;
}

/**
 * The resources still to download for `manifest`, deduplicated (an init
 * segment shared by every segment of a stream is one item), init segments
 * first, then in presentation order across streams.
 */
export function pendingWork(
  manifest: ManifestDB,
  bandwidth: ReadonlyMap<number, number>,
  knownSizes: ReadonlyMap<string, number> = new Map(),
): WorkItem[] {
  const items = new Map<string, WorkItem>();
  for (const stream of manifest.streams) {
    for (const segment of stream.segments) {
      const add = (refId: string | undefined, init: boolean) => {
        if (refId === undefined) return;
        let item = items.get(refId);
        if (!item) {
          const request = parseRefId(refId);
          const duration = Math.max(0, segment.endTime - segment.startTime);
          const bps = bandwidth.get(stream.id) ?? 0;
          item = {
            refId,
            request,
            init,
            streamId: stream.id,
            streamType: stream.type,
            startTime: init ? -1 : segment.startTime,
            estimate: exactSize(request) ?? knownSizes.get(refId) ?? (init ? 0 : Math.round((bps * duration) / 8)),
            targets: [],
          };
          items.set(refId, item);
        }
        item.targets.push({ segment, field: init ? 'initSegmentKey' : 'dataKey' });
      };
      add(segment.pendingInitSegmentRefId, true);
      add(segment.pendingSegmentRefId, false);
    }
  }
  return [...items.values()].sort((a, b) => a.startTime - b.startTime || a.streamId - b.streamId);
}

/** Marks a resource as stored under `key` in the manifest (in memory). */
export function assign(item: WorkItem, key: number): void {
  for (const { segment, field } of item.targets) {
    segment[field] = key;
    if (field === 'dataKey') delete segment.pendingSegmentRefId;
    else delete segment.pendingInitSegmentRefId;
  }
}

/** Undoes `assign` (the transaction that would have stored it failed). */
export function unassign(item: WorkItem): void {
  for (const { segment, field } of item.targets) {
    segment[field] = 0;
    if (field === 'dataKey') segment.pendingSegmentRefId = item.refId;
    else segment.pendingInitSegmentRefId = item.refId;
  }
}
