/**
 * Cost of one ticker tick with 500 countdown badges mounted: the worst case, where every badge's text
 * changes on the tick (all inside the last minutes, counting seconds). Runs React DOM in jsdom.
 *
 *   npx tsx bench/plugin/badge-tick.ts
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { JSDOM } from 'jsdom';

const BADGES = 500;
const WARM_UP_TICKS = 10;
const MEASURED_TICKS = 50;
export const TARGET_MS = 4;

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)];
}

function installDom(): () => void {
  const dom = new JSDOM('<!doctype html><html><head></head><body><div id="root"></div></body></html>', {
    pretendToBeVisual: true,
  });
  const globals = globalThis as Record<string, unknown>;
  // Element, ShadowRoot and getComputedStyle: Paste's Tooltip positions itself with popper.js, which uses them.
  const names = [
    'window',
    'document',
    'navigator',
    'Element',
    'HTMLElement',
    'ShadowRoot',
    'Node',
    'Event',
    'getComputedStyle',
    'requestAnimationFrame',
  ];
  const saved = new Map(names.map((name) => [name, globals[name]]));
  for (const name of names) {
    // navigator is a getter-only global in recent Node versions.
    Object.defineProperty(globalThis, name, {
      configurable: true,
      writable: true,
      value: (dom.window as unknown as Record<string, unknown>)[name],
    });
  }
  return () => {
    for (const [name, value] of saved) {
      Object.defineProperty(globalThis, name, { configurable: true, writable: true, value });
    }
    dom.window.close();
  };
}

export async function measureBadgeTick(): Promise<{ medianMs: number; p95Ms: number }> {
  // Flex runs React's production build; the development build's checks would dominate the figure.
  process.env.NODE_ENV = 'production';
  const restore = installDom();
  try {
    // Imported only now: React DOM looks for `document` when it loads.
    const React = await import('react');
    // React's scheduler prefers a MessageChannel, whose port keeps Node alive after the measurement; with
    // none at load time it falls back to setTimeout.
    const messageChannel = Object.getOwnPropertyDescriptor(globalThis, 'MessageChannel');
    delete (globalThis as { MessageChannel?: unknown }).MessageChannel;
    const ReactDOM = await import('react-dom');
    if (messageChannel) Object.defineProperty(globalThis, 'MessageChannel', messageChannel);
    const { LeavePauseThemeProvider, LivePauseCountdownBadge } = await import('../../src/components');
    const { createTicker } = await import('../../src/time');
    const { en } = await import('../../src/strings');
    const { countdown } = await import('../../src/time/countdown');
    const { countdownLabel } = await import('../../src/time/format');

    const start = Date.parse('2030-01-01T00:00:00.000Z');
    let clock = start;
    const ticker = createTicker({ clock: () => clock, batch: ReactDOM.unstable_batchedUpdates });
    const deadlines = Array.from(
      { length: BADGES },
      (_, i) => new Date(start + 4 * 60_000 + (i % 50) * 1000),
    );
    const root = document.getElementById('root');
    ReactDOM.render(
      React.createElement(
        LeavePauseThemeProvider,
        { theme: { isLight: true } },
        deadlines.map((deadline, i) =>
          React.createElement(LivePauseCountdownBadge, {
            key: i,
            reassignAt: deadline,
            strings: en,
            locale: 'en-US',
            timeZone: 'UTC',
            ticker,
          }),
        ),
      ),
      root,
    );
    // Legacy-mode React runs effects (where badges subscribe) after a macrotask.
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (ticker.size() !== 2 * BADGES) throw new Error(`${ticker.size()} subscriptions for ${BADGES} badges`);

    const samples: number[] = [];
    for (let i = 0; i < WARM_UP_TICKS + MEASURED_TICKS; i++) {
      clock += 1000;
      const began = performance.now();
      ticker.tick();
      const took = performance.now() - began;
      if (i >= WARM_UP_TICKS) samples.push(took);
    }
    // The first badge's deadline is 4 min after the start; the clock moved one second per tick.
    const expected = countdownLabel(countdown(deadlines[0].getTime(), clock), en);
    const firstText = root?.querySelector('[data-paste-element="LEAVE_PAUSE_COUNTDOWN_BADGE"]')?.textContent;
    if (firstText !== expected) {
      throw new Error(`badges did not update: first badge reads "${firstText}", expected "${expected}"`);
    }
    ReactDOM.unmountComponentAtNode(root as Element);
    ticker.dispose();
    // Let React's scheduled cleanup run while the DOM globals still exist.
    await new Promise((resolve) => setTimeout(resolve, 50));

    samples.sort((a, b) => a - b);
    return { medianMs: percentile(samples, 50), p95Ms: percentile(samples, 95) };
  } finally {
    restore();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureBadgeTick()
    .then(({ medianMs, p95Ms }) => {
      const verdict = medianMs < TARGET_MS ? '' : ' MISSED';
      console.log(
        `badge tick with ${BADGES} badges: median ${medianMs.toFixed(2)} ms, p95 ${p95Ms.toFixed(2)} ms (target < ${TARGET_MS} ms)${verdict}`,
      );
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
