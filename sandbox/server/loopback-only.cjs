/**
 * Preloaded into twilio-run (`node --require`): twilio-run 5 calls `app.listen(port)` without a host, which
 * binds every network interface, and it has no option to say otherwise. The sandbox binds only to 127.0.0.1,
 * so a listen without a host gets that one. A listen that names its host, or a socket path, is left alone.
 */
'use strict';
const net = require('node:net');

const LOOPBACK = '127.0.0.1';
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first, second] = args;
  const isPort = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
  if (isPort && typeof second !== 'string') {
    args.splice(1, 0, LOOPBACK);
  } else if (first && typeof first === 'object' && !('path' in first) && !('fd' in first) && !first.host) {
    args[0] = { ...first, host: LOOPBACK };
  }
  return originalListen.apply(this, args);
};
