// The project's one local server: media fixtures (with Range), the ClearKey
// license server, fault injection and a control API. The demo server
// (`server/start.mjs`) and the test runner (as middleware, see
// web-test-runner.config.mjs) both use it. Loopback only.
//
// Scopes: a path `/t/<scope>/<rest>` is served as `<rest>` but logged, faulted
// and counted under <scope>, so concurrent tests do not see each other's
// requests. Relative URLs inside manifests keep the prefix.
import { realpath } from 'node:fs/promises';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FaultRule, effectsFromQuery, shapedSend } from './faults.mjs';
import { handleLicense, loadKeys, newLicenseState } from './license.mjs';
import { CORS_HEADERS, decodePath, resolveInside, serveFile } from './static.mjs';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Top-level paths the server owns in every mode (also inside the test runner). */
const OWNED = /^\/(fixtures|license|__control|bench)(\/|$)/;
/**
 * What the standalone (demo) server also serves from the project root; the
 * demo renders with lit-html's templates, loaded as they are (an import map,
 * no build step), so lit-html's own folder is served too.
 */
const PUBLIC = /^\/(demo|dist|fixtures|node_modules\/lit-html)(\/|$)|^\/(custom-elements\.json|README\.md|favicon\.ico|offline-player-sw\.js)$/;
/**
 * Files served under another path than their own: the offline shell worker
 * is served at the root, the scope a site would give it (a service worker
 * controls only pages at or below its own path).
 */
const ALIASES = new Map([['/offline-player-sw.js', '/dist/offline-player-sw.js']]);
/** What other origins may read: media fixtures (licences send their own CORS headers). */
const CROSS_ORIGIN = /^\/fixtures\//;
const LOG_LIMIT = 20000;

function newScope() {
  return { rules: [], log: [], seq: 0, license: newLicenseState() };
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : {};
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * @param {object} [options]
 * @param {string} [options.root] project root to serve from
 * @param {boolean} [options.quiet]
 * @param {RegExp|null} [options.publicPaths] more paths to serve from the
 *   root in standalone mode (tests' own pages)
 * @param {string|null} [options.distDir] a folder served as /dist/ instead
 *   of the project's (tests of a library update); changeable with setDistDir
 * @param {Array<(req, res, ctx) => Promise<number|null>>} [options.routes]
 *   extra virtual routes (e.g. the benchmark's large asset); each resolves
 *   with the status it sent, or null to pass.
 */
export function createMediaServer({ root = PROJECT_ROOT, routes = [], publicPaths = null, distDir = null } = {}) {
  const keys = loadKeys(join(root, 'fixtures', 'keys.json'));
  const scopes = new Map();
  const scopeOf = (name) => {
    if (!scopes.has(name)) scopes.set(name, newScope());
    return scopes.get(name);
  };

  /**
   * The request's URL, its scope and its path, decoded once and normalised
   * (decodePath) before anything matches it; `bad` is the status for a path
   * that is refused (then `path` is the raw one, for routing the refusal).
   */
  function split(rawUrl) {
    let url;
    try {
      // Backslashes: the URL parser would turn them into slashes; refuse them instead.
      if (rawUrl.split('?')[0].includes('\\')) throw new TypeError('backslash');
      url = new URL(rawUrl, 'http://localhost');
    } catch {
      return { url: new URL('http://localhost/'), scope: 'default', path: String(rawUrl), scoped: false, bad: 400 };
    }
    const decoded = decodePath(url.pathname);
    if (decoded.status) return { url, scope: 'default', path: url.pathname, scoped: false, bad: decoded.status };
    const m = /^\/t\/([A-Za-z0-9_.-]+)(\/.*)$/.exec(decoded.path);
    return m ? { url, scope: m[1], path: m[2], scoped: true } : { url, scope: 'default', path: decoded.path, scoped: false };
  }

  const isPublic = (path) => PUBLIC.test(path) || (publicPaths !== null && publicPaths.test(path));

  /** Whether this server answers the URL (in middleware mode). */
  function owns(rawUrl, { standalone = false } = {}) {
    const { path, scoped, bad } = split(rawUrl);
    // A refused path under our prefixes is answered (400) here, not passed on.
    if (bad) return standalone || OWNED.test(path) || path.startsWith('/t/');
    if (scoped || OWNED.test(path)) return true;
    return standalone && (isPublic(path) || path === '/');
  }

  async function control(req, res, url) {
    const name = url.searchParams.get('scope') ?? 'default';
    const action = url.pathname.slice('/__control/'.length);
    try {
      if (action === 'faults' && req.method === 'POST') {
        const body = await readJson(req);
        const scope = scopeOf(body.scope ?? name);
        scope.rules = (body.rules ?? []).map((spec) => new FaultRule(spec));
        return sendJson(res, 200, { rules: scope.rules });
      }
      if (action === 'faults' && req.method === 'DELETE') {
        scopeOf(name).rules = [];
        return sendJson(res, 200, { rules: [] });
      }
      if (action === 'license' && req.method === 'POST') {
        const body = await readJson(req);
        const scope = scopeOf(body.scope ?? name);
        Object.assign(scope.license.config, {
          durationSeconds: body.durationSeconds ?? null,
          requiredToken: body.requiredToken ?? null,
        });
        return sendJson(res, 200, scope.license.config);
      }
      if (action === 'reset' && req.method === 'POST') {
        scopes.delete(name);
        return sendJson(res, 200, { reset: name });
      }
      if (action === 'state' && req.method === 'GET') {
        const scope = scopeOf(name);
        return sendJson(res, 200, { scope: name, rules: scope.rules, log: scope.log, license: scope.license });
      }
      return sendJson(res, 404, { error: `unknown control action ${req.method} ${action}` });
    } catch (e) {
      return sendJson(res, 400, { error: String(e?.message ?? e) });
    }
  }

  /** Handles the request if the server owns it; resolves false otherwise. */
  async function handle(req, res, { standalone = false } = {}) {
    if (!owns(req.url, { standalone })) return false;
    const { url, scope: scopeName, path, bad } = split(req.url);
    if (bad) {
      sendJson(res, bad, { error: 'bad-path' });
      return true;
    }
    if (path.startsWith('/__control/')) {
      await control(req, res, new URL(path + url.search, url));
      return true;
    }
    if (standalone && path === '/') {
      res.writeHead(302, { Location: '/demo/' });
      res.end();
      return true;
    }
    const scope = scopeOf(scopeName);
    const entry = {
      seq: ++scope.seq,
      time: Date.now(),
      method: req.method,
      path,
      range: req.headers.range ?? null,
      accept: req.headers.accept ?? null,
      status: 0,
      bytes: 0,
      dropped: false,
      aborted: false,
      effects: {},
    };
    scope.log.push(entry);
    if (scope.log.length > LOG_LIMIT) scope.log.shift();

    const effects = { ...effectsFromQuery(url.searchParams) };
    for (const rule of scope.rules) Object.assign(effects, rule.select(req.method, path));
    entry.effects = effects;
    if (effects.latencyMs > 0) await sleep(effects.latencyMs);
    if (effects.status) {
      entry.status = effects.status;
      sendJson(res, effects.status, { error: 'injected-fault', status: effects.status });
      return true;
    }
    const send = async (out, source, length) => {
      const result = await shapedSend(out, source, length, effects);
      Object.assign(entry, { bytes: result.bytes, dropped: result.dropped, aborted: result.aborted });
    };
    const ctx = { url, path, scope: scopeName, send, entry };
    entry.status =
      (await handleLicense(req, res, url, path, keys, scope.license)) ??
      (await firstRoute(routes, req, res, ctx)) ??
      (await serveStatic(req, res, path, send)) ??
      notFound(res);
    if (entry.status !== 200 && entry.status !== 206) entry.bytes = 0;
    return true;
  }

  async function serveStatic(req, res, path, send) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    if (!isPublic(path) && !OWNED.test(path)) return null;
    const target = ALIASES.get(path) ?? path;
    // `distDir` serves another build in place of dist/ (a test of a library update).
    const fromDist = distDir !== null && /^\/dist(\/|$)/.test(target);
    let file = fromDist ? resolveInside(distDir, target.slice('/dist'.length) || '/') : resolveInside(root, target);
    if (!file) return null;
    if (target.endsWith('/')) file = join(file, 'index.html');
    // The file must really be inside the folder the path names (no symlink out of it).
    const top = fromDist ? resolve(distDir) : resolve(root, target.split('/')[1]);
    const [real, realTop] = await Promise.all([realpath(file).catch(() => null), realpath(top).catch(() => null)]);
    if (!real || !realTop || (real !== realTop && !real.startsWith(realTop + sep))) return null;
    return serveFile(req, res, file, { send, headers: CROSS_ORIGIN.test(path) ? CORS_HEADERS : {} });
  }

  function notFound(res) {
    sendJson(res, 404, { error: 'not-found' });
    return 404;
  }

  return {
    keys,
    scopes,
    handle,
    owns,
    /** Serves another build as /dist/ from now on (null: the project's dist/). */
    setDistDir(dir) {
      distDir = dir;
    },
    /** Koa middleware for @web/dev-server / @web/test-runner. */
    middleware() {
      return async (ctx, next) => {
        if (!owns(ctx.url)) return next();
        ctx.respond = false;
        await handle(ctx.req, ctx.res);
      };
    },
    /** Starts a standalone server on loopback; resolves with {server, url}. */
    listen({ port = 8000, host = '127.0.0.1' } = {}) {
      const server = createServer((req, res) => {
        handle(req, res, { standalone: true })
          .then((handled) => handled || notFound(res))
          .catch((e) => {
            if (!res.headersSent) sendJson(res, 500, { error: String(e?.message ?? e) });
            else res.destroy();
          });
      });
      return new Promise((done, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => {
          server.off('error', fail);
          const address = server.address();
          done({ server, url: `http://${host}:${address.port}/` });
        });
      });
    },
  };
}

async function firstRoute(routes, req, res, ctx) {
  for (const route of routes) {
    const status = await route(req, res, ctx);
    if (status != null) return status;
  }
  return null;
}
