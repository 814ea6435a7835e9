// The community lexicon: a coordinator proposes a made-up word, an admin approves it, and the
// try box then flags a message holding it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'lexicon' }); });
after(async () => { await app?.close(); });

const TERM = 'zorblefrump';
const SAMPLE = `the report said ${TERM} again`;

async function tryText(page, text) {
  const form = page.locator('form#try-form');
  await form.locator('textarea[name=text]').fill(text);
  const before = await page.locator('#try-result').textContent().catch(() => null);
  await form.locator('[type=submit]').click();
  const result = page.locator('#try-result');
  await result.waitFor({ state: 'visible', timeout: 15000 });
  // Wait until the result shows this text (or changed).
  await page.waitForFunction(([prev]) => {
    const r = document.querySelector('#try-result');
    return r && r.textContent.trim() !== '' && r.textContent !== prev;
  }, [before], { timeout: 15000 });
  const labelled = result.locator('[data-labels]').or(page.locator('#try-result[data-labels]'));
  const labels = (await labelled.count()) ? ((await labelled.first().getAttribute('data-labels')) || '').trim() : null;
  const marks = await result.locator('mark').allTextContents();
  return { labels, marks };
}

test('a proposed term, once approved, flags a message in the try box', (t) => withPage(app, t, async (coord) => {
  await app.apiSignIn(coord, 'coordinator');
  await coord.goto(app.url('#/lexicon'));
  await waitForView(coord, 'lexicon');

  const baseline = await tryText(coord, SAMPLE);
  t.diagnostic(`before approval: ${JSON.stringify(baseline)}`);
  assert.notEqual(baseline.labels, null, '#try-result carries a data-labels attribute');
  assert.ok(!baseline.marks.some((m) => m.includes(TERM)), 'the unknown word is not highlighted before approval');

  const form = coord.locator('form#propose-form');
  await form.locator('[name=term]').fill(TERM);
  await form.locator('select[name=lang]').selectOption('en');
  const sev = form.locator('select[name=severity]');
  const sevs = await sev.locator('option').evaluateAll((os) => os.map((o) => o.value));
  await sev.selectOption(sevs.includes('3') ? '3' : sevs[sevs.length - 1]);
  await form.locator('input[name=categories][value=insult]').check();
  await form.locator('[name=notes]').fill('made-up word for the browser test');
  await form.locator('[type=submit]').click();
  const pending = coord.locator('ul#pending-list > li[data-term-id]').filter({ has: coord.locator('.term', { hasText: TERM }) });
  await assert.doesNotReject(pending.waitFor({ timeout: 15000 }), 'the proposal appears in ul#pending-list');

  await withPage(app, t, async (admin) => {
    await app.apiSignIn(admin, 'admin');
    await admin.goto(app.url('#/lexicon'));
    await waitForView(admin, 'lexicon');
    const li = admin.locator('ul#pending-list > li[data-term-id]').filter({ has: admin.locator('.term', { hasText: TERM }) });
    await li.waitFor({ timeout: 15000 });
    await screenshot(admin, 'lexicon');
    await li.locator('button.approve').click();
    await assert.doesNotReject(admin.locator('ul#active-list > li', { hasText: TERM }).waitFor({ timeout: 15000 }),
      'the approved term moves to ul#active-list');
    assert.equal(await admin.locator('ul#pending-list > li[data-term-id]').filter({ hasText: TERM }).count(), 0,
      'and leaves the pending list');
    assert.ok(await admin.locator('ul#versions-list > li').count() >= 1, 'ul#versions-list shows the new version');

    const after = await tryText(admin, SAMPLE);
    t.diagnostic(`after approval: ${JSON.stringify(after)}`);
    assert.ok(after.marks.some((m) => m.toLowerCase().includes(TERM)), `the term is highlighted in a <mark>, seen ${JSON.stringify(after.marks)}`);
    assert.ok(after.labels && after.labels.length > 0, `the message is flagged (data-labels), seen ${JSON.stringify(after.labels)}`);
  });
}));
