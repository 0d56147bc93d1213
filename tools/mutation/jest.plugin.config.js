module.exports = require('./jest.config.js')('plugin');
