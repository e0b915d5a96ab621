// Server-side commands a test can call with `executeServerCommand` (see
// test/support/browser.ts): they drive the real browser (network cut, quota,
// permissions, extra tabs) and read the media server's state.
//
// Two protocols, chosen by what the page's connection speaks (never by the
// browser's name):
// - Chrome DevTools Protocol (Chromium): the media paths are blocked by URL
//   rule and navigator.onLine is overridden; the quota is overridden per
//   origin in the running browser.
// - WebDriver BiDi (Firefox): `emulation.setNetworkConditions` puts the page
//   offline (navigator.onLine false, offline/online events, every HTTP
//   request of the page fails, loopback included; the runner's open
//   WebSocket survives); there is no per-origin quota command, so a page on
//   an origin with a quota runs in a browser of its own, launched with the
//   quota manager's global limit set so that the origin gets that quota.
// See docs/ENGINES.md for what was measured.
import puppeteer from 'puppeteer-core';
import { FIREFOX_PREFS, firefoxPath } from './firefox.mjs';

const protocolOf = (page) => page.browser().protocol;

/**
 * The `dom.quotaManager.temporaryStorage.fixedLimit` (KiB) that gives an
 * origin a quota of about `bytes`, and the quota it then reports. Measured in
 * Firefox 153: an origin group gets min(limit, max(limit / 5, 10 MiB)), and
 * IndexedDB writes past it fail with QuotaExceededError.
 */
export function firefoxQuota(bytes) {
  const MiB = 1024 * 1024;
  const limit = bytes <= 10 * MiB ? bytes : bytes * 5;
  const fixedLimitKiB = Math.ceil(limit / 1024);
  const global = fixedLimitKiB * 1024;
  return { fixedLimitKiB, quota: Math.min(global, Math.max(Math.floor(global / 5), 10 * MiB)) };
}

export function browserCommands(media) {
  const cdpSessions = new WeakMap();
  async function cdp(page) {
    if (protocolOf(page) !== 'cdp') {
      throw new Error('this command needs the Chrome DevTools Protocol, which this browser does not speak');
    }
    if (!cdpSessions.has(page)) cdpSessions.set(page, await page.createCDPSession());
    return cdpSessions.get(page);
  }

  // The media paths the "network cut" blocks in Chromium: everything the
  // media server answers (fixtures, scoped paths, licences, the benchmark
  // asset), but not the test runner's own connection, which would stall the
  // test.
  const MEDIA_PATTERNS = ['/fixtures/', '/t/', '/license/', '/bench/'].map((p) => `*://*:*${p}*`);

  async function setNetwork(page, offline) {
    if (protocolOf(page) === 'webDriverBiDi') {
      // emulation.setNetworkConditions {type: 'offline'} on the page's
      // top-level browsing context (and its frames).
      await page.setOfflineMode(offline);
      return { offline, scope: 'page' };
    }
    const client = await cdp(page);
    await client.send('Network.enable');
    await client.send('Network.emulateNetworkConditionsByRule', {
      offline,
      matchedNetworkConditions: offline
        ? MEDIA_PATTERNS.map((urlPattern) => ({ urlPattern, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }))
        : [],
    });
    // navigator.onLine and the online/offline events follow this.
    await client.send('Network.overrideNetworkState', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    return { offline, scope: 'media' };
  }

  // Quotas asked for origins whose page is not open yet (WebDriver BiDi).
  const pendingQuotas = new Map();
  async function setQuota(page, origin, bytes) {
    if (protocolOf(page) === 'webDriverBiDi') {
      if (bytes == null) {
        pendingQuotas.delete(origin);
        return { quota: null };
      }
      const { quota } = firefoxQuota(bytes);
      pendingQuotas.set(origin, bytes);
      return { quota, appliesTo: 'the next page opened on this origin (a browser of its own)' };
    }
    const client = await cdp(page);
    await client.send('Storage.overrideQuotaForOrigin', bytes == null ? { origin } : { origin, quotaSize: bytes });
    return { quota: bytes ?? null };
  }

  // Permission overrides, through puppeteer's protocol-neutral API
  // (CDP Browser.setPermission / BiDi permissions.setPermission).
  const overrides = new Map();
  async function setPermission(page, origin, name, state) {
    const context = page.browserContext();
    await context.setPermission(origin, { permission: { name }, state });
    if (!overrides.has(context)) overrides.set(context, new Set());
    overrides.get(context).add(JSON.stringify([origin, name]));
    return { origin, name, state };
  }
  async function resetPermissions(page) {
    const context = page.browserContext();
    for (const key of overrides.get(context) ?? []) {
      const [origin, name] = JSON.parse(key);
      await context.setPermission(origin, { permission: { name }, state: 'prompt' });
    }
    overrides.delete(context);
    return { reset: true };
  }

  // Extra top-level pages (tabs), e.g. on another loopback origin with its
  // own storage and quota; driven by evaluating functions in them.
  const pages = new Map();
  let pageCount = 0;

  async function openPage(page, url) {
    const origin = new URL(url).origin;
    let own = null;
    if (protocolOf(page) === 'webDriverBiDi' && pendingQuotas.has(origin)) {
      // dom.quotaManager.temporaryStorage.fixedLimit is read when the quota
      // manager starts, and it limits every origin of the browser together:
      // only a browser of its own can hold it.
      const { fixedLimitKiB } = firefoxQuota(pendingQuotas.get(origin));
      pendingQuotas.delete(origin);
      own = await puppeteer.launch({
        browser: 'firefox',
        executablePath: firefoxPath(),
        headless: true,
        extraPrefsFirefox: { ...FIREFOX_PREFS, 'dom.quotaManager.temporaryStorage.fixedLimit': fixedLimitKiB },
      });
    }
    const target = own ? await own.newPage() : await page.browser().newPage();
    const id = ++pageCount;
    pages.set(id, { page: target, own });
    await target.goto(url);
    await target.waitForFunction("document.documentElement.dataset.ready === 'true'", { timeout: 30000 });
    return { id, ownBrowser: !!own };
  }

  return {
    name: 'offline-player-commands',
    async executeCommand({ command, payload, session }) {
      const page = () => {
        if (session.browser.type !== 'puppeteer') {
          throw new Error(`"${command}" needs a browser driven by puppeteer (DevTools Protocol or WebDriver BiDi); ${session.browser.name} runs over WebDriver classic`);
        }
        return session.browser.getPage(session.id);
      };
      switch (command) {
        case 'media-state': {
          const scope = media.scopes.get(payload?.scope ?? 'default');
          return scope
            ? { log: scope.log, license: scope.license, rules: scope.rules.map((r) => r.toJSON()) }
            : { log: [], license: null, rules: [] };
        }
        case 'engine': {
          if (session.browser.type !== 'puppeteer') return { protocol: 'webdriver', version: session.browser.name, networkCut: null };
          const p = page();
          const protocol = protocolOf(p);
          return { protocol, version: await p.browser().version(), networkCut: protocol === 'cdp' ? 'media-paths' : 'whole-page' };
        }
        case 'network':
          return setNetwork(page(), !!payload?.offline);
        case 'set-quota':
          return setQuota(page(), payload.origin, payload.bytes ?? null);
        case 'set-permission':
          return setPermission(page(), payload.origin, payload.name, payload.state);
        case 'reset-permissions':
          return resetPermissions(page());
        case 'open-page':
          return openPage(page(), payload.url);
        case 'page-call': {
          const target = pages.get(payload.id)?.page;
          if (!target) throw new Error(`no page ${payload.id}`);
          try {
            return { value: await target.evaluate(`(${payload.fn})(window.offline, ...${JSON.stringify(payload.args ?? [])})`) };
          } catch (e) {
            return { error: { message: String(e?.message ?? e) } };
          }
        }
        case 'close-page': {
          const entry = pages.get(payload.id);
          pages.delete(payload.id);
          if (entry?.own) await entry.own.close();
          else await entry?.page.close();
          return { closed: true };
        }
        case 'cdp': {
          const client = await cdp(page());
          return client.send(payload.method, payload.params ?? {});
        }
        default:
          return undefined;
      }
    },
  };
}
