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
