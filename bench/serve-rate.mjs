#!/usr/bin/env node
// The server's own serving rate, measured by a second client: a Node process
// of its own (so it does not share the server's process), keep-alive
// connections, `parallel` requests in flight, every URL of a list (stdin, one
// per line). Prints {"bytes":...,"ms":...}.
import http from 'node:http';

const parallel = Number(process.argv[2] ?? 8);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const queue = input.split('\n').filter(Boolean);
const agent = new http.Agent({ keepAlive: true, maxSockets: parallel });
const get = (url) =>
  new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        let n = 0;
        res.on('data', (c) => (n += c.length));
        res.on('end', () => resolve(n));
        res.on('error', reject);
      })
      .on('error', reject);
  });
let bytes = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: parallel }, async () => {
    for (let url = queue.shift(); url; url = queue.shift()) {
      const n = await get(url); // not `bytes += await ...`: that reads bytes before the await and loses the others' counts
      bytes += n;
    }
  }),
);
process.stdout.write(JSON.stringify({ bytes, ms: performance.now() - t0 }));
agent.destroy();
