// "Install what is missing": npm dependencies, Debian's Chromium, the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, run, say } from './run.mjs';
import { chromiumPath } from '../../test/support/chromium.mjs';

const newest = (dir) => {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
};

export async function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync('package-lock.json').mtimeMs) return;
  say('Installing npm dependencies (npm ci)...');
  await mustRun('npm', ['ci', '--no-audit', '--no-fund']);
}

export async function ensureChromium() {
  if (chromiumPath()) return chromiumPath();
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      'Chromium is not installed and this script cannot install it (it needs root and apt-get).\n' +
        '  Install it yourself:  sudo apt-get install -y --no-install-recommends chromium\n' +
        '  or point CHROME_PATH at a Chromium/Chrome binary.',
    );
  }
  say("Installing Debian's Chromium (apt-get, about 15 s)...");
  await mustRun('apt-get', ['update', '-q']);
  await mustRun('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!chromiumPath()) throw new Error('apt-get finished but no Chromium binary was found');
  return chromiumPath();
}

/** Builds dist/ when it is missing or older than the sources. */
export async function ensureBuild({ force = false } = {}) {
  const stamp = 'dist/offline-player.iife.js';
  const sources = Math.max(newest('src'), statSync('rollup.config.js').mtimeMs, statSync('package.json').mtimeMs);
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  say('Building (rollup)...');
  await mustRun('node', ['scripts/build.mjs']);
}

export { run };
