// Signing in and out with the form, as a person does; what the navigation offers each role.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, USERS, screenshot, signIn, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'signin' }); });
after(async () => { await app?.close(); });

test('a wrong password is refused with a message; the right one opens home', (t) => withPage(app, t, async (page) => {
  await page.goto(app.url());
  await waitForView(page, 'signin');
  await screenshot(page, 'signin');
  const form = page.locator('form#signin-form');
  await form.locator('input[name=email]').fill(USERS.journalist.email);
  await form.locator('input[name=password]').fill('not the password at all');
  await form.locator('button[type=submit]').click();
  const status = page.locator('#status');
  await assert.doesNotReject(status.and(page.locator('.error')).waitFor({ timeout: 10000 }),
    '#status gets class "error" after a wrong password');
  assert.notEqual((await status.textContent()).trim(), '', '#status says why');
  await waitForView(page, 'signin');

  await signIn(page, USERS.journalist.email, PASSWORD);
  const nav = page.locator('nav#nav');
  for (const href of ['#/home', '#/triage', '#/settings']) {
    assert.equal(await nav.locator(`a[href="${href}"]`).count(), 1, `nav link ${href} for a journalist`);
  }
  assert.equal(await nav.locator('a[href="#/admin/users"]').count(), 0, 'no admin link for a journalist');
  assert.equal(await nav.locator('a[href="#/lexicon"]').count(), 0, 'no lexicon link for a journalist');
  assert.equal(await page.locator('a#new-incident[href="#/incidents/new"]').count(), 1, 'a#new-incident on home');
}));

test('an admin sees the lexicon and admin links; sign-out returns to the sign-in view', (t) => withPage(app, t, async (page) => {
  await signIn(page, USERS.admin.email, PASSWORD, { base: app.base });
  const nav = page.locator('nav#nav');
  for (const href of ['#/home', '#/triage', '#/lexicon', '#/admin/users', '#/settings']) {
    assert.equal(await nav.locator(`a[href="${href}"]`).count(), 1, `nav link ${href} for an admin`);
  }
  await nav.locator('button#sign-out').click();
  await waitForView(page, 'signin');
  const me = await page.context().request.get(app.base + '/api/v1/auth/me');
  assert.equal(me.status(), 401, 'the session ended on the server');
  assert.equal(await page.locator('nav#nav a[href="#/admin/users"]').count(), 0, 'the nav is emptied after sign-out');
}));
