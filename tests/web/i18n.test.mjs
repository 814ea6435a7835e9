// Languages: Urdu turns the page right-to-left (live and server-rendered after a reload), English
// turns it back; every language renders its own script.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { screenshot, startApp, waitForView, withPage } from './harness.mjs';

let app;
before(async () => { app = await startApp({ name: 'i18n' }); });
after(async () => { await app?.close(); });

const htmlState = (page) => page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

test('Urdu is right-to-left, English left-to-right, without a reload and after one', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  assert.deepEqual(await htmlState(page), { lang: 'en', dir: 'ltr' }, 'html starts lang=en dir=ltr');
  const englishNav = (await page.locator('nav#nav').textContent()).trim();

  await page.locator('select#lang-switch').selectOption('ur');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: 5000 })
    .catch(() => {});
  assert.deepEqual(await htmlState(page), { lang: 'ur', dir: 'rtl' }, 'Urdu: html lang=ur dir=rtl');
  await waitForView(page, 'home');
  const urduNav = (await page.locator('nav#nav').textContent()).trim();
  assert.notEqual(urduNav, englishNav, 'the navigation is re-rendered in Urdu');
  assert.match(await page.locator('main#view').textContent(), /[\u0600-\u06FF]/, 'the home view shows Urdu (Arabic script)');
  const cookies = await page.context().cookies(app.base);
  assert.equal(cookies.find((c) => c.name === 'bb_lang')?.value, 'ur', 'cookie bb_lang=ur');
  await screenshot(page, 'home-urdu');

  // The server renders the shell in Urdu next time.
  const response = await page.reload();
  const html = await response.text();
  assert.match(html, /<html[^>]*\bdir="rtl"/, 'the server renders <html dir="rtl"> for bb_lang=ur');
  assert.match(html, /<html[^>]*\blang="ur"/, 'the server renders <html lang="ur">');
  await waitForView(page, 'home');
  assert.equal(await page.locator('select#lang-switch').inputValue(), 'ur', 'the switch shows Urdu after a reload');

  await page.locator('select#lang-switch').selectOption('en');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr', null, { timeout: 5000 }).catch(() => {});
  assert.deepEqual(await htmlState(page), { lang: 'en', dir: 'ltr' }, 'back to English: lang=en dir=ltr');
  assert.equal((await page.locator('nav#nav').textContent()).trim(), englishNav, 'the navigation is English again');
}));

const SCRIPTS = { hi: /[\u0900-\u097F]/, ne: /[\u0900-\u097F]/, bn: /[\u0980-\u09FF]/, ta: /[\u0B80-\u0BFF]/, si: /[\u0D80-\u0DFF]/ };

test('each language renders in its own script (screenshots for the glyph check)', (t) => withPage(app, t, async (page) => {
  await app.apiSignIn(page, 'journalist');
  await page.goto(app.url('#/home'));
  await waitForView(page, 'home');
  const offered = await page.locator('select#lang-switch option').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual([...offered].sort(), ['bn', 'en', 'hi', 'ne', 'si', 'ta', 'ur'], 'select#lang-switch offers the 7 languages');
  const missing = [];
  for (const [lang, script] of Object.entries(SCRIPTS)) {
    await page.locator('select#lang-switch').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang, { timeout: 5000 }).catch(() => {});
    const state = await htmlState(page);
    if (state.lang !== lang || state.dir !== 'ltr') missing.push(`${lang}: html ${JSON.stringify(state)}`);
    const text = await page.locator('body').textContent();
    if (!script.test(text)) missing.push(`${lang}: no text in its script`);
    await screenshot(page, `home-${lang}`, { full: false });
  }
  await page.locator('select#lang-switch').selectOption('en');
  assert.deepEqual(missing, [], 'every language switches html[lang] and shows its script');
}));
