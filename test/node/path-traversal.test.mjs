// The standalone server (`npm start`) must serve its public folders and
// nothing else, however the path is spelled, and only fixtures and licences
// may be read by other origins. Requests go over raw sockets: fetch() would
// normalise the very paths under test.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMediaServer, PROJECT_ROOT } from '../../server/media-server.mjs';

const SECRET = 'SECRET-MARKER';

/** One raw HTTP/1.1 request; resolves with { status, headers, body }. */
function raw(port, target, { method = 'GET', bytes = null } = {}) {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(bytes ?? Buffer.from(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`, 'latin1'));
  });
}

// A scratch project: the served folders, and secrets next to and outside them.
let dir;
let root;
let server;
let port;
let projectServer;
let projectPort;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'traversal-'));
  root = join(dir, 'root');
  for (const sub of ['fixtures/media', 'demo', 'dist', '.git', 'src']) mkdirSync(join(root, sub), { recursive: true });
  copyFileSync(join(PROJECT_ROOT, 'fixtures', 'keys.json'), join(root, 'fixtures', 'keys.json'));
  writeFileSync(join(root, 'fixtures', 'media', 'a.txt'), 'fixture');
  writeFileSync(join(root, 'demo', 'index.html'), '<!doctype html>demo');
  writeFileSync(join(root, 'dist', 'x.js'), 'export {};');
  writeFileSync(join(root, 'README.md'), '# readme');
  writeFileSync(join(root, 'custom-elements.json'), '{}');
  writeFileSync(join(root, 'package.json'), `{"name":"${SECRET}"}`);
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(root, '.git', 'config'), `[core] ${SECRET}`);
  writeFileSync(join(root, 'src', 'index.ts'), `// ${SECRET}`);
  writeFileSync(join(dir, 'outside.txt'), SECRET);
  // Symlinks from a served folder to what is not served.
  symlinkSync(join(root, 'secret.txt'), join(root, 'demo', 'link.txt'));
  symlinkSync(dir, join(root, 'fixtures', 'escape'));
  ({ server } = await createMediaServer({ root }).listen({ port: 0 }));
  port = server.address().port;
  ({ server: projectServer } = await createMediaServer().listen({ port: 0 }));
  projectPort = projectServer.address().port;
});
after(() => {
  server.close();
  projectServer.close();
  rmSync(dir, { recursive: true, force: true });
});

const PROBES = [
  // Encoded slashes (the reported holes).
  '/fixtures/..%2fsecret.txt',
  '/fixtures/..%2fpackage.json',
  '/demo/..%2f.git%2fconfig',
  '/dist/..%2fsrc%2findex.ts',
  '/fixtures%2f..%2fsecret.txt',
  '/fixtures/media/..%2f..%2f..%2foutside.txt',
  // Encoded dots.
  '/fixtures/%2e%2e/secret.txt',
  '/fixtures/.%2e/secret.txt',
  '/fixtures/%2e%2e%2fsecret.txt',
  '/fixtures/media/%2e%2e/%2e%2e/%2e%2e/outside.txt',
  // Double encoding.
  '/fixtures/%252e%252e/secret.txt',
  '/fixtures/%252e%252e%252fsecret.txt',
  '/fixtures/..%252fsecret.txt',
  '/fixtures/%25%32%65%25%32%65%25%32%66secret.txt',
  // Backslashes, raw and encoded.
  '/fixtures\\..\\secret.txt',
  '/fixtures/..\\secret.txt',
  '/fixtures/..%5csecret.txt',
  '/fixtures/%5c..%5c..%5coutside.txt',
  // Path parameters (`..;/`).
  '/fixtures/..;/secret.txt',
  '/demo/..;/.git/config',
  '/fixtures/;/../secret.txt',
  // Absolute paths and absolute-form targets.
  '/etc/passwd',
  '//etc/passwd',
  '/fixtures//etc/passwd',
  '/fixtures/%2fetc%2fpasswd',
  '/fixtures/..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd',
  'http://127.0.0.1/../secret.txt',
  '/secret.txt',
  '/package.json',
  '/.git/config',
  '/src/index.ts',
  // Null bytes.
  '/fixtures/keys.json%00',
  '/fixtures/keys.json%00.png',
  '/fixtures/%00/../secret.txt',
  // Overlong UTF-8 dots and slashes.
  '/fixtures/%c0%ae%c0%ae/secret.txt',
  '/fixtures/..%c0%afsecret.txt',
  // Mixed case.
  '/fixtures/..%2F..%2Foutside.txt',
  '/fixtures/%2E%2e/%2e%2E/outside.txt',
  '/fixtures/..%5Csecret.txt',
  '/FIXTURES/keys.json',
  '/Demo/index.html',
  // Symlinks out of a served folder.
  '/demo/link.txt',
  '/fixtures/escape/outside.txt',
  // Through the scope prefix and the control API.
  '/t/x/..%2f..%2fsecret.txt',
  '/t/..%2f/secret.txt',
  '/t/x/fixtures/..%2f..%2fsecret.txt',
  '/__control/..%2f..%2fsecret.txt',
];

test('every traversal probe is refused (400 or 404) and reads nothing outside the served folders', async () => {
  const results = [];
  for (const probe of PROBES) {
    const { status, body } = await raw(port, probe);
    results.push({ probe, status, leaked: body.includes(SECRET) });
  }
  const wrong = results.filter((r) => (r.status !== 400 && r.status !== 404) || r.leaked);
  assert.deepEqual(wrong, [], `probes not refused:\n${wrong.map((r) => `  ${r.probe} -> ${r.status}${r.leaked ? ' (LEAKED)' : ''}`).join('\n')}`);
});

test('a raw NUL byte or a malformed request line is refused', async () => {
  const nul = await raw(port, '', { bytes: Buffer.from('GET /fixtures/keys.json\0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'latin1') });
  assert.equal(nul.status, 400);
  assert.ok(!nul.body.includes(SECRET));
});

test('the reported holes are closed on the real project too', async () => {
  for (const probe of ['/fixtures/..%2fpackage.json', '/demo/..%2f.git%2fconfig', '/dist/..%2fpackage.json', '/demo/..%2fREADME.md']) {
    const { status, headers } = await raw(projectPort, probe);
    assert.ok(status === 400 || status === 404, `${probe} -> ${status}`);
    assert.equal(headers['access-control-allow-origin'], undefined, probe);
  }
});

test('the served folders still answer; CORS only on fixtures and licences', async () => {
  const fixture = await raw(port, '/fixtures/media/a.txt');
  assert.equal(fixture.status, 200);
  assert.equal(fixture.body, 'fixture');
  assert.equal(fixture.headers['access-control-allow-origin'], '*');
  const scoped = await raw(port, '/t/s1/fixtures/keys.json');
  assert.equal(scoped.status, 200);
  assert.equal(scoped.headers['access-control-allow-origin'], '*');
  const licence = await raw(port, '/license/clearkey', { method: 'OPTIONS' });
  assert.equal(licence.status, 204);
  assert.equal(licence.headers['access-control-allow-origin'], '*');
  for (const path of ['/demo/', '/demo/index.html', '/dist/x.js', '/README.md', '/custom-elements.json']) {
    const { status, headers } = await raw(port, path);
    assert.equal(status, 200, path);
    assert.equal(headers['access-control-allow-origin'], undefined, `no CORS on ${path}`);
  }
  for (const path of ['/nope', '/fixtures/..%2fsecret.txt', '/__control/state']) {
    const { headers } = await raw(port, path);
    assert.equal(headers['access-control-allow-origin'], undefined, `no CORS on ${path}`);
  }
});
