// Small helpers for the project scripts: run a command, say what happens.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export function say(text) {
  process.stdout.write(`\n[offline-player] ${text}\n`);
}

/** Runs a command with inherited output; resolves with its exit code. */
export function run(command, args, { env, cwd, quiet = false } = {}) {
  return new Promise((done) => {
    const child = spawn(command, args, {
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
      env: { ...process.env, ...env },
      cwd,
    });
    let output = '';
    if (quiet) {
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
    }
    child.on('error', (e) => {
      output += String(e);
      done({ code: 127, output });
    });
    child.on('close', (code) => done({ code: code ?? 1, output }));
  });
}

export async function mustRun(command, args, options) {
  const { code, output } = await run(command, args, options);
  if (code !== 0) {
    if (output) process.stdout.write(output);
    throw new Error(`\`${command} ${args.join(' ')}\` failed (exit ${code})`);
  }
  return output;
}

/** A TCP port on loopback that the OS says is free now (each side-by-side test run gets its own). */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
