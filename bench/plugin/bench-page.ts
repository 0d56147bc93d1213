/**
 * A bench page in Chromium: the page's entry bundled for production (esbuild, minified, as a plugin build would
 * ship it), loaded into an empty document with a `#root`, handed to `run`, and the browser closed after. Shared
 * by the badge tick and the team view benches.
 */
import { build } from 'esbuild';
import { launchBrowser } from '../../sandbox/e2e/browser';

type BenchPage = Awaited<ReturnType<Awaited<ReturnType<typeof launchBrowser>>['newPage']>>;

export async function withBenchPage<T>(entry: string, run: (page: BenchPage) => Promise<T>): Promise<T> {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
    await page.addScriptTag({ content: bundle.outputFiles[0].text });
    return await run(page);
  } finally {
    await browser.close();
  }
}
