/**
 * Runs the built plugin bundle as Flex would, in a jsdom page with React's and ReactDOM's own browser builds
 * (Flex's externals): loads it, lets it register its plugin class with `Twilio.Flex.Plugins.init`, calls the
 * plugin's `init` with a stand-in for Flex and a Spanish-speaking agent's manager, and renders the task
 * list's Paused work section for one paused conversation inside the plugin's own theme bridge. The bundle is
 * what webpack, Babel, Terser and the build-time trims made of src/: jest and the sandbox run src/ itself,
 * so this is the one check that the shipped file works (`npm run bench -- --only bundle` runs it; alone:
 * `npx tsx bench/plugin/bundle-smoke.ts [bundle]` after `npm run build`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { JSDOM } from 'jsdom';

import { PLUGIN_BUNDLE } from './bundle-size';

const require = createRequire(import.meta.url);

type Added = { element: unknown; options?: unknown };
/** The page's global object, as the bundle sees it: Flex's globals are set on it by name. */
type Page = Record<string, unknown> & {
  eval(code: string): unknown;
  document: Document;
  console: Console;
  close(): void;
};

/** What the bundle rendered for the agent, for the bench to show and check. */
export interface SmokeResult {
  /** Text of the task list's Paused work section (the countdown: date-fns's formatDuration in Spanish). */
  pausedSection: string;
  /** Text of the Paused work view (its table's dates: PPp from date-fns's trimmed Spanish locale). */
  pausedView: string;
  /** Components the plugin added to Flex, by place. */
  added: Record<string, number>;
}

export async function runBundle(bundlePath: string): Promise<SmokeResult> {
  const dom = new JSDOM('<!doctype html><html><body><div id="root"></div></body></html>', {
    runScripts: 'outside-only',
    url: 'https://flex.twilio.com/',
  });
  const window = dom.window as unknown as Page;
  try {
    for (const file of ['react/umd/react.production.min.js', 'react-dom/umd/react-dom.production.min.js']) {
      window.eval(readFileSync(require.resolve(file), 'utf8'));
    }
    let pluginClass: (new () => { init(flex: unknown, manager: unknown): void }) | undefined;
    window.Twilio = { Flex: { Plugins: { init: (plugin: typeof pluginClass) => (pluginClass = plugin) } } };
    const now = Date.now();
    const paused = {
      taskSid: 'WT1',
      channelSid: 'UO1',
      conversationSid: 'CH1',
      customer: 'Ana García',
      channel: 'chat',
      pausedAt: new Date(now - 60_000).toISOString(),
      reassignAt: new Date(now + 2 * 3600_000 + 5 * 60_000).toISOString(),
    };
    window.fetch = async (url: string) => ({
      ok: true,
      status: 200,
      json: async () => ({ ok: true, serverTime: new Date(now).toISOString(), paused: [paused] }),
      url,
    });
    const silent = { ...window.console, log: () => undefined, info: () => undefined };
    window.console = silent;
    window.eval(readFileSync(bundlePath, 'utf8'));
    if (!pluginClass) throw new Error('the bundle did not register a plugin with Twilio.Flex.Plugins.init');

    const added: Record<string, Added[]> = {};
    const place = (name: string) => ({
      Content: {
        add: (element: unknown, options?: unknown) => void (added[name] ??= []).push({ element, options }),
      },
    });
    let customProvider: ((root: unknown) => unknown) | undefined;
    const flex = {
      setProviders: ({ CustomProvider }: { CustomProvider: (root: unknown) => unknown }) =>
        void (customProvider = CustomProvider),
      Actions: {
        addListener: () => undefined,
        registerAction: () => undefined,
        invokeAction: async () => undefined,
      },
      Notifications: {
        registeredNotifications: new Map(),
        registerNotification: () => undefined,
        showNotification: () => null,
        addListener: () => undefined,
        removeListener: () => undefined,
      },
      NotificationType: {
        information: 'information',
        success: 'success',
        warning: 'warning',
        error: 'error',
      },
      TaskCanvasHeader: place('TaskCanvasHeader'),
      TaskCanvas: place('TaskCanvas'),
      TaskListButtons: place('TaskListButtons'),
      TaskList: place('TaskList'),
      SideNav: place('SideNav'),
      ViewCollection: place('ViewCollection'),
      SideLink: () => null,
      View: () => null,
      withTaskContext: (component: unknown) => component,
    };
    const manager = {
      serviceConfiguration: {},
      strings: {} as Record<string, string>,
      localization: { localeTag: 'es-ES' },
      user: { roles: ['agent'], token: 'agent-token' },
      store: { getState: () => ({ flex: { session: {} } }), subscribe: () => () => undefined },
    };
    window.appConfig = {
      leavePause: {
        backendUrl: 'https://leave-pause.example',
        leave: { enabled: true },
        pause: { enabled: true },
      },
    };
    new pluginClass().init(flex, manager);

    const React = window.React as typeof import('react');
    const ReactDOM = window.ReactDOM as typeof import('react-dom');
    const section = added.TaskList?.[0]?.element;
    if (!customProvider || !section)
      throw new Error('the plugin added no theme bridge or no Paused work section');
    const view = added.ViewCollection?.[0]?.element as React.ReactElement<{ children: React.ReactElement }>;
    const root = window.document.getElementById('root') as Element;
    /** Renders `element` in the plugin's theme bridge, as Flex's root would, and reads its text once loaded. */
    const textOf = async (element: React.ReactElement, until: RegExp) => {
      const Bridged = customProvider?.(() => element) as React.ComponentType<{ theme: object }>;
      ReactDOM.render(React.createElement(Bridged, { theme: { isLight: true } }), root);
      // The store's first read is a fetch: let its promise and React's update settle.
      for (let turn = 0; turn < 50 && !until.test(root.textContent ?? ''); turn += 1) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const text = root.textContent ?? '';
      ReactDOM.unmountComponentAtNode(root);
      return text;
    };
    const pausedSection = await textOf(section as React.ReactElement, /Ana/);
    const pausedView = await textOf(view.props.children, /Ana/);
    return {
      pausedSection,
      pausedView,
      added: Object.fromEntries(Object.entries(added).map(([name, list]) => [name, list.length])),
    };
  } finally {
    window.close();
  }
}

/**
 * What the run must show: the paused conversation's customer, its countdown in Spanish words (formatDuration
 * with the trimmed `es` locale) and its pause time as `PPp` in Spanish ("5 dic 2026, 14:03").
 */
export function checkRun(result: SmokeResult): { met: boolean; value: string } {
  const countdown = /Se reasigna en 2 horas \d+ minutos?/;
  const spanishDate = /\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic) \d{4}, \d\d:\d\d/;
  const met =
    result.pausedSection.includes('Ana García') &&
    countdown.test(result.pausedSection) &&
    result.pausedView.includes('Ana García') &&
    spanishDate.test(result.pausedView);
  return {
    met,
    value: `Paused work in Spanish: "${result.pausedSection}"; the view's dates ${
      spanishDate.exec(result.pausedView)?.[0] ?? 'missing'
    }; added to Flex ${JSON.stringify(result.added)}`,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runBundle(process.argv[2] ?? PLUGIN_BUNDLE).then(
    (result) => {
      const check = checkRun(result);
      console.log(JSON.stringify({ ...result, ...check }, null, 1));
      // CI runs this after the build: a shipped file that does not show the paused conversation fails it.
      if (!check.met) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
