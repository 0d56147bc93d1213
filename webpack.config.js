/**
 * Hook that @twilio/flex-plugin-scripts calls as (config, { isProd, isDev, isTest }) with its generated
 * webpack 4 config. The generated config already marks React, ReactDOM, Redux and Flex UI as external, so
 * only the type-check scope is changed here.
 */
const PLUGIN_SOURCES = ['src/**/*.{ts,tsx}'];

module.exports = (config) => {
  for (const plugin of config.plugins || []) {
    // The root tsconfig also covers the emulator, sandbox and scripts; their type errors are theirs to
    // report (npm run typecheck) and must not fail the plugin bundle.
    if (plugin && plugin.constructor && plugin.constructor.name === 'ForkTsCheckerWebpackPlugin') {
      plugin.reportFiles = PLUGIN_SOURCES;
    }
  }
  return config;
};
