// Triage: upload a WhatsApp export, see its messages sorted into buckets, blurred, and file an
// incident from the flagged ones.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, revealFirst, screenshot, showAllTriage, startApp, uploadForTriage, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'triage' }); });
after(async () => { await app?.close(); });

// The counts of #triage-summary by data-bucket. The contract names severe, strong, mild, none; the
// API's severities are severe, high, medium, low, none: either set is read, severe and none required.
async function bucketCounts(page) {
  const out = {};
  const cells = page.locator('#triage-summary [data-bucket]');
  for (let i = 0; i < await cells.count(); i++) {
    const b = await cells.nth(i).getAttribute('data-bucket');
    const text = (await cells.nth(i).locator('.count').textContent()).trim();
    assert.ok(/\d/.test(text), `[data-bucket=${b}] .count holds a number, seen ${JSON.stringify(text)}`);
    out[b] = Number(text.replace(/[^\d]/g, ''));
  }
  for (const b of ['severe', 'none']) assert.ok(b in out, `#triage-summary [data-bucket=${b}] exists, seen ${JSON.stringify(out)}`);
  return out;
}

test('a WhatsApp export is triaged: buckets, top handles, blurred list, incident from the flagged', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/triage'));
  await waitForView(page, 'triage');
  await uploadForTriage(page, path.join(FIXTURES, 'whatsapp_triage.txt'));

  const counts = await bucketCounts(page);
  t.diagnostic(`buckets: ${JSON.stringify(counts)}`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  assert.equal(total, 9, `the 9 messages of the export are counted (buckets ${JSON.stringify(counts)})`);
  assert.ok(counts.severe >= 2, `the threat and the slur are severe (buckets ${JSON.stringify(counts)})`);
  assert.ok(counts.none >= 3, `the thanks, the plea and the greeting are not abuse (buckets ${JSON.stringify(counts)})`);

  const handles = page.locator('ol#top-handles > li');
  assert.ok(await handles.count() >= 1, 'ol#top-handles lists handles');
  assert.match(await handles.first().textContent(), /Troll King/, 'the most abusive handle comes first');

  const items = page.locator('ul#triage-list > li.msg');
  await showAllTriage(page);
  assert.equal(await items.count(), 9, 'ul#triage-list > li.msg: one per message (all shown)');
  const benign = items.filter({ hasText: 'Thank you for your reporting on the floods.' });
  assert.equal(await benign.count(), 1, 'a clean message is shown as it is');
  assert.equal(await benign.locator('.msg-text.blurred').count(), 0, 'a clean message is not blurred');
  const blurred = items.filter({ has: page.locator('.msg-text.blurred') });
  assert.ok(await blurred.count() >= 4, `flagged messages are blurred (seen ${await blurred.count()})`);
  assert.equal(await blurred.filter({ has: page.locator('button.reveal') }).count(), await blurred.count(),
    'every blurred message has button.reveal');
  await screenshot(page, 'triage-results');

  // Reveal one: the threat.
  const first = await revealFirst(items);
  await assert.doesNotReject(first.locator('.msg-text:not(.blurred)').waitFor({ timeout: 5000 }),
    'clicking reveal removes .blurred');
  assert.ok((await first.locator('.msg-text').textContent()).trim().length > 0, 'the revealed text is shown');

  // Pick the flagged ones and file an incident from them.
  await page.locator('button#select-flagged').click();
  const picked = await items.locator('input.pick:checked').count();
  assert.ok(picked >= 4, `button#select-flagged ticks the flagged messages (ticked ${picked})`);
  assert.equal(await benign.locator('input.pick:checked').count(), 0, 'a clean message is not ticked');
  await page.locator('button#file-incident').click();
  await waitForView(page, 'incident', 30000);
  const filed = page.locator('ul#messages > li.msg');
  await filed.first().waitFor({ timeout: 15000 });
  assert.equal(await filed.count(), picked, 'the new incident holds the picked messages');
}));

test('the triage CSV export downloads', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/triage'));
  await waitForView(page, 'triage');
  await uploadForTriage(page, path.join(FIXTURES, 'whatsapp_triage.txt'));
  await page.locator('button#select-flagged').click();
  const picked = await page.locator('ul#triage-list input.pick:checked').count();
  assert.ok(picked >= 4, `button#select-flagged ticks the flagged messages (ticked ${picked})`);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }),
    page.locator('button#export-csv').click()]);
  assert.match(download.suggestedFilename(), /\.csv$/i, 'a .csv file');
  const file = await download.path();
  const { readFileSync } = await import('node:fs');
  const csv = readFileSync(file, 'utf8');
  const rows = csv.trim().split(/\r?\n/);
  assert.equal(rows.length, picked + 1, `a header and the ${picked} picked messages, seen ${rows.length} lines`);
  assert.ok(csv.includes('we know where you live'), 'the CSV holds the messages');
}));
