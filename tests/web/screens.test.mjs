// Screenshots of the main pages at 360x740 and 1280x800 (build/web-artefacts/screenshots), and
// the phone check: no page scrolls sideways at 360 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, USERS, artefactPath, createIncident, horizontalOverflow, screenshot, startApp,
  uploadForTriage, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'screens' }); });
after(async () => { await app?.close(); });

const overflow = {};
async function shoot(page, name) {
  await screenshot(page, name);
  await page.setViewportSize({ width: 360, height: 740 });
  const o = await horizontalOverflow(page);
  if (o) overflow[name] = o;
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('main pages, signed in as an admin', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'admin');
  const a = await createIncident(app, page, { title: 'Threats after the flood story',
    messages: ['we know where you live, you will be hurt', 'Thank you for your reporting on the floods.',
      'tu randi hai, chup kar', 'stupid woman, nobody reads your garbage'] });
  await createIncident(app, page, { title: 'Impersonation account on Facebook', category: 'impersonation',
    messages: ['This page is not mine, please report it.'] });
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  await page.locator('ul#incident-list > li').nth(1).waitFor({ timeout: 15000 });
  await shoot(page, 'home');

  await page.locator('nav#nav a[href="#/triage"]').click();
  await waitForView(page, 'triage');
  await shoot(page, 'triage-empty');
  await uploadForTriage(page, path.join(FIXTURES, 'whatsapp_triage.txt'));
  await shoot(page, 'triage-results-admin');

  await page.goto(app.url(`#/incidents/${a.id}`));
  await waitForView(page, 'incident');
  await page.locator('ul#messages > li.msg').first().waitFor({ timeout: 15000 });
  await shoot(page, 'incident-admin');

  await page.locator('nav#nav a[href="#/lexicon"]').click();
  await waitForView(page, 'lexicon');
  await shoot(page, 'lexicon-empty');

  await page.locator('nav#nav a[href="#/admin/users"]').click();
  await waitForView(page, 'admin');
  const table = page.locator('table#user-table');
  await table.waitFor({ timeout: 15000 });
  for (const u of Object.values(USERS)) {
    assert.ok((await table.textContent()).includes(u.email), `table#user-table lists ${u.email}`);
  }
  await shoot(page, 'admin-users');

  await page.locator('nav#nav a[href="#/settings"]').click();
  await waitForView(page, 'settings');
  await page.locator('form#password-form').waitFor({ timeout: 15000 });
  await shoot(page, 'settings');

  fs.writeFileSync(artefactPath('overflow-360.json'), JSON.stringify(overflow, null, 2) + '\n');
  assert.deepEqual(overflow, {}, 'pages wider than a 360 px phone screen (scrollWidth > clientWidth)');
}));
