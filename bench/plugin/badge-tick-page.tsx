/**
 * Runs inside Chromium for badge-tick-browser.ts: 500 connected badges on one ticker, the clock stepped and
 * the tick timed with performance.now(). React 17 renders the batched updates synchronously inside tick().
 */
import React from 'react';
import ReactDOM from 'react-dom';
import { LeavePauseThemeProvider, LivePauseCountdownBadge } from '../../src/components';
import { en } from '../../src/strings';
import { createTicker } from '../../src/time';

const BADGES = 500;

async function measure(scenario: 'all-change' | 'typical', ticks: number): Promise<number[]> {
  const start = Date.parse('2030-01-01T00:00:00.000Z');
  let clock = start;
  const ticker = createTicker({ clock: () => clock, batch: ReactDOM.unstable_batchedUpdates });
  // all-change: every badge counts seconds, so every tick re-renders all 500 (the worst case).
  // typical: deadlines spread over 14 days, a tick a minute later changes only the badges whose text did.
  const deadlines = Array.from({ length: BADGES }, (_, i) =>
    scenario === 'all-change'
      ? new Date(start + 4 * 60_000 + (i % 50) * 1000)
      : new Date(start + ((i + 1) / BADGES) * 14 * 86_400_000),
  );
  const root = document.getElementById('root') as HTMLElement;
  ReactDOM.render(
    // Inside the Paste theme bridge, as in Flex.
    <LeavePauseThemeProvider theme={{ isLight: true }}>
      {deadlines.map((deadline, i) => (
        <LivePauseCountdownBadge
          key={i}
          reassignAt={deadline}
          strings={en}
          locale="en-US"
          timeZone="UTC"
          ticker={ticker}
        />
      ))}
    </LeavePauseThemeProvider>,
    root,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Two subscriptions a badge: its ticking text, and its look (which also drives its announcer).
  if (ticker.size() !== 2 * BADGES) throw new Error(`${ticker.size()} subscriptions for ${BADGES} badges`);
  const samples: number[] = [];
  for (let i = 0; i < ticks; i++) {
    clock += scenario === 'all-change' ? 1000 : 60_000;
    const began = performance.now();
    ticker.tick();
    samples.push(performance.now() - began);
  }
  ReactDOM.unmountComponentAtNode(root);
  ticker.dispose();
  return samples;
}

(window as unknown as { runBadgeBench: typeof measure }).runBadgeBench = measure;
