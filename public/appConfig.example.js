// Copy to public/appConfig.js for local work (that file is git-ignored). Hosted Flex ignores this file and
// reads the plugin's settings from ui_attributes.custom_data.leavePause in the Flex configuration instead.
// Flex reads this as the global `appConfig`, so it looks unused to ESLint.
// eslint-disable-next-line @typescript-eslint/no-unused-vars
var appConfig = {
  pluginService: {
    enabled: true,
    url: '/plugins',
  },
  sso: {
    accountSid: '', // AccountSid of your Twilio project
  },
  ytica: false,
  logLevel: 'info',
  showSupervisorDesktopView: true,
  leavePause: {
    leave: { enabled: true },
    pause: { enabled: true, timeLimit: 'P14D' },
    backendUrl: 'http://127.0.0.1:3000',
  },
};
