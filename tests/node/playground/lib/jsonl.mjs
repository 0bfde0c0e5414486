// Reading the JSON-lines logs written by model-double.mjs (MODEL_DOUBLE_LOG) and activity-tap.mjs (TAP_LOG).
import { existsSync, readFileSync } from 'node:fs';

/** All complete records in a JSON-lines file; a half-written last line is skipped. */
export function readJsonLines(file) {
  if (!file || !existsSync(file)) return [];
  const records = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      records.push(JSON.parse(line));
    } catch {
      // written concurrently; the next poll sees it whole
    }
  }
  return records;
}

/** Polls a JSON-lines file until `find(records)` returns something truthy, for at most `timeoutMs`. */
export async function waitForRecord(file, find, { timeoutMs = 10_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find(readJsonLines(file));
    if (found) return found;
    if (Date.now() >= deadline) return null;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Text of an OpenAI chat message content (string or content parts). */
export function contentText(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p === 'string' ? p : p?.text ?? '')).join('');
  return '';
}

/** The last user message of a chat completions request body. */
export function lastUserMessage(body) {
  const user = [...(body?.messages ?? [])].reverse().find((m) => m?.role === 'user');
  return user ? contentText(user.content) : null;
}
