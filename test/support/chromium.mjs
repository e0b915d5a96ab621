// Where Chromium is and how we launch it (shared by the test runner, the demo
// smoke check and the benchmarks).
import { existsSync } from 'node:fs';

export function chromiumPath() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--mute-audio',
  '--autoplay-policy=no-user-gesture-required',
  // Makes navigator.storage.estimate() report a quota set through CDP, so the
  // size pre-check can be tested for real.
  '--disable-features=StaticStorageQuota',
  // Desktop Chromium hides navigator.connection.type (Android and ChromeOS
  // show it); with this the DevTools Protocol's emulated connection type
  // (cellular3g, wifi) drives it and fires `change`, so the downloadOn rule
  // is tested for real. Measured: without it `type` stays undefined.
  '--enable-blink-features=NetInfoDownlinkMax',
];
