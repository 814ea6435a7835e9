// Filing an incident with a pasted list of messages: scored, the abusive ones blurred until revealed;
// a complaint pack downloaded as a ZIP.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { artefactPath, fillRequired, incidentTitle, revealFirst, screenshot, submitForDownload, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'incident' }); });
after(async () => { await app?.close(); });

const ABUSIVE = ['we know where you live, you will be hurt', 'tu randi hai, chup kar',
  'stupid woman, nobody reads your garbage'];
const CLEAN = ['Thank you for your reporting on the floods.', 'See you at the press club meeting on Friday.'];
const TITLE = 'Threats after the flood story';

// Picks the option with one of `values`, else the first option with a value.
async function choose(select, values) {
  const options = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
  const v = values.find((x) => options.includes(x)) ?? options.find((x) => x !== '');
  if (v !== undefined) await select.selectOption(v);
  return v;
}

test('an incident filed with pasted messages shows them scored and blurred; reveal; complaint pack', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  await page.locator('a#new-incident').click();
  await waitForView(page, 'new-incident');
  const form = page.locator('form#incident-form');
  await form.locator('[name=title]').fill(TITLE);
  await form.locator('[name=description]').fill('After the flood story ran, these came in on X.');
  await choose(form.locator('select[name=category]'), ['threats']);
  await choose(form.locator('select[name=severity]'), ['4', 'high', '3']);
  if (await form.locator('select[name=platform]').count()) await choose(form.locator('select[name=platform]'), ['x', 'twitter']);
  await form.locator('textarea[name=paste]').fill([ABUSIVE[0], CLEAN[0], ABUSIVE[1], CLEAN[1], ABUSIVE[2]].join('\n'));
  await screenshot(page, 'new-incident');
  await form.locator('[type=submit]').click();

  await waitForView(page, 'incident', 30000);
  assert.equal(await incidentTitle(page), TITLE, 'h1#incident-title');
  const items = page.locator('ul#messages > li.msg');
  await items.first().waitFor({ timeout: 15000 });
  assert.equal(await items.count(), 5, 'ul#messages > li.msg: the 5 pasted lines');
  // Checks that do not stop the flow are collected and asserted at the end, so one bug hides no other.
  const soft = [];
  for (let i = 0; i < 5; i++) {
    const scores = (await items.nth(i).locator('.scores').textContent()).trim();
    if (!/[a-z]+\s*[01][.,]\d+/i.test(scores)) soft.push(`message ${i} .scores should show scores like "abusive 0.93", seen ${JSON.stringify(scores)}`);
  }
  for (const text of CLEAN) {
    const li = items.filter({ hasText: text });
    assert.equal(await li.count(), 1, `the clean message "${text}" is shown`);
    assert.equal(await li.locator('.msg-text.blurred').count(), 0, `"${text}" is not blurred`);
    assert.equal((await li.getAttribute('data-labels') || '').trim(), '', `"${text}" has no labels`);
  }
  const flagged = items.filter({ has: page.locator('.msg-text.blurred') });
  assert.equal(await flagged.count(), 3, 'the 3 abusive messages are blurred (.msg-text.blurred)');
  for (let i = 0; i < 3; i++) {
    const labels = (await flagged.nth(i).getAttribute('data-labels') || '').trim();
    assert.match(labels, /abusive|threat|gendered|insult|identity/, `a blurred message has data-labels, seen ${JSON.stringify(labels)}`);
    assert.equal(await flagged.nth(i).locator('button.reveal').count(), 1, 'a blurred message has button.reveal');
  }
  // Safe viewing: the abusive words are not readable before reveal.
  const hiddenText = await page.locator('ul#messages').textContent();
  assert.ok(!hiddenText.includes(ABUSIVE[0]), 'the threat is not in the page text before reveal');
  await screenshot(page, 'incident');

  const one = await revealFirst(items);
  await assert.doesNotReject(one.locator('.msg-text:not(.blurred)').waitFor({ timeout: 10000 }),
    'clicking button.reveal removes .blurred');
  const revealed = (await one.locator('.msg-text').textContent()).trim();
  assert.ok(ABUSIVE.includes(revealed), `the revealed text is the original message, seen ${JSON.stringify(revealed)}`);
  assert.equal(await items.filter({ has: page.locator('.msg-text.blurred') }).count(), 2, 'the others stay blurred');

  // The messages are stored: a reload shows them again.
  await page.reload();
  await waitForView(page, 'incident');
  await items.first().waitFor({ timeout: 15000 });
  assert.equal(await items.count(), 5, 'the messages are still there after a reload');

  // Complaint pack.
  const pack = page.locator('form#pack-form');
  await choose(pack.locator('select[name=template]'), ['x', 'pk-fia']);
  await pack.locator('textarea[name=summary]').fill('Threats received after the flood story.');
  await fillRequired(pack); // the template's own fields (police station, account links, ...)
  const download = await submitForDownload(page, pack);
  const id = new URL(page.url()).hash.match(/#\/incidents\/(\d+)/)?.[1];
  assert.ok(id, `the URL names the incident, seen ${page.url()}`);
  assert.equal(download.suggestedFilename(), `incident-${id}-pack.zip`, 'the pack is named incident-ID-pack.zip');
  const saved = artefactPath('downloads', download.suggestedFilename());
  await download.saveAs(saved);
  const head = fs.readFileSync(saved).subarray(0, 4);
  assert.equal(head.toString('latin1', 0, 2), 'PK', `the pack is a ZIP (starts with PK), seen ${JSON.stringify(head.toString('latin1'))}`);
  assert.ok(fs.statSync(saved).size > 1000, 'the pack has content');
  assert.deepEqual(soft, [], 'incident page problems');
}));

test('a screenshot uploaded as evidence, with progress, is read by OCR into a scored, blurred message', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  const { incident } = await app.api(page, 'POST', '/api/v1/incidents', { title: 'Screenshot of a DM', category: 'threats' });
  // The screenshot: a chat message drawn by the browser itself (PNG), as a phone would save it.
  const shot = await withPage(app, t, async (drawer) => {
    await drawer.setContent('<body style="margin:0;background:#fff"><p style="font:32px sans-serif;margin:40px;color:#000">' +
      'you stupid bitch, shut up or we will hurt you</p></body>');
    return drawer.screenshot({ type: 'png', clip: { x: 0, y: 0, width: 1000, height: 140 } });
  });
  await page.goto(app.url('#/incidents/' + incident.id));
  const form = page.locator('form#evidence-form');
  await form.waitFor({ timeout: 15000 });
  await form.locator('input[type=file]').setInputFiles({ name: 'dm-screenshot.png', mimeType: 'image/png', buffer: shot });
  // (On loopback the bytes go at once: the browser may report only the end of the upload.)
  const sawProgress = page.waitForFunction(() => /\d+\s*%|Upload finished/.test(document.getElementById('status')?.textContent || ''),
    null, { timeout: 30000, polling: 'raf' }).then(() => true, () => false);
  await form.locator('button[type=submit]').click();
  await assert.doesNotReject(page.locator('ul#evidence-list li', { hasText: 'dm-screenshot.png' }).waitFor({ timeout: 60000 }),
    'ul#evidence-list lists the screenshot');
  assert.ok(await sawProgress, '#status shows the upload progress');
  const msg = page.locator('.msg-text.blurred');
  await assert.doesNotReject(msg.first().waitFor({ timeout: 15000 }), 'the text read from the screenshot is a blurred message');
  const labels = await page.locator('.scores[data-labels]').first().getAttribute('data-labels');
  assert.match(labels, /abusive/, `the OCR message is scored: ${labels}`);
  assert.ok(!(await page.locator('main#view').textContent()).includes('stupid bitch'), 'its words are not in the page until revealed');

  // The image itself: not loaded until asked, then shown blurred, then as it is.
  const item = page.locator('ul#evidence-list li', { hasText: 'dm-screenshot.png' });
  assert.equal(await item.locator('img').count(), 0, 'no image is loaded unasked');
  await item.locator('button.preview-show').click();
  const img = item.locator('.preview img');
  await img.waitFor({ timeout: 15000 });
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle(), { timeout: 15000 });
  assert.equal(await img.evaluate((el) => el.naturalWidth), 1000, 'the preview is the uploaded screenshot');
  assert.match(await img.getAttribute('class'), /blurred/, 'and starts blurred');
  assert.notEqual(await img.evaluate((el) => getComputedStyle(el).filter), 'none', 'the blur is applied');
  await screenshot(page, 'evidence-preview', { full: false });
  await item.locator('.preview button.reveal').click();
  assert.doesNotMatch(await img.getAttribute('class') || '', /blurred/, 'Show the image removes the blur');
}));
