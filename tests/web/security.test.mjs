// Security in the browser: stored markup never runs and is shown as text; quick exit leaves for the
// neutral page, signs out, and Back does not come back into the app.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, createIncident, incidentTitle, revealAll, showAllTriage, startApp, uploadForTriage, waitForView,
  withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'security' }); });
after(async () => { await app?.close(); });

const SCRIPT = `<script>window.__bb_xss='script';alert('script')</script>`;
const IMG = `<img src=x onerror="window.__bb_xss='img';alert('img')">`;
const SVG = `<svg onload="window.__bb_xss='svg'"></svg><a href="javascript:window.__bb_xss='href'">link</a>`;
const BOLD = '<b>bold</b> & "quotes" stay text';

// Before any page script: a record of CSP violations (an injected inline handler or script that the
// CSP blocked still means markup got into the DOM).
async function arm(page) {
  await page.addInitScript(() => {
    window.__bb_csp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__bb_csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample || ''}`);
    });
  });
}

async function assertInert(page, where) {
  await page.waitForTimeout(500); // time for an onerror or onload to fire
  const state = await page.evaluate(() => ({
    flag: window.__bb_xss ?? null,
    csp: window.__bb_csp || [],
    injected: [...document.querySelectorAll('main#view img[src="x"], main#view script, main#view svg[onload], main#view b, main#view a[href^="javascript:"]')]
      .map((e) => e.outerHTML.slice(0, 80)),
  }));
  assert.equal(state.flag, null, `${where}: a payload ran (window.__bb_xss = ${state.flag})`);
  assert.deepEqual(page.__diag.dialogs, [], `${where}: no dialog fired`);
  assert.deepEqual(state.injected, [], `${where}: payload markup became elements`);
  assert.deepEqual(state.csp, [], `${where}: CSP violations (markup was injected, the CSP blocked it)`);
}

test('stored payloads in an incident title and its messages are shown as text and never run', (t) => withPage(app, t, async (page) => {
  await arm(page);
  await app.apiSignIn(page, 'journalist');
  const incident = await createIncident(app, page, { title: `Title ${IMG}`, messages: [SCRIPT, IMG, SVG, BOLD] });

  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  const entry = page.locator(`ul#incident-list > li a[href="#/incidents/${incident.id}"]`);
  await entry.waitFor({ timeout: 15000 });
  assert.ok((await entry.textContent()).includes(`Title ${IMG}`), 'the title is listed as text on home');
  await assertInert(page, 'home');

  await entry.click();
  await waitForView(page, 'incident');
  assert.equal(await incidentTitle(page), `Title ${IMG}`, 'h1#incident-title shows the markup as text');
  await page.locator('ul#messages > li.msg').first().waitFor({ timeout: 15000 });
  await assertInert(page, 'incident (blurred)');
  await revealAll(page, 'ul#messages');
  const shown = (await page.locator('ul#messages li.msg .msg-text').allTextContents()).map((s) => s.trim());
  for (const p of [SCRIPT, IMG, SVG, BOLD]) assert.ok(shown.includes(p), `message shown verbatim as text: ${p}\n  seen: ${JSON.stringify(shown)}`);
  await assertInert(page, 'incident (revealed)');
}));

test('a payload typed into the new-incident form is shown as text', (t) => withPage(app, t, async (page) => {
  await arm(page);
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/incidents/new'));
  await waitForView(page, 'new-incident');
  const form = page.locator('form#incident-form');
  await form.locator('[name=title]').fill(SCRIPT);
  await form.locator('textarea[name=paste]').fill([IMG, BOLD].join('\n'));
  await form.locator('[type=submit]').click();
  await waitForView(page, 'incident', 30000);
  assert.equal(await incidentTitle(page), SCRIPT, 'the title is shown as text');
  await page.locator('ul#messages > li.msg').first().waitFor({ timeout: 15000 });
  await revealAll(page, 'ul#messages');
  await assertInert(page, 'incident from the form');
}));

test('payloads in an uploaded export are shown as text on the triage page', (t) => withPage(app, t, async (page) => {
  await arm(page);
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/triage'));
  await waitForView(page, 'triage');
  await uploadForTriage(page, path.join(FIXTURES, 'whatsapp_triage.txt'));
  await showAllTriage(page);
  await revealAll(page, 'ul#triage-list');
  const shown = (await page.locator('ul#triage-list li.msg .msg-text').allTextContents()).map((s) => s.trim());
  assert.ok(shown.some((s) => s.startsWith('<script>window.__bb_xss')), `the <script> message is shown as text, seen ${JSON.stringify(shown)}`);
  assert.ok(shown.some((s) => s.startsWith('<img src=x onerror')), 'the <img> message is shown as text');
  await assertInert(page, 'triage');
}));

// Every request away from the app (the neutral page) is answered here: the machine is offline.
const NEUTRAL_HTML = '<!doctype html><title>Weather</title><h1 id="neutral">Weather today</h1>';
async function routeOutside(page) {
  await page.route((url) => !url.href.startsWith(app.base), (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: NEUTRAL_HTML }));
}

async function assertLeft(page, how) {
  await page.waitForURL((u) => !u.href.startsWith(app.base), { timeout: 10000 });
  await page.locator('#neutral').waitFor({ timeout: 5000 });
  // Signed out on the server (the app's logout may finish just after the navigation).
  let status = 0;
  for (let i = 0; i < 50; i++) {
    status = (await page.context().request.get(app.base + '/api/v1/auth/me')).status();
    if (status === 401) break;
    await page.waitForTimeout(100);
  }
  assert.equal(status, 401, `${how}: the session is ended`);
  const back = await page.goBack({ timeout: 5000 }).catch(() => null);
  const url = page.url();
  t_log(`${how}: after Back: ${url}`);
  if (url.startsWith(app.base)) {
    const view = await page.evaluate(() => document.querySelector('main#view > [data-view]')?.dataset.view ?? null);
    assert.ok(view === null || view === 'signin', `${how}: Back returned into the app (${url}, view ${view})`);
    assert.equal(await page.locator('#incident-title, ul#incident-list > li').count(), 0, `${how}: Back shows app content`);
  }
  return back;
}
let t_log = () => {};

test('quick exit leaves for the neutral page, signs out, and Back does not return to the app', (t) => withPage(app, t, async (page) => {
  t_log = (s) => t.diagnostic(s);
  await app.apiSignIn(page, 'journalist');
  const incident = await createIncident(app, page, { title: 'Quick exit check', messages: ['hello'] });
  await routeOutside(page);
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  await page.locator(`ul#incident-list a[href="#/incidents/${incident.id}"]`).click();
  await waitForView(page, 'incident');
  const link = page.locator('a#quick-exit');
  const href = await link.getAttribute('href');
  assert.ok(href && /^https?:\/\//.test(href) && !href.startsWith(app.base), `a#quick-exit is a plain link away from the app, href ${href}`);
  assert.ok(await link.isVisible(), 'a#quick-exit is visible');
  const session = await page.evaluate(() => { sessionStorage.setItem('bb_test', 'x'); return sessionStorage.length; });
  assert.ok(session > 0);
  await link.click();
  await assertLeft(page, 'quick-exit button');
}));

test('pressing Escape twice is a quick exit too', (t) => withPage(app, t, async (page) => {
  t_log = (s) => t.diagnostic(s);
  await app.apiSignIn(page, 'journalist');
  await routeOutside(page);
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(150);
  await page.keyboard.press('Escape');
  await assertLeft(page, 'Escape twice');
}));

test('the quick-exit link is in the server-rendered page (works before the script runs)', async () => {
  const html = await (await fetch(app.base + '/')).text();
  assert.match(html, /<a[^>]*id="quick-exit"[^>]*href="https?:\/\//, 'a#quick-exit href is in the HTML');
  assert.match(html, /<main[^>]*id="view"/, 'main#view is in the HTML');
  assert.match(html, /<select[^>]*id="lang-switch"/, 'select#lang-switch is in the HTML');
});

test('security headers: the page forbids inline script (CSP) and framing', async () => {
  const r = await fetch(app.base + '/');
  const csp = r.headers.get('content-security-policy') || '';
  assert.match(csp, /default-src 'self'/, `CSP default-src 'self', seen ${csp}`);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, 'no unsafe-inline / unsafe-eval');
  assert.match(csp, /frame-ancestors 'none'/);
});
