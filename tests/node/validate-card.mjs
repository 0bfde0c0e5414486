// Validates Adaptive Cards with the official parser (npm adaptivecards, the renderer's own object model).
// Input on stdin: one card (JSON object) or an array of cards. Output on stdout: a JSON array with, per card,
// { index, declaredVersion, issues: [{ phase, event, message }] }.
// Issues come from the parser (ctx events), from card.validateProperties(), and from two Teams rules the parser
// does not know: the card must declare exactly the expected schema version (default 1.5, the highest Teams renders
// for bot messages) and must not contain Media elements (Teams does not render them in bot messages).
// Usage: node validate-card.mjs [--expect-version 1.5] < cards.json
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
// The package's ESM entry does not load under Node (imports without extensions); the UMD bundle does.
const AC = require('adaptivecards/dist/adaptivecards.js');

function parseArgs(argv) {
  const options = { expectVersion: '1.5' };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--expect-version' && i + 1 < argv.length) {
      options.expectVersion = argv[++i];
    } else {
      throw new Error(`Unknown argument: ${argv[i]}`);
    }
  }
  return options;
}

function targetVersion(text) {
  const key = 'v' + String(text).replace('.', '_');
  return AC.Versions[key] ?? AC.Versions.latest;
}

function describe(event) {
  return {
    phase: AC.ValidationPhase[event.phase] ?? String(event.phase),
    event: AC.ValidationEvent[event.event] ?? String(event.event),
    message: event.message,
  };
}

function findMedia(node, path, found) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => findMedia(child, `${path}[${i}]`, found));
  } else if (node && typeof node === 'object') {
    if (node.type === 'Media') {
      found.push(path);
    }
    for (const [key, value] of Object.entries(node)) {
      findMedia(value, `${path}.${key}`, found);
    }
  }
  return found;
}

function validate(json, index, options) {
  const issues = [];
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    return { index, declaredVersion: null, issues: [{ phase: 'Input', event: 'NotAnObject', message: 'The card is not a JSON object.' }] };
  }
  if (json.type !== 'AdaptiveCard') {
    issues.push({ phase: 'Input', event: 'NotAnAdaptiveCard', message: `type is "${json.type}", expected "AdaptiveCard".` });
  }
  const declaredVersion = typeof json.version === 'string' ? json.version : null;
  if (options.expectVersion && declaredVersion !== options.expectVersion) {
    issues.push({
      phase: 'Teams',
      event: 'UnexpectedSchemaVersion',
      message: `The card declares version ${JSON.stringify(json.version)}; expected "${options.expectVersion}".`,
    });
  }
  for (const path of findMedia(json, '$', [])) {
    issues.push({ phase: 'Teams', event: 'MediaNotSupported', message: `Media element at ${path}: Teams does not render media in bot messages.` });
  }

  const context = new AC.SerializationContext(targetVersion(options.expectVersion ?? '1.5'));
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    issues.push(describe(context.getEventAt(i)));
  }
  for (const event of card.validateProperties().validationEvents) {
    issues.push(describe(event));
  }
  return { index, declaredVersion, issues };
}

try {
  const options = parseArgs(process.argv.slice(2));
  const input = JSON.parse(readFileSync(0, 'utf8'));
  const cards = Array.isArray(input) ? input : [input];
  process.stdout.write(JSON.stringify(cards.map((card, i) => validate(card, i, options))) + '\n');
} catch (error) {
  process.stderr.write(`validate-card: ${error && error.message ? error.message : error}\n`);
  process.exit(2);
}
