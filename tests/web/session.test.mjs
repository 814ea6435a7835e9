// A session that ends on the server (signed out elsewhere, or idle too long): the next API call
// answers 401 and the app shows the sign-in view again.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { USERS, signIn, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'session', idleMinutes: 1 }); });
after(async () => { await app?.close(); });

// Ends the browser's session from outside the browser: the cookie stays, the session is gone.
async function endSessionElsewhere(page) {
  const cookie = (await page.context().cookies(app.base)).find((c) => c.name === 'bb_session');
  assert.ok(cookie, 'the bb_session cookie is set');
  const headers = { Cookie: `bb_session=${cookie.value}` };
  const me = await (await fetch(app.base + '/api/v1/auth/me', { headers })).json();
  const r = await fetch(app.base + '/api/v1/auth/logout', { method: 'POST',
    headers: { ...headers, 'X-CSRF-Token': me.csrf_token, 'Content-Type': 'application/json' }, body: '{}' });
  assert.equal(r.status < 300, true, `logout from outside: ${r.status}`);
  assert.ok((await page.context().cookies(app.base)).some((c) => c.name === 'bb_session'), 'the browser still has its cookie');
}

// Moves around the app until an API call is made (home lists incidents).
async function navigate(page) {
  await page.locator('nav#nav a[href="#/settings"]').click();
  await page.waitForTimeout(300);
  if (await page.locator('main#view > [data-view="signin"]').count()) return;
  await page.locator('nav#nav a[href="#/home"]').click();
}

test('a 401 from the API (session ended elsewhere) brings the sign-in view back', (t) => withPage(app, t, async (page) => {
  await signIn(page, USERS.journalist.email, undefined, { base: app.base });
  await endSessionElsewhere(page);
  await navigate(page);
  await waitForView(page, 'signin');
  assert.equal(await page.locator('nav#nav a[href="#/triage"]').count(), 0, 'the nav is emptied');
  assert.ok(await page.locator('form#signin-form').isVisible(), 'the sign-in form is shown');
  await signIn(page, USERS.journalist.email);
}));

test('an idle session expires (server idle limit 1 minute) and the app asks to sign in again', { timeout: 200000 }, (t) => withPage(app, t, async (page) => {
  await signIn(page, USERS.journalist.email, undefined, { base: app.base });
  await page.waitForTimeout(65000);
  const me = await page.context().request.get(app.base + '/api/v1/auth/me');
  assert.equal(me.status(), 401, 'the server ended the idle session');
  // The app may already show the sign-in view (its own idle timer); if not, the next call must.
  if (!(await page.locator('main#view > [data-view="signin"]').count())) await navigate(page);
  await waitForView(page, 'signin');
}));
