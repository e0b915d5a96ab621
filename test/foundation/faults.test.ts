// Every kind of fault the server injects is observed by a real client
// (fetch in Chromium): delayed, throttled, failing and cut-off responses.
import { expect } from '@open-wc/testing';
import { newScope, scoped, serverState, setFaults } from '../support/media.js';

const SEGMENT = '/fixtures/media/clear/dash/video-360/1.m4s';

async function size(path: string): Promise<number> {
  const response = await fetch(path, { method: 'HEAD', cache: 'no-store' });
  return Number(response.headers.get('content-length'));
}

describe('fault injection (observed by fetch in Chromium)', () => {
  it('added latency delays the response by at least the latency', async () => {
    const scope = newScope('latency');
    await setFaults(scope, [{ match: '\\.m4s$', latencyMs: 600 }]);
    const started = performance.now();
    const response = await fetch(scoped(scope, SEGMENT), { cache: 'no-store' });
    await response.arrayBuffer();
    expect(performance.now() - started).to.be.at.least(590);
    const { log } = await serverState(scope);
    expect(log[0].effects.latencyMs).to.equal(600);
  });

  it('a per-request fault from the query string works too', async () => {
    const started = performance.now();
    const response = await fetch(`${SEGMENT}?__latency=400&__status=502`, { cache: 'no-store' });
    expect(response.status).to.equal(502);
    expect(performance.now() - started).to.be.at.least(390);
  });

  it('throttling makes the body arrive in pieces over time', async () => {
    const scope = newScope('throttle');
    const bytes = await size(SEGMENT);
    const bytesPerSecond = Math.ceil(bytes / 1.5); // about 1.5 s for the body
    await setFaults(scope, [{ match: '\\.m4s$', bytesPerSecond }]);
    const started = performance.now();
    const response = await fetch(scoped(scope, SEGMENT), { cache: 'no-store' });
    const reader = response.body!.getReader();
    let received = 0;
    let reads = 0;
    let halfAt = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.byteLength;
      reads += 1;
      if (!halfAt && received >= bytes / 2) halfAt = performance.now() - started;
    }
    const total = performance.now() - started;
    expect(received).to.equal(bytes);
    expect(reads).to.be.greaterThan(3);
    expect(total).to.be.at.least(1200);
    expect(halfAt).to.be.lessThan(total - 300, 'the first half arrived well before the end');
  });

  it('an HTTP error on the n-th matching request', async () => {
    const scope = newScope('nth');
    await setFaults(scope, [{ match: '\\.m4s$', nth: 3, status: 503 }]);
    const statuses = [];
    for (const n of [1, 2, 3, 4, 5]) {
      const response = await fetch(scoped(scope, `/fixtures/media/clear/dash/video-360/${n}.m4s`), { cache: 'no-store' });
      statuses.push(response.status);
      await response.arrayBuffer();
    }
    expect(statuses).to.deep.equal([200, 200, 503, 200, 200]);
  });

  it('a connection dropped in the middle of the body makes the read fail', async () => {
    const scope = newScope('drop');
    const bytes = await size(SEGMENT);
    await setFaults(scope, [{ match: '\\.m4s$', dropAtFraction: 0.5, times: 1 }]);
    const response = await fetch(scoped(scope, SEGMENT), { cache: 'no-store' });
    expect(response.status).to.equal(200);
    let error: unknown;
    try {
      await response.arrayBuffer();
    } catch (e) {
      error = e;
    }
    expect(error, 'reading the cut body rejects').to.be.instanceOf(TypeError);
    const again = await fetch(scoped(scope, SEGMENT), { cache: 'no-store' });
    expect((await again.arrayBuffer()).byteLength, 'the rule applied once').to.equal(bytes);
    const { log } = await serverState(scope);
    expect(log[0].dropped).to.be.true;
    expect(log[0].bytes).to.equal(Math.floor(bytes / 2));
    expect(log[1].dropped).to.be.false;
  });

  it('range requests return exactly the asked bytes', async () => {
    const whole = new Uint8Array(await (await fetch(SEGMENT, { cache: 'no-store' })).arrayBuffer());
    const response = await fetch(SEGMENT, { cache: 'no-store', headers: { Range: 'bytes=100-199' } });
    expect(response.status).to.equal(206);
    const part = new Uint8Array(await response.arrayBuffer());
    expect(Array.from(part)).to.deep.equal(Array.from(whole.subarray(100, 200)));
  });
});
