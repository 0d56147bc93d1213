/**
 * Hook that @twilio/flex-plugin-scripts calls as (config, { isProd, isDev, isTest }) with its generated
 * webpack 4 config. The generated config already marks React, ReactDOM, Redux and Flex UI as external, so
 * only the type-check scope, the modern dependencies' transpiling, Babel's preset-env `bugfixes` and
 * `noDocumentAll`, reakit's resolution, the trimming of date-fns's locales, src/'s side effects and Terser's
 * function names and passes are changed here, plus an optional module-size report for the bundle budget.
 */
const fs = require('fs');
const path = require('path');

const PLUGIN_SOURCES = ['src/**/*.{ts,tsx}'];

/**
 * Babel's targets are package.json's browserslist: the browsers that can run Flex UI 2.17.1 at all, whose
 * own bundle uses optional chaining (Chrome and Edge 80, Firefox 74, Safari 13.1). Without it Babel
 * compiled for browserslist's defaults, old browsers included (about 3 KB gzipped more of our cost).
 *
 * date-fns 4 and @date-fns/tz ship modern JavaScript (optional chaining, `??`) that the webpack 4 parser
 * of @twilio/flex-plugin-webpack cannot read, and the generated config only runs Babel over src/. They go
 * through Babel too, with the preset create-react-app uses for dependencies.
 */
const MODERN_DEPENDENCIES = /[\\/]node_modules[\\/](date-fns|@date-fns[\\/]tz)[\\/]/;

function modernDependenciesRule() {
  return {
    test: /\.m?js$/,
    include: MODERN_DEPENDENCIES,
    loader: require.resolve('babel-loader'),
    options: {
      babelrc: false,
      configFile: false,
      compact: true,
      sourceMaps: false,
      presets: [[require.resolve('babel-preset-react-app/dependencies'), { helpers: true }]],
      // The preset leaves these to the targets, which (package.json's browserslist) have them; webpack 4's
      // parser has not. The preset for src/ adds the same two plugins for the same reason.
      plugins: [
        require.resolve('@babel/plugin-proposal-optional-chaining'),
        require.resolve('@babel/plugin-proposal-nullish-coalescing-operator'),
      ],
    },
  };
}

/**
 * With LEAVE_PAUSE_MODULE_SIZES=<file>, writes every bundled module's (pre-minification) size there, so
 * bench/plugin/bundle-size.ts can say what the bytes are spent on. Concatenated modules are split into
 * their parts.
 */
class ModuleSizesPlugin {
  constructor(file) {
    this.file = file;
  }

  apply(compiler) {
    // The minified bundle's source map, taken right after Terser: the generator's SourceMapDevToolPlugin
    // runs twice in production (its own and the `devtool` one) and the second writes an empty map over
    // the first. The bench reads it to attribute every minified byte to the module it came from.
    compiler.hooks.compilation.tap('LeavePauseModuleSizes', (compilation) => {
      compilation.hooks.afterOptimizeChunkAssets.tap(
        { name: 'LeavePauseModuleSizes', stage: -100 },
        (chunks) => {
          for (const chunk of chunks) {
            for (const file of chunk.files) {
              if (!file.endsWith('.js')) continue;
              const { map } = compilation.assets[file].sourceAndMap();
              if (map) fs.writeFileSync(`${this.file}.map.json`, JSON.stringify(map));
            }
          }
        },
      );
    });
    compiler.hooks.emit.tap('LeavePauseModuleSizes', (compilation) => {
      const shorten = compilation.requestShortener;
      const sizes = [];
      const visit = (module) => {
        if (Array.isArray(module.modules)) module.modules.forEach(visit);
        else sizes.push({ name: module.readableIdentifier(shorten), bytes: module.size() });
      };
      for (const module of compilation.modules) visit(module);
      sizes.sort((a, b) => b.bytes - a.bytes);
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      fs.writeFileSync(this.file, JSON.stringify(sizes, null, 1));
    });
  }
}

/**
 * @twilio-paste/reakit-library is all of reakit re-bundled into one module, which webpack 4 cannot prune:
 * the plugin, using only Paste's Tooltip, would carry all of reakit. Resolving it to the ES modules of the
 * very reakit version it was built from (its own dependency, checked here) lets webpack's sideEffects
 * pruning keep just what the Tooltip uses. With another reakit version found, the alias is skipped.
 */
function reakitAlias() {
  try {
    const libraryDir = path.dirname(require.resolve('@twilio-paste/reakit-library/package.json'));
    const library = JSON.parse(fs.readFileSync(path.join(libraryDir, 'package.json'), 'utf8'));
    const reakitPackage = require.resolve('reakit/package.json', { paths: [libraryDir] });
    const reakit = JSON.parse(fs.readFileSync(reakitPackage, 'utf8'));
    if (!library.dependencies || library.dependencies.reakit !== reakit.version) return {};
    return { '@twilio-paste/reakit-library$': path.join(path.dirname(reakitPackage), reakit.module) };
  } catch {
    return {};
  }
}

/**
 * The generated production config has Terser keep every function's name (`keep_fnames`, beside
 * `keep_classnames`), which costs about 4.3 KB gzipped of the plugin's share of the bundle (and 2.4 KB of a
 * minimal Paste plugin's; bench/plugin/bundle-size.ts). Nothing reads a function's name at run time: Flex
 * 2.17.1's bundle (`Plugins.doInit`) names a plugin from its registry record and the instance's `name`
 * (the one passed to FlexPlugin), never from the class, whose name Babel's ES5 output turns into a function
 * name that now minifies; components are placed by their `key`; `displayName || name` only labels
 * wrappers. Class names stay kept as configured. Stack traces from the bundle lose function names.
 */
function dropFunctionNames(config) {
  for (const minimizer of (config.optimization && config.optimization.minimizer) || []) {
    const terserOptions = minimizer && minimizer.options && minimizer.options.terserOptions;
    if (terserOptions && terserOptions.keep_fnames) terserOptions.keep_fnames = false;
  }
}

const DATE_FNS_LOCALE_LIB = /[\\/]node_modules[\\/]date-fns[\\/]locale[\\/][^\\/]+[\\/]_lib[\\/]/;
const LOCALE_TRIM = path.join(__dirname, 'tools', 'date-fns-locale-trim');

/**
 * Terser compresses once in the generated config; a second pass finds what the first one's inlining and
 * dead-code removal opened up (1.1 KB gzipped of the whole bundle, measured 2026-12-05; the base, built
 * alike, gains too). Nothing else of the generator's compress options changes (`comparisons: false` and
 * `inline: 2` stay: they work around Terser bugs). The shipped bundle is run by the bundle bench
 * (bench/plugin/bundle-smoke.ts) since jest and the sandbox run src/ itself.
 */
function twoCompressPasses(config) {
  for (const minimizer of (config.optimization && config.optimization.minimizer) || []) {
    const terserOptions = minimizer && minimizer.options && minimizer.options.terserOptions;
    if (terserOptions) terserOptions.compress = { ...terserOptions.compress, passes: 2 };
  }
}

/**
 * date-fns locales carry, beside the words the plugin formats with, what it never uses (tools/
 * date-fns-locale-trim): the patterns `parse` reads dates back with (`_lib/match.js` and its two builders)
 * and `formatRelative`'s phrases, swapped for stand-ins; and in `localize`, `formatDistance` and
 * `formatLong` every word and pattern but those formatDuration and src/time/localizedFormat.ts print, which
 * a loader keeps from date-fns's own files at build time. webpack is the generator's own (webpack 4), found
 * through @twilio/flex-plugin-webpack.
 */
function trimDateFnsLocales() {
  const webpackDir = path.dirname(
    require.resolve('webpack/package.json', {
      paths: [path.dirname(require.resolve('@twilio/flex-plugin-webpack/package.json'))],
    }),
  );
  const { NormalModuleReplacementPlugin } = require(webpackDir);
  const standIn = (name) =>
    new NormalModuleReplacementPlugin(
      new RegExp(DATE_FNS_LOCALE_LIB.source + name + '\\.js$'),
      path.join(LOCALE_TRIM, `${name}.js`),
    );
  return {
    plugins: [standIn('match'), standIn('formatRelative')],
    rule: {
      test: new RegExp(DATE_FNS_LOCALE_LIB.source + '(localize|formatDistance|formatLong)\\.js$'),
      enforce: 'pre',
      loader: path.join(LOCALE_TRIM, 'loader.js'),
    },
  };
}

/**
 * Babel writes `a?.b` and `a ?? b` (webpack 4's parser needs them compiled) to also treat `document.all`
 * as an object, the one value `== null` alone would get wrong: `null === (t = a) || void 0 === t ? …`
 * instead of `null == (t = a) ? …`. Neither the plugin nor date-fns ever reads `document.all`, so the
 * shorter form is exact (Babel's `noDocumentAll` assumption), for our sources and the modern dependencies.
 */
const ASSUMPTIONS = { noDocumentAll: true };

/**
 * babel-preset-react-app runs @babel/preset-env without `bugfixes`, so for Safari 13.1 (a browserslist target,
 * the oldest Flex UI 2.17.1 runs on) it compiles every destructuring and every function's parameters down
 * to ES5 — `const [a, setA] = useState()` becomes `_slicedToArray(useState(), 2)` with @babel/runtime's
 * iterator helpers — because that Safari mishandles two corner cases of them. With `bugfixes` (Babel's own
 * option, the default in Babel 8) preset-env rewrites only those corner cases (a rest element of a
 * destructured array, a parameter named like its function) and keeps the rest native, for the very same
 * targets. The preset's preset-env entry is given the option; nothing else in the preset changes.
 */
function withSyntaxBugfixes(presetFile) {
  const preset = require(presetFile);
  const presetEnv = require(require.resolve('@babel/preset-env', { paths: [path.dirname(presetFile)] }));
  const presetEnvFunction = presetEnv.default || presetEnv;
  return (api, options) => {
    const config = preset(api, options);
    const presets = (config.presets || []).map((entry) =>
      Array.isArray(entry) && entry[0] === presetEnvFunction
        ? [entry[0], { ...entry[1], bugfixes: true }]
        : entry,
    );
    return { ...config, presets };
  };
}

/** The generator's preset for src/ and ours for the modern dependencies, as require.resolve names them. */
const REACT_APP_PRESET = /[\\/]babel-preset-react-app[\\/](index|dependencies)\.js$/;

function tuneBabel(rules) {
  for (const rule of rules || []) {
    if (rule.oneOf) tuneBabel(rule.oneOf);
    if (rule.rules) tuneBabel(rule.rules);
    if (typeof rule.loader === 'string' && rule.loader.includes('babel-loader') && rule.options) {
      const presets = (rule.options.presets || []).map((entry) => {
        const [name, options] = Array.isArray(entry) ? entry : [entry, undefined];
        if (typeof name !== 'string' || !REACT_APP_PRESET.test(name)) return entry;
        const tuned = withSyntaxBugfixes(name);
        return options === undefined ? tuned : [tuned, options];
      });
      rule.options = {
        ...rule.options,
        presets,
        assumptions: { ...rule.options.assumptions, ...ASSUMPTIONS },
      };
    }
  }
}

/**
 * webpack 4 keeps every module a kept module imports, even when none of its exports is used (the package
 * declares no `sideEffects`): `src/components/index.ts` re-exports ActionStatus for the tests and the
 * sandbox, so the bundle carried ActionStatus's icon (Paste's SuccessIcon: its `displayName` assignment
 * survives Terser). No module under src/ does anything when imported but define its exports (src/index.ts,
 * the entry, is always kept), so they are declared side-effect free, for the plugin build only.
 */
function ourSourcesRule() {
  return { test: /\.tsx?$/, include: path.join(__dirname, 'src'), sideEffects: false };
}

module.exports = (config) => {
  for (const plugin of config.plugins || []) {
    // The root tsconfig also covers the emulator, sandbox and scripts; their type errors are theirs to
    // report (npm run typecheck) and must not fail the plugin bundle.
    if (plugin && plugin.constructor && plugin.constructor.name === 'ForkTsCheckerWebpackPlugin') {
      plugin.reportFiles = PLUGIN_SOURCES;
    }
  }
  const dateFnsTrim = trimDateFnsLocales();
  config.module.rules = [
    ...config.module.rules,
    modernDependenciesRule(),
    dateFnsTrim.rule,
    ourSourcesRule(),
  ];
  tuneBabel(config.module.rules);
  dropFunctionNames(config);
  twoCompressPasses(config);
  config.plugins = [...(config.plugins || []), ...dateFnsTrim.plugins];
  config.resolve = {
    ...config.resolve,
    alias: { ...(config.resolve && config.resolve.alias), ...reakitAlias() },
  };
  if (process.env.LEAVE_PAUSE_MODULE_SIZES) {
    config.plugins = [...(config.plugins || []), new ModuleSizesPlugin(process.env.LEAVE_PAUSE_MODULE_SIZES)];
  }
  return config;
};
