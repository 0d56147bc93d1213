/**
 * Runs inside Chromium for team-view-browser.ts: the supervisor's team view with 1,000 paused conversations,
 * React's production build, inside the Paste theme bridge as in Flex. Each timing runs from the call to the
 * page laid out (React 17 renders synchronously in legacy mode; reading a layout value then makes Chromium
 * compute styles and layout too, which a frame would have to do before painting).
 */
import React from 'react';
import ReactDOM from 'react-dom';
import { LeavePauseThemeProvider, TeamPausedView } from '../../src/components';
import { en } from '../../src/strings';
import { createTicker } from '../../src/time';
import { BENCH_NOW, teamViewRecords } from './team-view-records';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function measure(runs: number): Promise<{ mount: number[]; resort: number[] }> {
  const ticker = createTicker({ clock: () => BENCH_NOW, batch: ReactDOM.unstable_batchedUpdates });
  const records = teamViewRecords();
  const root = document.getElementById('root') as HTMLElement;
  const view = (
    <LeavePauseThemeProvider theme={{ isLight: true }}>
      <TeamPausedView
        records={records}
        loading={false}
        actions={{ resumeForAgent: true, returnToQueue: true }}
        onResumeForAgent={async () => undefined}
        onReturnToQueue={async () => undefined}
        strings={en}
        locale="en-US"
        timeZone="UTC"
        ticker={ticker}
      />
    </LeavePauseThemeProvider>
  );
  const mount: number[] = [];
  const resort: number[] = [];
  for (let i = 0; i < runs; i++) {
    let began = performance.now();
    ReactDOM.render(view, root);
    void root.offsetHeight;
    mount.push(performance.now() - began);
    const rows = root.querySelectorAll('tbody tr').length;
    if (rows !== 50) throw new Error(`${rows} rows on the first page, expected 50`);
    await settle();
    const sortByAgent = root.querySelector('button[aria-label="Sort by Agent"]') as HTMLElement;
    began = performance.now();
    sortByAgent.click();
    void root.offsetHeight;
    resort.push(performance.now() - began);
    if (root.querySelector('th[aria-sort="ascending"]')?.textContent?.trim().startsWith('Agent') !== true)
      throw new Error('the click did not sort by agent');
    ReactDOM.unmountComponentAtNode(root);
    await settle();
  }
  ticker.dispose();
  return { mount, resort };
}

(window as unknown as { runTeamViewBench: typeof measure }).runTeamViewBench = measure;
