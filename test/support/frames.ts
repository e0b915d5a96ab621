// Same-origin iframes as separate pages: each has its own JavaScript realm and
// its own copy of the library; removing one really interrupts its scripts,
// like closing a tab.
import type * as Api from '../../src/index.js';
import type { ShakaDb } from '../../src/service/databases/shaka-db.js';
import type { isShakaLoaded } from '../../src/service/shaka/shaka.js';

export type FrameApi = typeof Api & { ShakaDb: typeof ShakaDb; isShakaLoaded: typeof isShakaLoaded };

export interface TestFrame {
  frame: HTMLIFrameElement;
  api: FrameApi;
  window: Window & { offline: FrameApi };
  remove(): void;
}

let count = 0;

async function ready(frame: HTMLIFrameElement): Promise<FrameApi> {
  for (let i = 0; i < 400; i++) {
    const w = frame.contentWindow as (Window & { offline?: FrameApi }) | null;
    if (w?.offline && w.document.documentElement.dataset.ready === 'true') return w.offline;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the test frame did not load the library');
}

export async function openFrame(src = '/test/support/frame.html'): Promise<TestFrame> {
  const frame = document.createElement('iframe');
  frame.src = `${src}${src.includes('?') ? '&' : '?'}n=${++count}`;
  frame.style.cssText = 'width: 320px; height: 200px; border: 0';
  document.body.append(frame);
  const api = await ready(frame);
  return { frame, api, window: frame.contentWindow as Window & { offline: FrameApi }, remove: () => frame.remove() };
}

/** Reloads the frame's page and waits for the library again. */
export async function reloadFrame(test: TestFrame): Promise<TestFrame> {
  const loaded = new Promise((r) => test.frame.addEventListener('load', r, { once: true }));
  test.window.location.reload();
  await loaded;
  const api = await ready(test.frame);
  return { ...test, api, window: test.frame.contentWindow as Window & { offline: FrameApi } };
}

/** A separate top-level page (a tab), e.g. on another origin with its own storage and quota. */
export interface RemotePage {
  origin: string;
  /** Runs `fn(api, ...args)` in the page; resolves with its (JSON-able) result. */
  call<T>(fn: (api: FrameApi, ...args: never[]) => T | Promise<T>, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function openRemotePage(origin: string): Promise<RemotePage> {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  const { id } = (await executeServerCommand('open-page', { url: `${origin}/test/support/frame.html` })) as { id: number };
  return {
    origin,
    async call(fn, ...args) {
      const result = (await executeServerCommand('page-call', { id, fn: fn.toString(), args })) as { value?: unknown; error?: { message: string } };
      if (result.error) throw new Error(result.error.message);
      return result.value as never;
    },
    async close() {
      await executeServerCommand('close-page', { id });
    },
  };
}
