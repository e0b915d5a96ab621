// Tests run in Debian's Chromium (headless), against the project's own media
// server (fixtures, ClearKey license server, fault injection) mounted as
// middleware, with real IndexedDB and real Shaka.
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import rollupCommonjs from '@rollup/plugin-commonjs';
import { createMediaServer } from './server/media-server.mjs';
import { shakaEsm } from './scripts/lib/shaka-esm-plugin.mjs';
import { CHROMIUM_ARGS, chromiumPath } from './test/support/chromium.mjs';
import { browserCommands } from './test/support/commands.mjs';
import { summaryReporter } from './test/support/summary-reporter.mjs';

const executablePath = chromiumPath();
if (!executablePath) {
  throw new Error('Chromium was not found: run `node scripts/ensure-chromium.mjs` (or set CHROME_PATH).');
}
const commonjs = fromRollup(rollupCommonjs);
const shakaAsModule = fromRollup(shakaEsm);
const media = createMediaServer();

// `npm run soak` runs the operation storm longer (scripts/soak.mjs sets these).
const storm = process.env.STORM_OPS
  ? { ops: Number(process.env.STORM_OPS), seeds: (process.env.STORM_SEEDS ?? '1').split(',').map(Number) }
  : null;

export default {
  files: ['test/**/*.test.ts'],
  testRunnerHtml: (testFramework) =>
    `<html><body>${storm ? `<script>window.__STORM__ = ${JSON.stringify(storm)};</script>` : ''}<script type="module" src="${testFramework}"></script></body></html>`,
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
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath, headless: true, args: CHROMIUM_ARGS },
    }),
  ],
  coverage: process.env.COVERAGE !== 'false',
  coverageConfig: {
    include: ['src/**/*.ts'],
    reportDir: 'coverage',
    report: true,
  },
  reporters: [defaultReporter(), summaryReporter({ file: 'test-results.json' })],
};
