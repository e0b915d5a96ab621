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
