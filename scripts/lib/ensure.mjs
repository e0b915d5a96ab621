// "Install what is missing": npm dependencies, Debian's Chromium and
// Firefox ESR, the build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mustRun, run, say } from './run.mjs';
import { chromiumPath } from '../../test/support/chromium.mjs';
import { firefoxPath } from '../../test/support/firefox.mjs';
import { webkitPaths } from '../../test/support/webkit.mjs';

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

const canApt = () => typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/usr/bin/apt-get');

/** Whether a system libavcodec is installed (Firefox decodes H.264 with it; its own copy has no H.264). */
async function hasLibavcodec() {
  const { output } = await run('ldconfig', ['-p'], { quiet: true });
  return /libavcodec\.so\.\d+/.test(output);
}

/**
 * The libavcodec package firefox-esr recommends that this Debian release has
 * (libavcodec59 on Debian 12), read from the package's own Recommends.
 */
async function libavcodecPackage() {
  const { output } = await run('apt-cache', ['show', '--no-all-versions', 'firefox-esr'], { quiet: true });
  const recommends = /^Recommends: (.*)$/m.exec(output)?.[1] ?? '';
  for (const name of recommends.split(/[|,]/).map((s) => s.trim().split(' ')[0])) {
    if (!/^libavcodec(-extra)?\d+$/.test(name) || name.includes('extra')) continue;
    const policy = await run('apt-cache', ['policy', name], { quiet: true });
    if (/Candidate: (?!\(none\))/.test(policy.output)) return name;
  }
  return null;
}

/**
 * Debian's Firefox ESR, plus a system libavcodec: without one, Firefox has no
 * H.264 (MediaSource.isTypeSupported('video/mp4; codecs="avc1.42E01E"') is
 * false) and every fixture fails. `apt-get --no-install-recommends
 * firefox-esr` alone does not bring it.
 */
export async function ensureFirefox() {
  const missingCodec = !(await hasLibavcodec());
  if (firefoxPath() && !missingCodec) return firefoxPath();
  if (!canApt()) {
    throw new Error(
      `${firefoxPath() ? 'Firefox has no H.264 decoder (no system libavcodec)' : 'Firefox is not installed'} and this script cannot install it (it needs root and apt-get).\n` +
        '  Install it yourself:  sudo apt-get install -y --no-install-recommends firefox-esr libavcodec59\n' +
        '  or point FIREFOX_PATH at a Firefox binary, or run only Chromium: BROWSERS=chromium npm test',
    );
  }
  say("Installing Debian's Firefox ESR and libavcodec (apt-get, about 20 s)...");
  await mustRun('apt-get', ['update', '-q']);
  const codec = await libavcodecPackage();
  await mustRun('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'firefox-esr', ...(codec ? [codec] : [])], {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (!firefoxPath()) throw new Error('apt-get finished but no Firefox binary was found');
  if (!(await hasLibavcodec())) throw new Error('Firefox is installed but no libavcodec is: Firefox cannot play H.264');
  return firefoxPath();
}

/**
 * WebKitGTK for the opt-in smoke run (BROWSERS=webkit): its WebDriver, a
 * virtual display (MiniBrowser has no headless mode) and the GStreamer
 * decoders its MSE needs for H.264/AAC (gstreamer1.0-libav; h264parse is in
 * plugins-bad), which --no-install-recommends leaves out.
 */
export async function ensureWebKit() {
  const { driver, browser, xvfb } = webkitPaths();
  const plugins = (name) =>
    readdirSync('/usr/lib').some((triplet) => existsSync(join('/usr/lib', triplet, 'gstreamer-1.0', name)));
  if (driver && browser && xvfb && plugins('libgstlibav.so') && plugins('libgstvideoparsersbad.so')) return;
  if (!canApt()) {
    throw new Error(
      'WebKitGTK (or xvfb, or its GStreamer decoders) is missing and this script cannot install it (it needs root and apt-get).\n' +
        '  Install it yourself:  sudo apt-get install -y --no-install-recommends webkit2gtk-driver xvfb xauth gstreamer1.0-libav gstreamer1.0-plugins-bad',
    );
  }
  say('Installing WebKitGTK (webkit2gtk-driver), xvfb and GStreamer decoders (apt-get)...');
  await mustRun('apt-get', ['update', '-q']);
  await mustRun(
    'apt-get',
    ['install', '-y', '-q', '--no-install-recommends', 'webkit2gtk-driver', 'xvfb', 'xauth', 'gstreamer1.0-libav', 'gstreamer1.0-plugins-bad'],
    { env: { DEBIAN_FRONTEND: 'noninteractive' } },
  );
}

/** Builds dist/ when it is missing or older than the sources. */
export async function ensureBuild({ force = false, sourcemaps = false } = {}) {
  const stamp = 'dist/offline-player.iife.js';
  const sources = Math.max(newest('src'), statSync('rollup.config.js').mtimeMs, statSync('package.json').mtimeMs);
  if (!force && existsSync(stamp) && statSync(stamp).mtimeMs >= sources) return;
  say('Building (rollup)...');
  await mustRun('node', ['scripts/build.mjs', ...(sourcemaps ? ['--sourcemaps'] : [])]);
}

export { run };
