// Static files with byte-range support, streamed through an optional shaper
// (latency, throttling, dropped connections: see faults.mjs).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, posix, resolve, sep } from 'node:path';

export const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.vtt': 'text/vtt; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** For routes other origins may read (fixtures, licences): nothing else gets them. */
export const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, ETag',
};

/**
 * The one way a request path becomes a path the server looks up: decoded once,
 * checked, normalised. `rawPath` is the request's path as sent (still
 * percent-encoded). Returns `{ path }` (decoded, normalised, starting with
 * `/`) or `{ status }` (400) for a path no honest client sends: NUL bytes,
 * backslashes, malformed or double encoding (`%2e`, `%2f`, `%5c` left after one
 * decode), or dot segments that only encoding can bring (the URL parser already
 * resolved the literal ones).
 */
export function decodePath(rawPath) {
  if (typeof rawPath !== 'string' || !rawPath.startsWith('/')) return { status: 400 };
  if (/\\|%5c|%00/i.test(rawPath)) return { status: 400 };
  let decoded;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (/[\0\\]/.test(decoded) || /%(2e|2f|5c|00)/i.test(decoded)) return { status: 400 };
  if (decoded.split('/').some((segment) => segment === '.' || segment === '..')) return { status: 400 };
  return { path: posix.normalize(decoded) };
}

/**
 * Resolves a decoded, normalised path (see decodePath) inside `root`, or null
 * when it would escape it. It does not decode: decoding twice is how `%252e`
 * turns into a dot.
 */
export function resolveInside(root, path) {
  const full = resolve(root, '.' + posix.normalize('/' + path));
  return full === root || full.startsWith(root + sep) ? full : null;
}

/**
 * Parses a single `Range: bytes=` header against a size.
 * Returns {start, end} (inclusive), null for "no range", or 'invalid'.
 */
export function parseRange(header, size) {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return 'invalid';
  let start;
  let end;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/**
 * Serves `file` (an absolute path) for `req` on `res`, honouring Range.
 * `send(res, source, length)` writes the body (it applies faults); it
 * defaults to a plain pipe. No CORS headers unless `headers` has them. Resolves with the status sent, or null when the
 * file does not exist.
 */
export async function serveFile(req, res, file, { send, headers = {} } = {}) {
  let info;
  try {
    info = await stat(file);
  } catch {
    return null;
  }
  if (!info.isFile()) return null;
  const size = info.size;
  const etag = `"${size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
  // If-Range: a range only applies to the same version of the file.
  const ifRange = req.headers['if-range'];
  const sameVersion = !ifRange || ifRange === etag || ifRange === info.mtime.toUTCString();
  const range = sameVersion ? parseRange(req.headers.range, size) : null;
  const base = {
    'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    ETag: etag,
    'Last-Modified': info.mtime.toUTCString(),
    ...headers,
  };
  if (range === 'invalid') {
    res.writeHead(416, { ...base, 'Content-Range': `bytes */${size}` });
    res.end();
    return 416;
  }
  const start = range ? range.start : 0;
  const end = range ? range.end : size - 1;
  const length = size === 0 ? 0 : end - start + 1;
  const status = range ? 206 : 200;
  res.writeHead(status, {
    ...base,
    'Content-Length': String(length),
    ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return status;
  }
  const source = createReadStream(file, { start, end, highWaterMark: 256 * 1024 });
  await (send ?? pipe)(res, source, length);
  return status;
}

function pipe(res, source) {
  return new Promise((done) => {
    source.on('error', () => res.destroy());
    res.on('close', () => {
      source.destroy();
      done();
    });
    source.pipe(res);
  });
}
