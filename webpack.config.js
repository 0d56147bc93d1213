/**
 * Hook that @twilio/flex-plugin-scripts calls as (config, { isProd, isDev, isTest }) with its generated
 * webpack 4 config. The generated config already marks React, ReactDOM, Redux and Flex UI as external, so
 * only the type-check scope is changed here, plus an optional module-size report for the bundle budget.
 */
const fs = require('fs');
const path = require('path');

const PLUGIN_SOURCES = ['src/**/*.{ts,tsx}'];

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

module.exports = (config) => {
  for (const plugin of config.plugins || []) {
    // The root tsconfig also covers the emulator, sandbox and scripts; their type errors are theirs to
    // report (npm run typecheck) and must not fail the plugin bundle.
    if (plugin && plugin.constructor && plugin.constructor.name === 'ForkTsCheckerWebpackPlugin') {
      plugin.reportFiles = PLUGIN_SOURCES;
    }
  }
  if (process.env.LEAVE_PAUSE_MODULE_SIZES) {
    config.plugins = [...(config.plugins || []), new ModuleSizesPlugin(process.env.LEAVE_PAUSE_MODULE_SIZES)];
  }
  return config;
};
