// Validates a Teams app manifest against the official JSON schema bundled in @microsoft/app-manifest, offline.
//
//   node tests/node/validate-manifest.mjs <manifest.json>
//
// Prints one JSON object on stdout: {"schema": "<local schema file>", "errors": ["<path> <message>", ...]}.
// Exit codes: 0 valid, 1 schema errors or unreadable JSON, 2 setup problem (dependencies missing, schema version
// not bundled). The schema is always read from the package, never downloaded.
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const SETUP_HINT = 'Run `npm ci --prefix tests/node` (the test command does this before `dotnet test`).';

function fail(code, message) {
  process.stdout.write(`${JSON.stringify({ schema: null, errors: [message] })}\n`);
  process.exit(code);
}

const file = process.argv[2];
if (!file) {
  fail(2, 'usage: node validate-manifest.mjs <manifest.json>');
}

let AppManifestUtils;
let packageDir;
try {
  ({ AppManifestUtils } = require('@microsoft/app-manifest'));
  packageDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
} catch (error) {
  fail(2, `@microsoft/app-manifest is not installed (${error.code ?? error.message}). ${SETUP_HINT}`);
}

let manifest;
try {
  // Parsed here on purpose: the package's readers stop at the first problem.
  manifest = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
} catch (error) {
  fail(1, `cannot read ${file} as JSON: ${error.message}`);
}

const match = /\/json-schemas\/teams\/(v[0-9.]+|vDevPreview)\/MicrosoftTeams\.schema\.json$/.exec(manifest.$schema ?? '');
if (!match) {
  fail(1, `$schema must be a Teams manifest schema URL, got ${JSON.stringify(manifest.$schema)}`);
}

const schemaFile = join(packageDir, 'build', 'json-schemas', 'teams', match[1], 'MicrosoftTeams.schema.json');
if (!existsSync(schemaFile)) {
  fail(2, `schema ${match[1]} is not bundled in @microsoft/app-manifest (${schemaFile} missing)`);
}

const schema = JSON.parse(readFileSync(schemaFile, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b'));
const errors = await AppManifestUtils.validateAgainstSchema(manifest, schema);
process.stdout.write(`${JSON.stringify({ schema: schemaFile, errors })}\n`);
process.exit(errors.length === 0 ? 0 : 1);
