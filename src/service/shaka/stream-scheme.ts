// Shaka's side of play-while-downloading. A player streams the network
// manifest of an asset that is still downloading, and its segment requests
// go through our `offline-stream:` scheme, which answers from what the asset
// has (storage, or the download running in this page) and fetches the rest
// with Shaka's own HTTP plugin.
//
// Shaka's scheme registry is global (NetworkingEngine.registerScheme), so
// the scope is in the URI: only a player whose own networking engine has the
// request filter below rewrites its segment URIs to this scheme, and the
// scheme answers only for streams this page opened (`find`). Every other
// player, and the planner's Storage, never sees it.
import type shaka from 'shaka-player/dist/shaka-player.compiled-es2021.js';
import { ErrorCode, OfflineError } from '../../errors.js';
import { resourceId } from '../download/manifest-facts.js';
import { STREAM_SCHEME, parseStreamUri, streamUri } from '../playback/stream-uri.js';
import type { Shaka } from './shaka.js';

/** What the scheme asks of an open stream. */
export interface StreamSource {
  /** The network manifest the stream plays. */
  readonly manifestUri: string;
  /**
   * The bytes of a segment the asset has (or its download in this page is
   * about to have), or null: fetch it from the network. Rejects with an
   * OfflineError when the asset is gone.
   */
  segment(resourceId: string, signal: AbortSignal): Promise<Uint8Array | null>;
}

let registered = false;

/** Registers the scheme (once per page); `find` names the streams this page opened. */
export function ensureStreamScheme(shakaLib: Shaka, find: (key: string) => StreamSource | null): void {
  if (registered) return;
  registered = true;
  const { NetworkingEngine, HttpFetchPlugin } = shakaLib.net;
  const { Error: ShakaError, AbortableOperation } = shakaLib.util;
  const CRITICAL = 2;
  const NETWORK = 1;
  const HTTP_ERROR = 1002;
  const aborted = () => new ShakaError(CRITICAL, 7, 7001); // PLAYER, OPERATION_ABORTED
  const plugin: shaka.extern.SchemePlugin = (uri, request, type, progress, headersReceived, config) => {
    const parsed = parseStreamUri(uri)!;
    const source = find(parsed.key);
    if (!source) {
      const gone = new OfflineError(ErrorCode.ASSET_NOT_FOUND, 'This stream of a download is closed (the asset was removed, or the page that opened it reloaded)', { details: { uri } });
      return AbortableOperation.failed(new ShakaError(CRITICAL, NETWORK, HTTP_ERROR, uri, gone, type));
    }
    const url = parsed.url ?? source.manifestUri;
    const network = () => HttpFetchPlugin.parse(url, request, type, progress, headersReceived, config);
    if (type !== NetworkingEngine.RequestType.SEGMENT || request.method !== 'GET') return network();
    const [start, end] = rangeOf(request.headers['Range']);
    const controller = new AbortController();
    let fetching: shaka.extern.IAbortableOperation<shaka.extern.Response> | null = null;
    const promise = (async (): Promise<shaka.extern.Response> => {
      let data: Uint8Array | null;
      try {
        data = await source.segment(resourceId(url, start, end), controller.signal);
      } catch (e) {
        if (controller.signal.aborted) throw aborted();
        throw new ShakaError(CRITICAL, NETWORK, HTTP_ERROR, url, e, type);
      }
      if (data) {
        // fromCache: Shaka's bandwidth estimate must not learn from storage.
        return { uri: url, originalUri: uri, data: exact(data), headers: {}, status: 200, originalRequest: request, fromCache: true };
      }
      if (controller.signal.aborted) throw aborted();
      fetching = network();
      return fetching.promise;
    })();
    return new AbortableOperation(promise, () => {
      controller.abort();
      return fetching ? fetching.abort() : Promise.resolve();
    });
  };
  NetworkingEngine.registerScheme(STREAM_SCHEME, plugin);
}

/**
 * Routes the segment requests of one player (its networking engine) to the
 * stream `key`; returns what undoes it.
 */
export function routeSegments(shakaLib: Shaka, net: shaka.net.NetworkingEngine, key: string): () => void {
  const segment = shakaLib.net.NetworkingEngine.RequestType.SEGMENT;
  const prefix = `${streamUri(key)}|`;
  const filter: shaka.extern.RequestFilter = (type, request) => {
    if (type !== segment) return;
    request.uris = request.uris.map((u) => (u.startsWith(`${STREAM_SCHEME}:`) ? u : prefix + u));
  };
  net.registerRequestFilter(filter);
  return () => net.unregisterRequestFilter(filter);
}

/** First and last byte of a `Range: bytes=a-b` header (the way Shaka writes it), [0, null] without one. */
function rangeOf(header: string | undefined): [number, number | null] {
  const m = header ? /^bytes=(\d+)-(\d*)$/.exec(header) : null;
  return m ? [Number(m[1]), m[2] === '' ? null : Number(m[2])] : [0, null];
}

function exact(data: Uint8Array): ArrayBuffer {
  return data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? (data.buffer as ArrayBuffer) : (data.slice().buffer as ArrayBuffer);
}
