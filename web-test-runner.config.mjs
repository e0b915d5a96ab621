// Tests run in Debian's Chromium and/or Debian's Firefox ESR (headless),
// against the project's own media server (fixtures, ClearKey license server,
// fault injection) mounted as middleware, with real IndexedDB and real Shaka.
// BROWSERS=chromium (default), BROWSERS=firefox or BROWSERS=chromium,firefox.
// BROWSERS=webkit (alone) runs the WebKitGTK smoke subset (see WEBKIT_FILES).
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { createMediaServer } from './server/media-server.mjs';
import { shakaEsm } from './scripts/lib/shaka-esm-plugin.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.mjs';
import { FIREFOX_PREFS, firefoxPath } from './test/support/firefox.mjs';
import { MINIBROWSER_ARGS, startWebKitDriver, webkitPaths } from './test/support/webkit.mjs';
import { browserCommands } from './test/support/commands.mjs';
import { reactEsm } from './test/support/react-esm.mjs';
import { readmeSnippets } from './test/support/readme-snippets.mjs';
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

// WebKitGTK over WebDriver classic: the runner can neither cut its network
// nor set a quota, and its automation sessions have ephemeral storage, so it
// runs a smoke subset: the engine probes, download and stored playback of the
// clear fixtures, the button, and the files that need no browser control.
const WEBKIT_FILES = [
  'test/engines/*.test.ts',
  'test/elements/download-button.test.ts',
  'test/foundation/*.test.ts',
  'test/service/parse-entry.test.ts',
  'test/service/source-choice.test.ts',
  'test/service/manager-bad-input.test.ts',
];
launchers.webkit = async () => {
  const { driver, browser, xvfb } = webkitPaths();
  if (!driver || !browser || !xvfb) {
    throw new Error('WebKitGTK was not found: run `BROWSERS=webkit npm test` (it installs webkit2gtk-driver and xvfb).');
  }
  const { webdriverLauncher } = await import('@web/test-runner-webdriver');
  const { port } = await startWebKitDriver();
  return webdriverLauncher({
    hostname: '127.0.0.1',
    port,
    logLevel: 'error',
    capabilities: {
      browserName: 'MiniBrowser',
      // WebKitWebDriver speaks WebDriver classic only.
      'wdio:enforceWebDriverClassic': true,
      'webkitgtk:browserOptions': { binary: browser, args: MINIBROWSER_ARGS },
    },
  });
};

for (const engine of engines) {
  if (!launchers[engine]) throw new Error(`BROWSERS: unknown engine "${engine}" (known: ${Object.keys(launchers).join(', ')})`);
}
if (engines.includes('webkit') && engines.length > 1) throw new Error('BROWSERS: run webkit on its own (it runs a subset of the files)');
const commonjs = fromRollup(rollupCommonjs);
const shakaAsModule = fromRollup(shakaEsm);
const media = createMediaServer();

// `npm run soak` runs the operation storm longer (scripts/soak.mjs sets these).
const storm = process.env.STORM_OPS
  ? { ops: Number(process.env.STORM_OPS), seeds: (process.env.STORM_SEEDS ?? '1').split(',').map(Number) }
  : null;

export default {
  files: engines.includes('webkit') ? WEBKIT_FILES : ['test/**/*.test.ts'],
  testRunnerHtml: (testFramework) =>
    `<html><body>${storm ? `<script>window.__STORM__ = ${JSON.stringify(storm)};</script>` : ''}<script type="module" src="${testFramework}"></script></body></html>`,
  nodeResolve: { exportConditions: ['production'] },
  // scripts/test.mjs gives each engine's run a free port (side by side, both probing from 8000 could collide).
  ...(process.env.WTR_PORT ? { port: Number(process.env.WTR_PORT) } : {}),
  // One page at a time: every test file shares the origin's IndexedDB and
  // storage quota, which several tests change on purpose.
  concurrency: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 180000,
  testFramework: { config: { timeout: 30000 } },
  middleware: [media.middleware()],
  plugins: [
    // React is CommonJS: served as ES modules (the React wrappers' tests).
    reactEsm(),
    // README.md's code blocks as modules (test/docs/readme.test.ts).
    readmeSnippets(),
    shakaAsModule(),
    // 'auto': TypeScript is transpiled, plain JS is left alone in a modern browser.
    esbuildPlugin({ ts: true, target: 'auto', tsconfig: './tsconfig.json' }),
    commonjs({ include: /node_modules\/localforage\//, strictRequires: false }),
    browserCommands(media),
  ],
  browsers: await Promise.all(engines.map((engine) => launchers[engine]())),
  // Coverage is V8's (Chromium only).
  coverage: process.env.COVERAGE !== 'false' && engines.includes('chromium'),
  coverageConfig: {
    include: ['src/**/*.ts'],
    reportDir: 'coverage',
    report: true,
  },
  reporters: [defaultReporter(), summaryReporter({ file: process.env.TEST_RESULTS ?? 'test-results.json' })],
};
