// Browser-side wrappers around the test runner's server commands
// (test/support/commands.mjs): the network cut, CDP calls.
import { executeServerCommand } from '@web/test-runner-commands';

/**
 * Cuts the network for the media server's paths (fixtures, licences, scoped
 * paths) in this browser page: requests to them fail and navigator.onLine is
 * false, with the `offline` event. The runner's own connection stays up.
 */
export async function cutNetwork(): Promise<void> {
  await executeServerCommand('network', { offline: true });
}

export async function restoreNetwork(): Promise<void> {
  await executeServerCommand('network', { offline: false });
}

/** Runs `body` with the network cut, restoring it afterwards whatever happens. */
export async function withNetworkCut<T>(body: () => Promise<T>): Promise<T> {
  await cutNetwork();
  try {
    return await body();
  } finally {
    await restoreNetwork();
  }
}

export function cdp<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<T> {
  return executeServerCommand('cdp', { method, params }) as Promise<T>;
}
