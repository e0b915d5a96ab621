// Assertions for typed errors: the call must fail, with an OfflineError.
import { expect } from '@open-wc/testing';
import { OfflineError } from '../../src/index.js';

export async function rejects(promise: Promise<unknown>): Promise<OfflineError> {
  let value: unknown;
  try {
    value = await promise;
  } catch (e) {
    expect(e, `expected an OfflineError, got ${String(e)}`).to.be.instanceOf(OfflineError);
    return e as OfflineError;
  }
  expect.fail(`expected a rejection, but the promise resolved with ${JSON.stringify(value)}`);
  throw new Error('unreachable');
}

export function throws(body: () => unknown): OfflineError {
  let value: unknown;
  try {
    value = body();
  } catch (e) {
    expect(e, `expected an OfflineError, got ${String(e)}`).to.be.instanceOf(OfflineError);
    return e as OfflineError;
  }
  expect.fail(`expected a throw, but got ${JSON.stringify(value)}`);
  throw new Error('unreachable');
}
