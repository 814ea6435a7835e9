#!/usr/bin/env node
// run.mjs: the ctest entry point of the browser tests (web_e2e_test).
// Usage: node tests/web/run.mjs BYTEBACK_BINARY SOURCE_DIR [ARTEFACT_DIR] [-- NAME.test.mjs ...]
// Fails (never skips) when Chromium or tests/web/node_modules is missing, naming the fix:
// scripts/install-deps.sh test. Runs every tests/web/*.test.mjs with Node's own test runner, one file
// at a time (each file starts its own server and browser; the machine has 2 cores).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
const positional = dash >= 0 ? argv.slice(0, dash) : argv;
const only = dash >= 0 ? argv.slice(dash + 1) : (process.env.BB_WEB_TESTS || '').split(/[ ,]+/).filter(Boolean);
const [binary, source, artefacts] = positional;
if (!binary || !source) {
  console.error('usage: node tests/web/run.mjs BYTEBACK_BINARY SOURCE_DIR [ARTEFACT_DIR] [-- FILE.test.mjs ...]');
  process.exit(2);
}
process.env.BB_BINARY = path.resolve(binary);
process.env.BB_SOURCE = path.resolve(source);
if (artefacts) process.env.BB_WEB_ARTEFACTS = path.resolve(artefacts);
if (!process.env.BB_WEB_ARTEFACTS) process.env.BB_WEB_ARTEFACTS = path.resolve(process.cwd(), 'web-artefacts');

// The check needs no npm package, so that it can say what is missing.
const { missingPrerequisite, ARTEFACTS } = await import('./harness.mjs');
const problem = missingPrerequisite();
if (problem) {
  console.error(`web_e2e_test: FAILED: ${problem}`);
  process.exit(1);
}

let files = fs.readdirSync(here).filter((f) => f.endsWith('.test.mjs')).sort();
if (only.length) files = files.filter((f) => only.some((o) => f === o || f === o + '.test.mjs' || f.startsWith(o)));
if (!files.length) {
  console.error('web_e2e_test: FAILED: no test file matched');
  process.exit(1);
}
fs.mkdirSync(ARTEFACTS, { recursive: true });
for (const old of ['screenshots', 'failures', 'logs']) fs.rmSync(path.join(ARTEFACTS, old), { recursive: true, force: true });
console.log(`web_e2e_test: ${files.length} file(s); artefacts in ${ARTEFACTS}`);

const r = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-timeout=240000',
  '--test-reporter=spec', ...files.map((f) => path.join(here, f))], { stdio: 'inherit', cwd: here, env: process.env });
if (r.error) {
  console.error(`web_e2e_test: FAILED: ${r.error.message}`);
  process.exit(1);
}
console.log(`web_e2e_test: screenshots, page weights and server logs in ${ARTEFACTS}`);
process.exit(r.status ?? 1);
