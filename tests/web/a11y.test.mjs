// Accessibility of the main pages, checked by axe-core (npm) against WCAG 2.1 A and AA: contrast,
// labels, names of buttons and links, landmarks, language of the page; at phone width, in English
// and in Urdu (right to left). A violation names the rule, the elements and axe's help page.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { artefactPath, createIncident, startApp, waitForView, withPage } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let app;
before(async () => { app = await startApp({ name: 'a11y' }); });
after(async () => { await app?.close(); });

// axe's violations on the page as it is now, as short lines.
async function violations(page) {
  // Injected through the DevTools protocol: the page's CSP (script-src 'self') stays as it is.
  await page.evaluate(AXE);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } })
    .then((r) => ({ passes: r.passes.map((p) => p.id), violations: r.violations })), TAGS);
  // axe did look: contrast and labels are among the rules that passed or failed.
  const looked = new Set([...result.passes, ...result.violations.map((v) => v.id)]);
  for (const rule of ['color-contrast', 'html-has-lang', 'button-name']) assert.ok(looked.has(rule), `axe ran ${rule}`);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4)
    .map((n) => n.target.join(' ')).join(', ')}${v.nodes.length > 4 ? ` and ${v.nodes.length - 4} more` : ''} [${v.helpUrl}]`);
}

test('the main pages meet WCAG 2.1 AA as axe-core checks it, at 360 px, in English and Urdu', (t) =>
  withPage(app, t, async (page) => {
    const found = {};
    const check = async (name) => {
      await page.waitForTimeout(150);  // let the status line and focus settle
      const v = await violations(page);
      if (v.length) found[name] = v;
    };
    await page.goto(app.url());
    await waitForView(page, 'signin');
    await check('signin');

    await app.apiSignIn(page, 'admin');
    await page.reload();  // the app asks /auth/me again
    await waitForView(page, 'home');
    const incident = await createIncident(app, page, {
      title: 'Accessibility check', messages: ['you stupid bitch', 'thank you for the report'],
    });
    const pages = [['home', '#/home'], ['triage', '#/triage'], ['new-incident', '#/incidents/new'],
      ['incident', '#/incidents/' + incident.id], ['lexicon', '#/lexicon'], ['admin', '#/admin/users'],
      ['admin', '#/admin/invitations'], ['admin', '#/admin/audit'], ['settings', '#/settings']];
    for (const lang of ['en', 'ur']) {
      if (lang === 'ur') {
        await page.locator('select#lang-switch').selectOption('ur');
        await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      }
      for (const [view, hash] of pages) {
        await page.goto(app.url(hash));
        await waitForView(page, view);
        await page.locator('main#view p.loading').waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
        await check(`${lang} ${hash}`);
      }
    }
    fs.writeFileSync(artefactPath('axe-violations.json'), JSON.stringify(found, null, 2) + '\n');
    assert.deepEqual(found, {}, 'axe-core WCAG 2.1 AA violations per page (also in axe-violations.json)');
  }, { viewport: { width: 360, height: 740 } }));
