/**
 * One ticker tick with 500 paused-task badges, timed in Debian's Chromium (what an agent's browser does),
 * with React's production build: the worst case (all 500 change) and a typical minute tick.
 *
 *   npx tsx bench/plugin/badge-tick-browser.ts
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { withBenchPage } from './bench-page';

const WARM_UP = 10;
const MEASURED = 200;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface TickFigures {
  medianMs: number;
  p95Ms: number;
}

export async function measureBadgeTickInBrowser(): Promise<{ allChange: TickFigures; typical: TickFigures }> {
  return withBenchPage(path.join(__dirname, 'badge-tick-page.tsx'), async (page) => {
    const run = async (scenario: 'all-change' | 'typical'): Promise<TickFigures> => {
      const samples = await page.evaluate(
        ([name, ticks]) =>
          (window as unknown as { runBadgeBench: (s: string, t: number) => Promise<number[]> }).runBadgeBench(
            name,
            ticks,
          ),
        [scenario, WARM_UP + MEASURED] as const,
      );
      const measured = samples.slice(WARM_UP).sort((a, b) => a - b);
      return { medianMs: percentile(measured, 50), p95Ms: percentile(measured, 95) };
    };
    return { allChange: await run('all-change'), typical: await run('typical') };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureBadgeTickInBrowser()
    .then(({ allChange, typical }) => {
      console.log(
        `badge tick, 500 badges, all change (Chromium): median ${allChange.medianMs.toFixed(2)} ms, p95 ${allChange.p95Ms.toFixed(2)} ms`,
      );
      console.log(
        `badge tick, 500 badges, typical minute (Chromium): median ${typical.medianMs.toFixed(2)} ms, p95 ${typical.p95Ms.toFixed(2)} ms`,
      );
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
