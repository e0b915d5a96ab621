// `offline-stream:` URIs (play while downloading): `offline-stream:<key>` is
// the stream's manifest, `offline-stream:<key>|<url>` one of its segments.
// Kept apart from the scheme itself so recognising one costs no Shaka.

export const STREAM_SCHEME = 'offline-stream';

/** `offline-stream:<key>`: the stream's manifest. */
export function streamUri(key: string): string {
  return `${STREAM_SCHEME}:${encodeURIComponent(key)}`;
}

/** The stream key and segment URL (null: the manifest) of an `offline-stream:` URI, or null for any other URI. */
export function parseStreamUri(uri: string): { key: string; url: string | null } | null {
  if (!uri.startsWith(`${STREAM_SCHEME}:`)) return null;
  const rest = uri.slice(STREAM_SCHEME.length + 1);
  const bar = rest.indexOf('|');
  return bar < 0 ? { key: decodeURIComponent(rest), url: null } : { key: decodeURIComponent(rest.slice(0, bar)), url: rest.slice(bar + 1) };
}
