#!/usr/bin/env node
// A tiny deterministic OpenAI-compatible model for end-to-end tests. No dependencies.
//
//   POST /v1/chat/completions  -> "Echo: " + the last user message's text
//                                 JSON, or SSE chunks when the request has "stream": true (with usage).
//   GET  /v1/models            -> the one model id.
//   GET  /healthz              -> 200 "ok" (readiness probe for scripts).
//
// Environment:
//   MODEL_DOUBLE_PORT     port to listen on (default 0 = any free port); always binds 127.0.0.1
//   MODEL_DOUBLE_LOG      if set, every chat request body is appended to this file as one JSON line
//                         ({"at": ISO time, "path": ..., "body": request JSON}) so a test can assert what the
//                         model received
//   MODEL_DOUBLE_DELAY_MS delay before answering (default 0), to make the typing indicator observable
//   MODEL_DOUBLE_CHUNK_DELAY_MS  pause before each word of the answer (default 0): a streamed answer then arrives
//                         over (words x delay) ms in that many SSE chunks, as a real model's does; a JSON answer
//                         waits the same total before it is sent
//
// On start it prints one line to stdout: {"modelDouble":"listening","port":N,"url":"http://127.0.0.1:N/v1"}.
// Stops on SIGTERM/SIGINT.
import { createServer } from 'node:http';
import { appendFileSync } from 'node:fs';

const port = Number(process.env.MODEL_DOUBLE_PORT ?? 0);
const logFile = process.env.MODEL_DOUBLE_LOG || null;
const delayMs = Number(process.env.MODEL_DOUBLE_DELAY_MS ?? 0);
const chunkDelayMs = Number(process.env.MODEL_DOUBLE_CHUNK_DELAY_MS ?? 0);
for (const [name, value] of [['MODEL_DOUBLE_DELAY_MS', delayMs], ['MODEL_DOUBLE_CHUNK_DELAY_MS', chunkDelayMs]]) {
  if (!Number.isFinite(value) || value < 0) {
    console.error(`model-double: ${name} must be a number of milliseconds >= 0`);
    process.exit(2);
  }
}
const sleep = (ms) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());
const MAX_BODY = 8 * 1024 * 1024;

/** The text of a chat message whose content is a string or an array of content parts. */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((part) => (typeof part === 'string' ? part : part?.type === 'text' ? part.text ?? '' : ''))
      .join('');
  }
  return '';
}

/** Rough, deterministic token count: one per 4 characters, at least 1. */
function tokens(text) {
  return Math.max(1, Math.ceil(text.length / 4));
}

function answerFor(body) {
  const messages = Array.isArray(body?.messages) ? body.messages : [];
  const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
  return 'Echo: ' + (lastUser ? textOf(lastUser.content) : '');
}

function send(res, status, obj) {
  const json = JSON.stringify(obj);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  res.end(json);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function chatCompletions(req, res) {
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch (e) {
    send(res, 400, { error: { message: 'invalid JSON: ' + e.message, type: 'invalid_request_error' } });
    return;
  }
  if (logFile) {
    appendFileSync(logFile, JSON.stringify({ at: new Date().toISOString(), path: req.url, body }) + '\n');
  }
  await sleep(delayMs);

  const model = typeof body.model === 'string' ? body.model : 'test-model';
  const answer = answerFor(body);
  const promptTokens = tokens((body.messages ?? []).map((m) => textOf(m?.content)).join('\n'));
  const usage = { prompt_tokens: promptTokens, completion_tokens: tokens(answer), total_tokens: promptTokens + tokens(answer) };
  // Word by word: a streaming client sees one chunk per word.
  const pieces = answer.match(/\S+\s*/g) ?? [];
  const id = 'chatcmpl-double-' + Date.now().toString(36);
  const created = Math.floor(Date.now() / 1000);

  if (body.stream === true) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (choices, extra = {}) =>
      res.write('data: ' + JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...extra }) + '\n\n');
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
    for (const piece of pieces) {
      await sleep(chunkDelayMs);
      if (res.destroyed) return; // the client gave up
      chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
    }
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    // OpenAI sends usage in a last chunk with empty choices when stream_options.include_usage is set; always send it.
    chunk([], { usage });
    res.end('data: [DONE]\n\n');
    return;
  }

  await sleep(chunkDelayMs * pieces.length);
  send(res, 200, {
    id,
    object: 'chat.completion',
    created,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: answer }, finish_reason: 'stop' }],
    usage,
  });
}

const server = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method === 'POST' && /\/chat\/completions$/.test(path)) {
    chatCompletions(req, res).catch((e) => send(res, 500, { error: { message: e.message, type: 'server_error' } }));
  } else if (req.method === 'GET' && path === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  } else if (req.method === 'GET' && /\/models$/.test(path)) {
    send(res, 200, { object: 'list', data: [{ id: 'test-model', object: 'model', owned_by: 'test' }] });
  } else {
    send(res, 404, { error: { message: `no route for ${req.method} ${path}`, type: 'invalid_request_error' } });
  }
});

server.listen(port, '127.0.0.1', () => {
  const actual = server.address().port;
  console.log(JSON.stringify({ modelDouble: 'listening', port: actual, url: `http://127.0.0.1:${actual}/v1` }));
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
    server.closeAllConnections?.();
  });
}
