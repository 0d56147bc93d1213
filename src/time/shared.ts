import { unstable_batchedUpdates } from 'react-dom';

import { createTicker, type Ticker } from './ticker';

let shared: Ticker | undefined;

/**
 * The page-wide ticker every connected badge and the reminders use. Created on first use so that merely
 * importing the plugin starts no timer and adds no listener.
 */
export function getSharedTicker(): Ticker {
  if (!shared) {
    shared = createTicker({
      // React 17 renders each setState outside its own event handlers synchronously; batching turns
      // 500 badge updates into one render pass.
      batch: unstable_batchedUpdates,
      // Undefined outside a browser (a Node tool importing the plugin's modules), where nothing pauses it.
      document: globalThis.document,
    });
  }
  return shared;
}

/** Feeds the server clock offset (ms to add to Date.now()) into the shared ticker. */
export function setServerTimeOffsetProvider(offsetMs: () => number): void {
  getSharedTicker().setOffsetProvider(offsetMs);
}

/** Drops the shared ticker (tests, plugin teardown); the next use creates a fresh one. */
export function resetSharedTicker(): void {
  shared?.dispose();
  shared = undefined;
}
