// Tests run in Debian's Chromium and/or Debian's Firefox ESR (headless),
// against the project's own media server (fixtures, ClearKey license server,
// fault injection) mounted as middleware, with real IndexedDB and real Shaka.
// BROWSERS=chromium (default), BROWSERS=firefox or BROWSERS=chromium,firefox.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { createMediaServer } from './server/media-server.mjs';
import { shakaEsm } from './scripts/lib/shaka-esm-plugin.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.mjs';
import { FIREFOX_PREFS, firefoxPath } from './test/support/firefox.mjs';
import { browserCommands } from './test/support/commands.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';

const engines = (process.env.BROWSERS ?? 'chromium').split(',').map((s) => s.trim()).filter(Boolean);

const launchers = {
  chromium() {
    const executablePath = chromiumPath();
    if (!executablePath) throw new Error('Chromium was not found: run `npm test` (it installs it) or set CHROME_PATH.');
    return chromeLauncher({ launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS } });
  },
  // web-test-runner's puppeteer launcher (what @web/test-runner-puppeteer's
  // puppeteerLauncher does, minus its dependency on the full `puppeteer`
  // package, whose install downloads browsers): puppeteer-core drives the
  // installed Firefox over WebDriver BiDi.
  firefox() {
    const executablePath = firefoxPath();
    if (!executablePath) throw new Error('Firefox was not found: run `npm test` (it installs firefox-esr) or set FIREFOX_PATH.');
    return chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath, headless: true, extraPrefsFirefox: FIREFOX_PREFS },
    });
  },
};
for (const engine of engines) {
  if (!launchers[engine]) throw new Error(`BROWSERS: unknown engine "${engine}" (known: ${Object.keys(launchers).join(', ')})`);
}
const commonjs = fromRollup(rollupCommonjs);
const shakaAsModule = fromRollup(shakaEsm);
const media = createMediaServer();

export default {
  files: ['test/**/*.test.ts'],
  nodeResolve: { exportConditions: ['production'] },
  // One page at a time: every test file shares the origin's IndexedDB and
  // storage quota, which several tests change on purpose.
  concurrency: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 30000 } },
  middleware: [media.middleware()],
  plugins: [
    shakaAsModule(),
    // 'auto': TypeScript is transpiled, plain JS is left alone in a modern browser.
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: './tsconfig.json' }),
    commonjs({ include: /node_modules\/localforage\//, strictRequires: false }),
    browserCommands(media),
  ],
  browsers: engines.map((engine) => launchers[engine]()),
  // Coverage is V8's (Chromium only).
  coverage: process.env.COVERAGE !== 'false' && engines.includes('chromium'),
  coverageConfig: {
    include: ['src/**/*.ts'],
    reportDir: 'coverage',
    report: true,
  },
  reporters: [defaultReporter(), summaryReporter({ file: process.env.TEST_RESULTS ?? 'test-results.json' })],
};
