// People and their accounts, as they use the pages: the first admin's setup from the console link,
// an admin adding a user and inviting another (who accepts the link), a journalist sharing an
// incident with a trusted person by e-mail, an API key made and revoked, and two-step sign-in turned
// on and then needed at the next sign-in.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, test } from 'node:test';
import { PASSWORD, USERS, createIncident, screenshot, signIn, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'accounts' }); });
after(async () => { await app?.close(); });

// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) of a base32 secret, as an authenticator app makes it.
function totp(secret, at = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    assert.ok(v >= 0, `base32 character ${c} in the TOTP secret`);
    bits += v.toString(2).padStart(5, '0');
  }
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const o = mac[mac.length - 1] & 0xf;
  const n = ((mac[o] & 0x7f) << 24) | (mac[o + 1] << 16) | (mac[o + 2] << 8) | mac[o + 3];
  return String(n % 1e6).padStart(6, '0');
}

async function fill(form, values) {
  for (const [name, value] of Object.entries(values)) {
    const control = form.locator(`[name="${name}"]`);
    if (await control.evaluate((el) => el.tagName) === 'SELECT') await control.selectOption(value);
    else await control.fill(value);
  }
}

test('the first admin sets up a fresh install from the link the server prints', async (t) => {
  const fresh = await startApp({ name: 'setup', users: [] });
  try {
    await withPage(fresh, t, async (page) => {
      const m = /\/setup#token=([A-Za-z0-9_-]+)/.exec(fresh.server.log());
      assert.ok(m, 'byteback serve prints the /setup#token= link');
      await page.goto(fresh.base + '/setup#token=' + m[1]);
      await waitForView(page, 'setup');
      const form = page.locator('form#setup-form');
      assert.equal(await form.locator('input[name=token]').inputValue(), m[1], 'the token is taken from the link');
      assert.ok(!page.url().includes(m[1]), 'the token is dropped from the address bar');
      await fill(form, { email: 'root@example.org', display_name: 'Rehana Root', password: PASSWORD });
      await form.locator('button[type=submit]').click();
      await waitForView(page, 'signin');
      await signIn(page, 'root@example.org');
      assert.equal(await page.locator('nav#nav a[href="#/admin/users"]').count(), 1, 'the new admin sees Admin');
    });
  } finally {
    await fresh.close();
  }
});

test('an admin adds a user and invites another, who accepts the link and signs in', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'admin');
  await page.goto(app.url('#/admin/users'));
  await waitForView(page, 'admin');
  const form = page.locator('form#user-form');
  await fill(form, { email: 'nadia@example.org', display_name: 'Nadia Newcomer', password: PASSWORD, role: 'focal_person',
    country: 'bd' });
  await form.locator('button[type=submit]').click();
  const row = page.locator('table#user-table tr', { hasText: 'nadia@example.org' });
  await assert.doesNotReject(row.waitFor({ timeout: 15000 }), 'table#user-table lists the new user');
  assert.match(await row.textContent(), /BD/, 'with her country');

  // Her role can be changed from the table.
  await row.locator('select[name=role]').selectOption('member');
  await row.locator('button.role-save').click();
  await page.locator('#status', { hasText: 'Role changed' }).waitFor({ timeout: 15000 });
  const users = await app.api(page, 'GET', '/api/v1/admin/users');
  assert.equal(users.users.find((u) => u.email === 'nadia@example.org').role, 'member', 'the role was changed');

  await page.locator('a#tab-invitations').click();
  await page.locator('form#invite-form').waitFor({ timeout: 15000 });
  await page.locator('form#invite-form select[name=role]').selectOption('journalist');
  await page.locator('form#invite-form button[type=submit]').click();
  const link = page.locator('input#invite-link');
  await link.waitFor({ timeout: 15000 });
  const href = await link.inputValue();
  assert.ok(href.startsWith(app.base + '/?invitation='), `the invitation link is on this server: ${href}`);

  await withPage(app, t, async (guest) => {
    await guest.goto(href);
    await waitForView(guest, 'accept');
    const accept = guest.locator('form#accept-form');
    await fill(accept, { email: 'invited@example.org', display_name: 'Ishrat Invited', password: PASSWORD });
    await accept.locator('button[type=submit]').click();
    await waitForView(guest, 'signin');
    assert.ok(!guest.url().includes('invitation='), 'the spent link leaves the address bar');
    await signIn(guest, 'invited@example.org');
  });

  // The audit log shows what happened.
  await page.locator('a#tab-audit').click();
  const audit = page.locator('table#audit-table');
  await audit.waitFor({ timeout: 15000 });
  assert.match(await audit.textContent(), /user\.created/, 'the audit log lists user.created');
  const filter = page.locator('form#audit-filter');
  await filter.locator('input[name=action]').fill('invitation.accepted');
  await filter.locator('button[type=submit]').click();
  await page.waitForFunction(() => location.hash.includes('action=invitation.accepted'));
  await page.locator('table#audit-table').waitFor({ timeout: 15000 });
  const actions = await page.locator('table#audit-table tbody tr td:nth-child(2)').allTextContents();
  assert.ok(actions.length >= 1 && actions.every((a) => a === 'invitation.accepted'), `filtered: ${actions}`);
  await screenshot(page, 'admin-audit');
}));

test('a journalist shares an incident with a trusted person by e-mail, who then sees it', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  const incident = await createIncident(app, page, { title: 'Shared with my editor', messages: ['see you at the office'] });
  await page.goto(app.url('#/incidents/' + incident.id));
  const form = page.locator('form#reviewer-form');
  await form.waitFor({ timeout: 15000 });
  await form.locator('input[name=email]').fill('nobody@example.org');
  await form.locator('button[type=submit]').click();
  await assert.doesNotReject(page.locator('#status.error').waitFor({ timeout: 10000 }), 'an unknown e-mail is refused');
  assert.equal(await form.locator('input[name=email]').inputValue(), 'nobody@example.org', 'what she typed is kept');
  await form.locator('input[name=email]').fill(USERS.coordinator.email);
  await form.locator('button[type=submit]').click();
  await assert.doesNotReject(page.locator('ul#reviewer-list li', { hasText: USERS.coordinator.email }).waitFor({ timeout: 10000 }),
    'ul#reviewer-list names the trusted person');

  await withPage(app, t, async (friend) => {
    await app.apiSignIn(friend, 'coordinator');
    await friend.goto(app.url('#/incidents/' + incident.id));
    await assert.doesNotReject(friend.locator('#incident-title', { hasText: 'Shared with my editor' }).waitFor({ timeout: 15000 }),
      'the reviewer opens the incident');
  });
}));

test('an API key is made, shown once and revoked; two-step sign-in is turned on and then asked for', (t) => withPage(app, t, async (page) => {
  await signIn(page, USERS.journalist.email, PASSWORD, { base: app.base });
  await page.locator('nav#nav a[href="#/settings"]').click();
  await waitForView(page, 'settings');

  const keyForm = page.locator('form#key-form');
  await keyForm.locator('input[name=name]').fill('newsroom script');
  await keyForm.locator('button[type=submit]').click();
  const secret = page.locator('input#key-secret');
  await secret.waitFor({ timeout: 15000 });
  const key = await secret.inputValue();
  assert.match(key, /^bbk_/, 'the key is shown');
  // A script with the key (no cookie).
  const score = () => fetch(app.base + '/api/v1/score', { method: 'POST',
    headers: { Authorization: 'Bearer ' + key, 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'hello' }) });
  const scored = await score();
  assert.equal(scored.status, 200, `the key works: ${await scored.text()}`);
  const item = page.locator('ul#key-list li', { hasText: 'newsroom script' });
  await item.locator('button.revoke').click();
  await assert.doesNotReject(page.locator('ul#key-list li', { hasText: 'newsroom script' }).waitFor({ state: 'detached', timeout: 10000 }));
  assert.equal((await score()).status, 401, 'a revoked key is refused');

  await page.locator('button#totp-enroll').click();
  const shown = page.locator('#totp-secret');
  await shown.waitFor({ timeout: 15000 });
  const totpSecret = (await shown.textContent()).trim();
  assert.match(await page.locator('a#totp-link').getAttribute('href'), /^otpauth:\/\/totp\//);
  await page.locator('form#totp-form input[name=code]').fill(totp(totpSecret));
  await page.locator('form#totp-form button[type=submit]').click();
  await page.locator('#totp-state', { hasText: /on/ }).waitFor({ timeout: 10000 });
  await screenshot(page, 'settings-totp', { full: false });

  await page.locator('button#sign-out').click();
  await waitForView(page, 'signin');
  const form = page.locator('form#signin-form');
  await form.locator('input[name=email]').fill(USERS.journalist.email);
  await form.locator('input[name=password]').fill(PASSWORD);
  await form.locator('button[type=submit]').click();
  const code = form.locator('input[name=totp]');
  await assert.doesNotReject(code.waitFor({ state: 'visible', timeout: 10000 }), 'the code field appears');
  await code.fill('000000' === totp(totpSecret) ? '111111' : '000000');
  await form.locator('button[type=submit]').click();
  await page.locator('#status.error').waitFor({ timeout: 10000 });
  await waitForView(page, 'signin');
  // The code that confirmed the enrolment is spent; the authenticator's next one (accepted one
  // step early) signs in.
  await code.fill(totp(totpSecret));
  await form.locator('button[type=submit]').click();
  await assert.doesNotReject(page.locator('#status.error', { hasText: 'already used' }).waitFor({ timeout: 10000 }),
    'a code used once is refused');
  await code.fill(totp(totpSecret, Date.now() + 30000));
  await form.locator('button[type=submit]').click();
  await waitForView(page, 'home');
}));

test('the keyboard reaches the skip link first and the quick exit before the page', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'coordinator');  // (the journalist has two-step sign-in by now)
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  // A new view takes the focus (screen readers start reading it); the header with the quick exit is
  // just before it: Shift+Tab from the view reaches it, and the skip link comes first of all.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'view', 'the view has the focus');
  assert.equal(await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea').className),
    'skip', 'the first focusable element is the skip link');
  const back = [];
  for (let i = 0; i < 12 && !back.includes('quick-exit'); i++) {
    await page.keyboard.press('Shift+Tab');
    back.push(await page.evaluate(() => document.activeElement.id || document.activeElement.getAttribute('href') || ''));
  }
  assert.ok(back.includes('quick-exit'), `Shift+Tab from the view reaches the quick exit: ${back}`);
  // (Offline machine: the neutral page is answered here.)
  await page.route((url) => !url.href.startsWith(app.base), (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title>' }));
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.href.startsWith(app.base), { timeout: 15000 }).catch(() => {});
  assert.ok(!page.url().startsWith(app.base), `Enter on the quick exit leaves the app: ${page.url()}`);
  await app.apiSignIn(page, 'coordinator');
  // Every form control on the main pages has a label.
  for (const hash of ['#/home', '#/triage', '#/incidents/new', '#/settings']) {
    await page.goto(app.url(hash));
    await page.locator('main#view > [data-view]').first().waitFor({ timeout: 15000 });
    await page.waitForTimeout(200);
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
      .filter((el) => el.type !== 'hidden' && !el.closest('[hidden]'))
      .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.closest('label'))
      .map((el) => el.name || el.id));
    assert.deepEqual(unlabelled, [], `controls without a label on ${hash}`);
  }
}));
