#!/usr/bin/env node
// Serves the demo, the built bundles, the media fixtures and the license
// server on loopback, and prints the URL. Usage: node server/start.mjs [--port N]
import { createMediaServer } from './media-server.mjs';

const arg = (name) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const wanted = Number(arg('--port') ?? process.env.PORT ?? 8000);
const media = createMediaServer();

async function start() {
  for (let port = wanted; port < wanted + 20; port += 1) {
    try {
      return await media.listen({ port });
    } catch (e) {
      if (e.code !== 'EADDRINUSE') throw e;
    }
  }
  return media.listen({ port: 0 });
}

const { url } = await start();
console.log(`\n  offline-player demo: ${url}demo/\n  (media under ${url}fixtures/, ClearKey licences at ${url}license/clearkey)\n  Ctrl+C to stop.\n`);
