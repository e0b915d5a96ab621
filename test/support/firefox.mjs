// Where Firefox is and how we launch it: Debian's firefox-esr, driven by
// puppeteer-core over WebDriver BiDi (no browser download, no Playwright).
import { existsSync } from 'node:fs';

export function firefoxPath() {
  const candidates = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

// Profile preferences, on top of puppeteer's own (which already silence
// first-run pages, updates and telemetry); puppeteer writes them into the
// fresh profile's user.js.
export const FIREFOX_PREFS = {
  // Unmuted autoplay without a gesture (Chromium: --autoplay-policy=...).
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // navigator.storage.persist() asks the user with a door-hanger prompt, and
  // its promise stays pending until someone answers: headless, nobody ever
  // does. This answers "Block" for every origin, like headless Chromium,
  // which resolves false without asking. A test can still grant it per origin
  // (BiDi permissions.setPermission), which wins over this default.
  'permissions.default.persistent-storage': 2,
};
