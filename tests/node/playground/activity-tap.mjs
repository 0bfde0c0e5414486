#!/usr/bin/env node
// A recording reverse proxy between the Agents Playground and the bot, in both directions, so a test can assert
// the exact Teams activities the bot received and the exact Bot Connector calls it made. No dependencies.
//
//   Playground --POST /api/messages-->  tap  --> bot            (BOT_ENDPOINT = http://127.0.0.1:<tap>/api/messages)
//   bot --POST/PUT/DELETE /_connector/v3/...--> tap --> Playground  (--service-url http://127.0.0.1:<tap>/_connector)
//
// Every exchange is appended to TAP_LOG as one JSON line:
//   {"at", "direction": "to-bot" | "to-connector", "method", "path", "status", "request": <json|text>, "response": <json|text>, "ms"}
//   (plus "answeredByTap": true for thread typing answered here, see TAP_ANSWER_THREAD_TYPING)
// Authorization headers are never recorded.
//
// Environment:
//   TAP_PORT        port to listen on (default 0 = any free port); always binds 127.0.0.1
//   TAP_BOT         bot base URL, e.g. http://127.0.0.1:3978            (required)
//   TAP_PLAYGROUND  Playground base URL, e.g. http://127.0.0.1:56150     (required)
//   TAP_LOG         JSON-lines file to append to (required)
//   TAP_ANSWER_THREAD_TYPING=1  answer a plain `typing` activity into a channel thread (conversation id
//                   "<channel>;messageid=<post>") here with 202, the Playground connector's own answer to typing,
//                   instead of passing it on; the record gets "answeredByTap": true. Playground 0.2.28's UI cannot
//                   take such an activity: it throws "Invalid conversation id", drops its websocket and reconnects,
//                   and whatever the server pushes during the reconnect is lost (see README, Quirks). Typing that
//                   carries a streaminfo entity is always passed on (the Playground answers it 405 in a thread).
// Prints {"tap":"listening","port":N} on start. Stops on SIGTERM/SIGINT.
import { createServer, request as httpRequest } from 'node:http';
import { appendFileSync } from 'node:fs';

const port = Number(process.env.TAP_PORT ?? 0);
const bot = process.env.TAP_BOT;
const playground = process.env.TAP_PLAYGROUND;
const logFile = process.env.TAP_LOG;
const answerThreadTyping = process.env.TAP_ANSWER_THREAD_TYPING === '1';
if (!bot || !playground || !logFile) {
  console.error('activity-tap: set TAP_BOT, TAP_PLAYGROUND and TAP_LOG');
  process.exit(2);
}
const MAX_RECORDED = 256 * 1024;
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

function parse(buffer) {
  if (buffer.length === 0) return null;
  const text = buffer.subarray(0, MAX_RECORDED).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return buffer.length > MAX_RECORDED ? text + '…(truncated)' : text;
  }
}

function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** A plain typing activity into a channel thread, which Playground 0.2.28's UI cannot take (see the header). */
function isPlainThreadTyping(method, path, activity) {
  if (method !== 'POST' || !activity || typeof activity !== 'object' || activity.type !== 'typing') return false;
  const match = /^\/_connector\/v3\/conversations\/([^/]+)\/activities/.exec(path);
  if (!match) return false;
  let conversationId;
  try {
    conversationId = decodeURIComponent(match[1]);
  } catch {
    return false;
  }
  return conversationId.includes(';messageid=') && !(activity.entities ?? []).some((e) => e?.type === 'streaminfo');
}

function record(entry) {
  appendFileSync(logFile, JSON.stringify(entry) + '\n');
}

const server = createServer(async (req, res) => {
  const started = Date.now();
  const path = req.url ?? '/';
  const toConnector = path.startsWith('/_connector');
  const target = new URL(path, toConnector ? playground : bot);
  let requestBody;
  try {
    requestBody = await collect(req);
  } catch {
    res.destroy();
    return;
  }
  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (!HOP_BY_HOP.has(k) && k !== 'host') headers[k] = v;
  }
  headers['content-length'] = String(requestBody.length);

  if (toConnector && answerThreadTyping && isPlainThreadTyping(req.method, path, parse(requestBody))) {
    res.writeHead(202, { 'content-length': '0' });
    res.end();
    record({ at: new Date(started).toISOString(), direction: 'to-connector', method: req.method, path, status: 202,
      request: parse(requestBody), response: null, ms: Date.now() - started, answeredByTap: true });
    return;
  }

  const upstream = httpRequest(target, { method: req.method, headers, timeout: 60_000 }, async (up) => {
    let responseBody;
    try {
      responseBody = await collect(up);
    } catch {
      res.destroy();
      return;
    }
    const out = {};
    for (const [k, v] of Object.entries(up.headers)) {
      if (!HOP_BY_HOP.has(k)) out[k] = v;
    }
    out['content-length'] = String(responseBody.length);
    res.writeHead(up.statusCode ?? 502, out);
    res.end(responseBody);
    record({
      at: new Date(started).toISOString(),
      direction: toConnector ? 'to-connector' : 'to-bot',
      method: req.method,
      path,
      status: up.statusCode,
      request: parse(requestBody),
      response: parse(responseBody),
      ms: Date.now() - started,
    });
  });
  upstream.on('timeout', () => upstream.destroy(new Error('upstream timeout')));
  upstream.on('error', (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end('activity-tap: ' + e.message);
    }
    record({
      at: new Date(started).toISOString(),
      direction: toConnector ? 'to-connector' : 'to-bot',
      method: req.method,
      path,
      status: 502,
      error: e.message,
      request: parse(requestBody),
      ms: Date.now() - started,
    });
  });
  upstream.end(requestBody);
});

server.listen(port, '127.0.0.1', () => {
  console.log(JSON.stringify({ tap: 'listening', port: server.address().port }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
