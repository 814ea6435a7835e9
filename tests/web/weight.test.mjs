// Page weight: the first load of each main page in a new browser (empty cache), every request
// counted as bytes on the wire (Chromium's encodedDataLength: headers plus the body as sent,
// compressed since Chromium sends Accept-Encoding: gzip, deflate, br). Each must stay under 150 KB
// (150,000 bytes) for a journalist on a slow phone connection. Written to page-weights.json.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { artefactPath, createIncident, measurePageWeight, startApp } from './harness.mjs';

const LIMIT = 150000;
let app;
before(async () => { app = await startApp({ name: 'weight' }); });
after(async () => { await app?.close(); });

test('each main page loads in under 150 KB compressed', async (t) => {
  const ctx = await app.browser.newContext();
  const seed = await ctx.newPage();
  await app.apiSignIn(seed, 'admin');
  const incident = await createIncident(app, seed, { title: 'Threats after the flood story',
    messages: ['we know where you live, you will be hurt', 'Thank you for your reporting on the floods.'] });
  await ctx.close();

  const pages = [
    { name: 'signin', hash: '', view: 'signin' },
    { name: 'home', hash: '#/home', view: 'home', as: 'admin' },
    { name: 'triage', hash: '#/triage', view: 'triage', as: 'admin' },
    { name: 'new-incident', hash: '#/incidents/new', view: 'new-incident', as: 'admin' },
    { name: 'incident', hash: `#/incidents/${incident.id}`, view: 'incident', as: 'admin' },
    { name: 'lexicon', hash: '#/lexicon', view: 'lexicon', as: 'admin' },
    { name: 'admin-users', hash: '#/admin/users', view: 'admin', as: 'admin' },
    { name: 'settings', hash: '#/settings', view: 'settings', as: 'admin' },
  ];
  const results = [];
  const problems = [];
  for (const p of pages) {
    try {
      results.push(await measurePageWeight(app, { name: p.name, url: app.url(p.hash), view: p.view, as: p.as }));
    } catch (e) {
      problems.push(`${p.name}: ${e.message.split('\n')[0]}`);
    }
  }
  const report = { limit_bytes: LIMIT, accept_encoding: results[0]?.acceptEncoding ?? '', pages: results };
  fs.writeFileSync(artefactPath('page-weights.json'), JSON.stringify(report, null, 2) + '\n');
  const lines = results.map((r) => `${r.name.padEnd(13)} ${String(r.bytes).padStart(8)} B  ${String(r.kib).padStart(6)} KiB  ` +
    `${r.requests.length} requests (${[...new Set(r.requests.map((q) => q.encoding))].join(',')})`);
  console.log(`page weights (first load, empty cache, Accept-Encoding: ${report.accept_encoding}):\n  ${lines.join('\n  ')}`);
  for (const l of lines) t.diagnostic(l);
  assert.deepEqual(problems, [], 'every page could be measured');
  const heavy = results.filter((r) => r.bytes >= LIMIT).map((r) => `${r.name}: ${r.bytes} B`);
  assert.deepEqual(heavy, [], `pages at or over ${LIMIT} bytes`);
  const uncompressed = results.flatMap((r) => r.requests.filter((q) => q.bytes > 2000 && q.encoding === 'identity')
    .map((q) => `${r.name} ${q.url} ${q.bytes} B`));
  if (uncompressed.length) t.diagnostic(`sent uncompressed: ${uncompressed.join('; ')}`);
});
