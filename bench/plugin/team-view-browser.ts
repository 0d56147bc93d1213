/**
 * Team view (issue 18 part 4) in Chromium, the target: the view's render with 1,000 paused
 * conversations across 50 agents (mount, a page of 50 rows) and a re-sort by a column, each timed to the page
 * laid out, with React's production build (team-view-page.tsx).
 *
 *   npx tsx bench/plugin/team-view-browser.ts
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withBenchPage } from './bench-page';
import { figures, TARGET_MS } from './team-view-records';
import type { TeamViewFigures } from './team-view';

export { TARGET_MS };

const WARM_UP = 5;
const MEASURED = 40;

export async function measureTeamViewInBrowser(): Promise<TeamViewFigures> {
  return withBenchPage(path.join(__dirname, 'team-view-page.tsx'), async (page) => {
    const samples = await page.evaluate(
      (runs) =>
        (
          window as unknown as {
            runTeamViewBench: (runs: number) => Promise<{ mount: number[]; resort: number[] }>;
          }
        ).runTeamViewBench(runs),
      WARM_UP + MEASURED,
    );
    return { mount: figures(samples.mount.slice(WARM_UP)), resort: figures(samples.resort.slice(WARM_UP)) };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureTeamViewInBrowser()
    .then(({ mount, resort }) => {
      for (const [name, f] of [
        ['render', mount],
        ['re-sort', resort],
      ] as const) {
        console.log(
          `team view ${name}, 1,000 paused conversations / 50 agents (Chromium): median ${f.medianMs.toFixed(1)} ms, p95 ${f.p95Ms.toFixed(1)} ms (target p95 < ${TARGET_MS} ms)${f.p95Ms < TARGET_MS ? '' : ' MISSED'}`,
        );
      }
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
