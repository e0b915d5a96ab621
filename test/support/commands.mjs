// Server-side commands a test can call with `executeServerCommand` (see
// test/support/browser.ts): they drive the real browser through the Chrome
// DevTools Protocol (network cut, quota, permissions) and read the media
// server's state.
export function browserCommands(media) {
  const cdpSessions = new WeakMap();
  async function cdp(session) {
    const page = session.browser.getPage(session.id);
    if (!cdpSessions.has(page)) cdpSessions.set(page, await page.createCDPSession());
    return cdpSessions.get(page);
  }

  // The media paths the "network cut" blocks: everything the media server
  // answers (fixtures, scoped paths, licences, the benchmark asset), but not
  // the test runner's own connection, which would stall the test.
  const MEDIA_PATTERNS = ['/fixtures/', '/t/', '/license/', '/bench/'].map((p) => `*://*:*${p}*`);

  async function setNetwork(session, offline) {
    const client = await cdp(session);
    await client.send('Network.enable');
    await client.send('Network.emulateNetworkConditionsByRule', {
      offline,
      matchedNetworkConditions: offline
        ? MEDIA_PATTERNS.map((urlPattern) => ({ urlPattern, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }))
        : [],
    });
    // navigator.onLine and the online/offline events follow this.
    await client.send('Network.overrideNetworkState', { offline, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  }

  // Extra top-level pages (tabs), e.g. on another loopback origin with its
  // own storage and quota; driven by evaluating functions in them.
  const pages = new Map();
  let pageCount = 0;

  return {
    name: 'offline-player-commands',
    async executeCommand({ command, payload, session }) {
      switch (command) {
        case 'media-state': {
          const scope = media.scopes.get(payload?.scope ?? 'default');
          return scope
            ? { log: scope.log, license: scope.license, rules: scope.rules.map((r) => r.toJSON()) }
            : { log: [], license: null, rules: [] };
        }
        case 'network': {
          await setNetwork(session, !!payload?.offline);
          return { offline: !!payload?.offline };
        }
        case 'open-page': {
          const browser = session.browser.getPage(session.id).browser();
          const page = await browser.newPage();
          const id = ++pageCount;
          pages.set(id, page);
          await page.goto(payload.url);
          await page.waitForFunction("document.documentElement.dataset.ready === 'true'", { timeout: 30000 });
          return { id };
        }
        case 'page-call': {
          const page = pages.get(payload.id);
          if (!page) throw new Error(`no page ${payload.id}`);
          try {
            return { value: await page.evaluate(`(${payload.fn})(window.offline, ...${JSON.stringify(payload.args ?? [])})`) };
          } catch (e) {
            return { error: { message: String(e?.message ?? e) } };
          }
        }
        case 'close-page': {
          await pages.get(payload.id)?.close();
          pages.delete(payload.id);
          return { closed: true };
        }
        case 'cdp': {
          const client = await cdp(session);
          return client.send(payload.method, payload.params ?? {});
        }
        default:
          return undefined;
      }
    },
  };
}
