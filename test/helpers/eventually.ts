/**
 * Waiting in a test for something another process does (a sweep, a webhook delivery): polls
 * `check` until it holds, and fails the test, naming `what`, after `timeoutMs`.
 */
import assert from 'node:assert/strict';

export async function eventually(
  check: () => boolean,
  what: string,
  { timeoutMs = 30_000, everyMs = 100 }: { timeoutMs?: number; everyMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
