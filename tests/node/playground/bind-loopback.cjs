// Preload with `node -r ./bind-loopback.cjs <tool>` so that a tool which calls `server.listen(port)` without a host
// (the Agents Playground does) binds 127.0.0.1 instead of every interface.
//
// Only calls that give no host are changed: listen(port), listen(port, cb), listen(port, backlog, cb),
// listen({ port }) and listen() (random port). Calls with an explicit host, a path (Unix socket) or a handle are
// passed through untouched.
'use strict';
const net = require('node:net');

const LOOPBACK = process.env.BIND_LOOPBACK_HOST || '127.0.0.1';
const original = net.Server.prototype.listen;

function isPort(value) {
  return typeof value === 'number' || (typeof value === 'string' && value !== '' && /^\d+$/.test(value));
}

net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (args.length === 0 || typeof first === 'function') {
    // listen() / listen(cb): random port on every interface -> random port on loopback.
    return original.call(this, 0, LOOPBACK, ...args);
  }
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    const hasTarget = 'path' in first || 'handle' in first || '_handle' in first || 'fd' in first;
    if (!hasTarget && first.host === undefined) {
      return original.call(this, { ...first, host: LOOPBACK }, ...args.slice(1));
    }
    return original.apply(this, args);
  }
  if (isPort(first) || first === undefined || first === null) {
    const second = args[1];
    if (typeof second === 'string') return original.apply(this, args); // explicit host
    return original.call(this, first ?? 0, LOOPBACK, ...args.slice(1));
  }
  return original.apply(this, args); // a path or something unknown: leave it alone
};
