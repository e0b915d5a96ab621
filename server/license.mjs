// A W3C ClearKey license server (EME spec, "Clear Key" section 9.1.3/9.1.4):
// a JSON license request with key ids in, a JSON Web Key set out. It refuses
// unknown key ids, can require a bearer token and can give licences a
// duration, and counts the requests it answered (per scope).
import { readFileSync } from 'node:fs';

const b64url = {
  fromHex: (hex) => Buffer.from(hex, 'hex').toString('base64url'),
  toHex: (text) => Buffer.from(text, 'base64url').toString('hex'),
};

export function loadKeys(file) {
  const { keys } = JSON.parse(readFileSync(file, 'utf8'));
  return new Map(keys.map(({ kid, key }) => [kid.toLowerCase(), key.toLowerCase()]));
}

/** Per-scope licence settings and counters. */
export function newLicenseState() {
  return {
    config: { durationSeconds: null, requiredToken: null },
    stats: { requests: 0, rawKeyRequests: 0, refused: 0, kids: {}, tokens: [] },
  };
}

async function readBody(req, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function json(res, status, body) {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Access-Control-Allow-Origin': '*',
  });
  res.end(JSON.stringify(body));
  return status;
}

function tokenOf(req, url) {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  return url.searchParams.get('token');
}

/**
 * Handles /license/clearkey (POST, JSON) and /license/clearkey/raw/<kid hex>
 * (GET, the raw 16-byte key, for HLS `KEYFORMAT="identity"`). Resolves with
 * the status sent, or null when the path is not a licence route.
 */
export async function handleLicense(req, res, url, path, keys, state) {
  const { config, stats } = state;
  const raw = /^\/license\/clearkey\/raw\/([0-9a-fA-F]{32})$/.exec(path);
  if (path !== '/license/clearkey' && !raw) return null;

  if (req.method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Content-Type, Authorization',
    });
    res.end();
    return 204;
  }
  const token = tokenOf(req, url);
  if (token) stats.tokens.push(token);
  if (config.requiredToken && token !== config.requiredToken) {
    stats.refused += 1;
    return json(res, 401, { error: 'token-required', message: 'a valid bearer token is required' });
  }

  if (raw) {
    const kid = raw[1].toLowerCase();
    const key = keys.get(kid);
    if (!key) {
      stats.refused += 1;
      return json(res, 403, { error: 'unknown-key-id', kids: [kid] });
    }
    stats.rawKeyRequests += 1;
    stats.kids[kid] = (stats.kids[kid] ?? 0) + 1;
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
    });
    res.end(Buffer.from(key, 'hex'));
    return 200;
  }

  if (req.method !== 'POST') return json(res, 405, { error: 'method-not-allowed' });
  let request;
  try {
    request = JSON.parse((await readBody(req)).toString('utf8'));
  } catch {
    stats.refused += 1;
    return json(res, 400, { error: 'bad-request', message: 'the body is not JSON' });
  }
  const kids = request?.kids;
  if (!Array.isArray(kids) || kids.length === 0 || !kids.every((k) => typeof k === 'string')) {
    stats.refused += 1;
    return json(res, 400, { error: 'bad-request', message: '"kids" must be a non-empty array of base64url key ids' });
  }
  const hexKids = kids.map(b64url.toHex);
  const unknown = hexKids.filter((kid) => !keys.has(kid));
  if (unknown.length > 0) {
    stats.refused += 1;
    return json(res, 403, { error: 'unknown-key-id', kids: unknown });
  }
  stats.requests += 1;
  for (const kid of hexKids) stats.kids[kid] = (stats.kids[kid] ?? 0) + 1;
  const body = {
    keys: hexKids.map((kid) => ({ kty: 'oct', kid: b64url.fromHex(kid), k: b64url.fromHex(keys.get(kid)) })),
    type: request.type === 'persistent-license' ? 'persistent-license' : 'temporary',
  };
  if (config.durationSeconds != null) {
    // Not part of the W3C format (a JWK set allows extra members): the
    // licence's lifetime, which the client records as the asset's expiry.
    body.expiration = Date.now() + config.durationSeconds * 1000;
  }
  return json(res, 200, body);
}
