#!/usr/bin/env node
// `npm start`: installs what is missing, builds, then serves the demo with its
// media and license server on loopback and prints the URL.
import { ensureBuild, ensureDependencies } from './lib/ensure.mjs';
import { say } from './lib/run.mjs';

try {
  await ensureDependencies();
  await ensureBuild();
} catch (e) {
  say(`Could not start: ${e.message}`);
  process.exit(1);
}
await import('../server/start.mjs');
