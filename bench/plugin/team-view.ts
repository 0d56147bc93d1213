/**
 * Team view (issue 18 part 4): how long the supervisor's team view takes to render with 1,000 paused
 * conversations across 50 agents, in jsdom, with React's production build. For comparison only: the issue's
 * target is Chromium (team-view-browser.ts, what `npm run bench` holds to the target). jsdom implements the DOM
 * in JavaScript (every node and attribute set costs far more than in a browser) and computes no layout, so its
 * figure is neither the browser's nor a bound on it; on this shared 2-core machine it also varies with load.
 * Two timings, each from the call to the DOM being complete (React renders synchronously in legacy mode):
 * - mount: the whole view (theme provider, filters, a page of 50 rows with their countdown badges);
 * - re-sort: a click on a column's sort button (1,000 rows sorted again, the page re-rendered).
 *
 *   npx tsx bench/plugin/team-view.ts
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

import { JSDOM } from 'jsdom';
import { AGENTS, BENCH_NOW, figures, ROWS, TARGET_MS, teamViewRecords } from './team-view-records';

const WARM_UP = 5;
const MEASURED = 30;
export { TARGET_MS };

function installDom(): () => void {
  const dom = new JSDOM('<!doctype html><html><head></head><body><div id="root"></div></body></html>', {
    pretendToBeVisual: true,
  });
  const globals = globalThis as Record<string, unknown>;
  const names = [
    'window',
    'document',
    'navigator',
    'Element',
    'HTMLElement',
    'ShadowRoot',
    'Node',
    'Event',
    'MouseEvent',
    'getComputedStyle',
    'requestAnimationFrame',
  ];
  const saved = new Map(names.map((name) => [name, globals[name]]));
  for (const name of names) {
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

export interface TeamViewFigures {
  mount: { medianMs: number; p95Ms: number };
  resort: { medianMs: number; p95Ms: number };
}

export async function measureTeamView(): Promise<TeamViewFigures> {
  process.env.NODE_ENV = 'production';
  const restore = installDom();
  try {
    const React = await import('react');
    const messageChannel = Object.getOwnPropertyDescriptor(globalThis, 'MessageChannel');
    delete (globalThis as { MessageChannel?: unknown }).MessageChannel;
    const ReactDOM = await import('react-dom');
    if (messageChannel) Object.defineProperty(globalThis, 'MessageChannel', messageChannel);
    const { LeavePauseThemeProvider, TeamPausedView } = await import('../../src/components');
    const { createTicker } = await import('../../src/time');
    const { en } = await import('../../src/strings');

    const now = BENCH_NOW;
    const ticker = createTicker({ clock: () => now, batch: ReactDOM.unstable_batchedUpdates });
    const records = teamViewRecords(now);
    const root = document.getElementById('root') as Element;
    const view = () =>
      React.createElement(
        LeavePauseThemeProvider,
        { theme: { isLight: true } },
        React.createElement(TeamPausedView, {
          records,
          loading: false,
          actions: { resumeForAgent: true, returnToQueue: true },
          onResumeForAgent: async () => undefined,
          onReturnToQueue: async () => undefined,
          strings: en,
          locale: 'en-US',
          timeZone: 'UTC',
          ticker,
        }),
      );

    const mount: number[] = [];
    const resort: number[] = [];
    for (let i = 0; i < WARM_UP + MEASURED; i++) {
      let began = performance.now();
      ReactDOM.render(view(), root);
      const mounted = performance.now() - began;
      const rows = root.querySelectorAll('tbody tr').length;
      if (rows !== 50) throw new Error(`${rows} rows on the first page, expected 50`);
      const sortByAgent = root.querySelector('button[aria-label="Sort by Agent"]') as HTMLElement;
      began = performance.now();
      sortByAgent.click();
      const sorted = performance.now() - began;
      if (root.querySelector('th[aria-sort="ascending"]')?.textContent?.trim().startsWith('Agent') !== true)
        throw new Error('the click did not sort by agent');
      ReactDOM.unmountComponentAtNode(root);
      if (i >= WARM_UP) {
        mount.push(mounted);
        resort.push(sorted);
      }
    }
    ticker.dispose();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { mount: figures(mount), resort: figures(resort) };
  } finally {
    restore();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureTeamView()
    .then(({ mount, resort }) => {
      for (const [name, f] of [
        ['mount', mount],
        ['re-sort', resort],
      ] as const) {
        const verdict = f.p95Ms < TARGET_MS ? '' : ' MISSED';
        console.log(
          `team view ${name}, ${ROWS} paused conversations / ${AGENTS} agents (jsdom): median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms (target p95 < ${TARGET_MS} ms)${verdict}`,
        );
      }
    })
    .catch((error) => {
      console.error(error);
      process.exitCode = 1;
    });
}
