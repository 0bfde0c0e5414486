#!/usr/bin/env node
// Drives the Microsoft 365 Agents Playground's web UI like a person would, with Debian's Chromium.
//
// Contract: the caller has already started the model double, the bot and the Playground (run-e2e.sh does all of
// that); this script starts only a headless browser, with a fresh temporary profile, and stops it before exiting.
//
//   node drive.mjs <scenario> [--url http://127.0.0.1:56150] [--artifacts DIR] [--timeout-ms 30000]
//                  [--question TEXT] [--bot-name TeamsBot] [--welcome-title Welcome] [--model-log FILE]
//                  [--tap-log FILE] [--db FILE [--feedback-query SQL]] [--bot-log FILE --feedback-log REGEX]
//   node drive.mjs --list
//
// --model-log: the MODEL_DOUBLE_LOG file; the scenario then also checks what the model received.
// --tap-log:   the TAP_LOG file of activity-tap.mjs; the scenario then also checks the activities both ways.
// --welcome-title: text that identifies the bot's welcome card (scenario "welcome").
// --db, --feedback-query: the bot's SQLite file and a SELECT returning columns reaction, comment (scenario
//              "feedback" checks the submitted reaction is stored); --bot-log, --feedback-log: the bot's log and a
//              pattern ({reaction} = like/dislike) a line must match after each submit.
// Environment defaults: PLAYGROUND_URL, E2E_ARTIFACTS, E2E_TIMEOUT_MS, MODEL_DOUBLE_LOG, TAP_LOG, BOT_DB, BOT_LOG,
// CHROMIUM_PATH.
//
// Output: exactly one JSON line on stdout:
//   {"scenario":"personal","ok":true,"ms":1234,"screenshot":"/abs/path.png","details":{...}}
//   {"scenario":"personal","ok":false,"ms":...,"error":"wait 30000 ms for the answer card ...: Timeout ...","screenshot":...}
// Exit code: 0 passed, 1 failed, 2 bad usage. On failure the artifacts folder also gets <scenario>-failure.png,
// <scenario>-failure.html and <scenario>-playground-log.txt (the UI's log panel).
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { parseArgs } from 'node:util';
import { launchBrowser } from './lib/browser.mjs';
import { PlaygroundUi } from './lib/playground-ui.mjs';
import { scenarios } from './scenarios/index.mjs';
import { ScenarioFailure, stepTimings } from './scenarios/common.mjs';
import { DEFAULT_FEEDBACK_QUERY } from './scenarios/feedback.mjs';

function usage(message) {
  if (message) console.error(`drive.mjs: ${message}`);
  console.error('usage: node drive.mjs <scenario> [--url URL] [--artifacts DIR] [--timeout-ms N] [--question TEXT] '
    + '[--bot-name NAME] [--welcome-title TEXT] [--model-log FILE] [--tap-log FILE] [--db FILE] [--feedback-query SQL] '
    + '[--bot-log FILE] [--feedback-log REGEX]\n       node drive.mjs --list');
  console.error('scenarios: ' + Object.values(scenarios).map((s) => `\n  ${s.name.padEnd(10)} ${s.description}`).join(''));
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.PLAYGROUND_URL ?? 'http://127.0.0.1:56150' },
      artifacts: { type: 'string', default: process.env.E2E_ARTIFACTS ?? 'playground-artifacts' },
      'timeout-ms': { type: 'string', default: process.env.E2E_TIMEOUT_MS ?? '30000' },
      question: { type: 'string' },
      'bot-name': { type: 'string', default: 'TeamsBot' },
      'welcome-title': { type: 'string', default: 'Welcome' },
      'model-log': { type: 'string', default: process.env.MODEL_DOUBLE_LOG },
      'tap-log': { type: 'string', default: process.env.TAP_LOG },
      db: { type: 'string', default: process.env.BOT_DB },
      'feedback-query': { type: 'string', default: DEFAULT_FEEDBACK_QUERY },
      'bot-log': { type: 'string', default: process.env.BOT_LOG },
      'feedback-log': { type: 'string' },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (e) {
  usage(e.message);
}
const { values, positionals } = parsed;
if (values.list) {
  for (const s of Object.values(scenarios)) console.log(`${s.name}\t${s.description}`);
  process.exit(0);
}
if (values.help) usage();
if (positionals.length !== 1) usage('give exactly one scenario');
const scenario = scenarios[positionals[0]];
if (!scenario) usage(`unknown scenario "${positionals[0]}"`);
const timeoutMs = Number(values['timeout-ms']);
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) usage('--timeout-ms must be a positive number');

const options = {
  baseUrl: values.url,
  artifacts: resolve(values.artifacts),
  timeoutMs,
  question: values.question,
  botName: values['bot-name'],
  welcomeTitle: values['welcome-title'],
  modelLog: values['model-log'] ? resolve(values['model-log']) : undefined,
  tapLog: values['tap-log'] ? resolve(values['tap-log']) : undefined,
  db: values.db ? resolve(values.db) : undefined,
  feedbackQuery: values['feedback-query'],
  botLog: values['bot-log'] ? resolve(values['bot-log']) : undefined,
  feedbackLog: values['feedback-log'],
};
if (!options.welcomeTitle.trim()) usage('--welcome-title must not be empty');
if (options.feedbackLog) {
  try {
    new RegExp(options.feedbackLog);
  } catch (e) {
    usage(`--feedback-log is not a regular expression: ${e.message}`);
  }
}
mkdirSync(options.artifacts, { recursive: true });

// Whole-run bound: each step has its own timeout, this catches anything that hangs between them.
const overallMs = Math.max(120_000, timeoutMs * 6);
const started = Date.now();
let browser;
let page;
let lastScreenshot = null;
let finished = false;

function finish(result, code) {
  if (finished) return;
  finished = true;
  console.log(JSON.stringify({ scenario: scenario.name, ok: code === 0, ms: Date.now() - started, ...result,
    steps: stepTimings }));
  process.exitCode = code;
}

async function saveFailureArtifacts(ui) {
  const files = {};
  try {
    files.screenshot = join(options.artifacts, `${scenario.name}-failure.png`);
    await page.screenshot({ path: files.screenshot, timeout: 5000 });
  } catch {
    delete files.screenshot;
  }
  try {
    files.html = join(options.artifacts, `${scenario.name}-failure.html`);
    writeFileSync(files.html, await page.content());
  } catch {
    delete files.html;
  }
  const log = await ui?.logPanelText();
  if (log) {
    files.playgroundLog = join(options.artifacts, `${scenario.name}-playground-log.txt`);
    writeFileSync(files.playgroundLog, log);
  }
  return files;
}

async function main() {
  const launching = Date.now();
  browser = await launchBrowser();
  stepTimings.push({ step: 'launch Chromium', ms: Date.now() - launching });
  page = browser.page;
  page.setDefaultTimeout(timeoutMs);
  const ui = new PlaygroundUi(page, { baseUrl: options.baseUrl, timeoutMs });
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(String(e.message ?? e)));
  page.on('console', (m) => {
    // The blocked CDN (fonts, a worklet) logs "Failed to load ..."; anything else is the UI complaining.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load ') && consoleErrors.length < 20) {
      consoleErrors.push(m.text().slice(0, 500));
    }
  });
  const ctx = {
    page,
    ui,
    options,
    async screenshot(name) {
      const path = join(options.artifacts, `${name}.png`);
      await page.screenshot({ path, timeout: 10_000 });
      lastScreenshot ??= path;
      return path;
    },
  };
  try {
    const details = await scenario.run(ctx);
    if (consoleErrors.length) details.pageErrors = consoleErrors;
    finish({ screenshot: lastScreenshot, details }, 0);
  } catch (e) {
    if (finished) return; // stopped by a signal or the watchdog, which already reported
    const known = e instanceof ScenarioFailure;
    const files = await saveFailureArtifacts(ui);
    finish({
      error: known ? e.message : `unexpected error: ${e?.stack ?? e}`,
      screenshot: files.screenshot ?? lastScreenshot,
      failureArtifacts: files,
      pageErrors: consoleErrors.length ? consoleErrors : undefined,
    }, 1);
    console.error(`drive.mjs: scenario "${scenario.name}" FAILED: ${known ? e.message : e?.message ?? e}`);
  }
}

const watchdog = setTimeout(async () => {
  finish({ error: `scenario did not finish within ${overallMs} ms`, screenshot: lastScreenshot }, 1);
  console.error(`drive.mjs: scenario "${scenario.name}" FAILED: no result within ${overallMs} ms`);
  await browser?.close();
  process.exit(1);
}, overallMs);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    finish({ error: `stopped by ${signal}`, screenshot: lastScreenshot }, 1);
    await browser?.close();
    process.exit(1);
  });
}

try {
  await main();
} catch (e) {
  // The browser did not start, or the artifacts could not be written.
  finish({ error: `could not run: ${e?.message ?? e}`, screenshot: null }, 1);
  console.error(`drive.mjs: ${e?.stack ?? e}`);
} finally {
  clearTimeout(watchdog);
  await browser?.close();
}
