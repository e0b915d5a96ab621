// WebKitGTK for the tests: Debian's webkit2gtk-driver (WebKitWebDriver, W3C
// WebDriver classic) driving its MiniBrowser. MiniBrowser has no headless
// mode: it needs a display, so the driver runs under xvfb-run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { freePort } from '../../scripts/lib/run.mjs';
import { setTimeout as sleep } from 'node:timers/promises';

export function webkitPaths() {
  const driver = ['/usr/bin/WebKitWebDriver'].find((p) => existsSync(p)) ?? null;
  let browser = process.env.WEBKIT_MINIBROWSER ?? null;
  if (!browser && existsSync('/usr/lib')) {
    for (const triplet of readdirSync('/usr/lib')) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
        const candidate = `/usr/lib/${triplet}/${api}/MiniBrowser`;
        if (!browser && existsSync(candidate)) browser = candidate;
      }
    }
  }
  const xvfb = existsSync('/usr/bin/xvfb-run') ? '/usr/bin/xvfb-run' : null;
  return { driver, browser, xvfb };
}

// Safari ships the Storage API (estimate, persist); WebKitGTK 2.50 has it
// behind feature flags, so MiniBrowser is asked for it. Automation sessions
// are ephemeral in MiniBrowser (no way around it): IndexedDB keeps
// ArrayBuffers but refuses Blobs there.
export const MINIBROWSER_ARGS = ['--automation', '--features=+StorageAPI,+StorageAPIEstimate', '--autoplay-policy=allow'];

/** Starts WebKitWebDriver under xvfb-run; resolves with its port once it answers. */
export async function startWebKitDriver() {
  const { driver, xvfb } = webkitPaths();
  const port = await freePort();
  const child = spawn(xvfb, ['-a', '-s', '-screen 0 1280x1024x24', driver, `--port=${port}`], { stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // cleanup: ignore the driver is already gone
    }
  };
  process.once('exit', stop);
  for (let i = 0; i < 100; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return { port, stop };
    } catch {
      // cleanup: ignore the driver is not listening yet (polled again)
    }
    await sleep(100);
  }
  stop();
  throw new Error('WebKitWebDriver did not start');
}
