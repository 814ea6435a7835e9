// harness.mjs: what every browser test of the web app needs.
//
// startApp() starts a real `byteback serve` (the binary under test, cwd = the repository root so
// data/complaints, data/models and data/lexicons resolve) on a free loopback port with a new temporary
// data dir and three accounts made by `byteback admin create-user`, waits for /readyz, and launches
// Debian's Chromium through playwright-core (never a downloaded browser). close() ends both, and a
// process exit handler kills whatever is left even when a test or a hook threw.
//
// Environment (set by run.mjs from ctest's arguments):
//   BB_BINARY         the byteback binary        BB_SOURCE   the repository root
//   BB_WEB_ARTEFACTS  folder for screenshots, page weights and server logs (default build/web-artefacts)
//   BB_CHROMIUM       the browser (default /usr/bin/chromium)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const SOURCE = path.resolve(process.env.BB_SOURCE || path.join(HERE, '..', '..'));
export const BINARY = path.resolve(process.env.BB_BINARY || path.join(SOURCE, 'build', 'byteback'));
export const ARTEFACTS = path.resolve(process.env.BB_WEB_ARTEFACTS || path.join(SOURCE, 'build', 'web-artefacts'));
export const CHROMIUM = process.env.BB_CHROMIUM || '/usr/bin/chromium';
export const FIXTURES = path.join(HERE, 'fixtures');
export const PASSWORD = 'correct horse battery staple';

// The flags this machine's closed network needs (see the environment notes): no background
// connections, no component updates, no sync, no QUIC.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', '--lang=en-US'];

export const USERS = {
  admin: { email: 'admin@example.org', name: 'Asha Admin', role: 'admin' },
  coordinator: { email: 'coordinator@example.org', name: 'Chitra Coordinator', role: 'coordinator' },
  journalist: { email: 'journalist@example.org', name: 'Jamila Journalist', role: 'journalist' },
};

export const SCREEN_SIZES = [{ width: 360, height: 740 }, { width: 1280, height: 800 }];

// Why the suite cannot run, or null. run.mjs prints this and fails; a test file run on its own too.
export function missingPrerequisite() {
  const fix = 'run `scripts/install-deps.sh test` (or `make test-deps`) first';
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) return `Node.js ${process.versions.node} is too old for playwright-core (20 or later): ${fix}`;
  try {
    fs.accessSync(CHROMIUM, fs.constants.X_OK);
  } catch {
    return `Chromium is missing (${CHROMIUM} not found): ${fix}`;
  }
  const lock = path.join(HERE, 'package-lock.json');
  const installed = path.join(HERE, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(path.join(HERE, 'node_modules', 'playwright-core', 'package.json')) || !fs.existsSync(installed)) {
    return `tests/web/node_modules is missing (playwright-core not installed): ${fix}`;
  }
  const want = JSON.parse(fs.readFileSync(lock, 'utf8')).packages || {};
  const have = JSON.parse(fs.readFileSync(installed, 'utf8')).packages || {};
  for (const [name, meta] of Object.entries(want)) {
    if (name === '' || meta.dev) continue;
    if (!have[name] || have[name].version !== meta.version) {
      return `tests/web/node_modules is stale (${name} ${have[name] ? have[name].version : 'absent'}, the lock file wants ${meta.version}): ${fix}`;
    }
  }
  if (!fs.existsSync(BINARY)) return `the byteback binary ${BINARY} does not exist (build it first)`;
  return null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Everything alive, so that an exit (normal, uncaught error, signal) takes it down.
const live = new Set();
function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* gone */ }
  }
  live.clear();
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killAll(); process.exit(128 + (sig === 'SIGINT' ? 2 : 15)); });
}

// Adds text to an error's message and to its stack (which is what the test runner prints).
function amend(e, before = '', after = '') {
  if (!(e instanceof Error)) return e;
  const oldMessage = e.message;
  e.message = before + oldMessage + after;
  if (typeof e.stack === 'string' && e.stack.includes(oldMessage)) e.stack = e.stack.replace(oldMessage, e.message);
  else e.stack = e.message + '\n' + (e.stack || '');
  return e;
}

function slug(s) {
  return String(s).replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'x';
}

export function artefactPath(...parts) {
  const p = path.join(ARTEFACTS, ...parts);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  return p;
}

function createUser(binary, dataDir, user) {
  const r = spawnSync(binary, ['admin', 'create-user', '--data-dir', dataDir, '--email', user.email,
    '--name', user.name, '--role', user.role], { cwd: SOURCE, input: PASSWORD + '\n', encoding: 'utf8', timeout: 60000 });
  if (r.status !== 0) {
    throw new Error(`byteback admin create-user ${user.email} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
  }
}

// Starts the server. Options: idleMinutes (--session-idle-minutes), name (for the log file's name), users (accounts made before start; [] for a fresh install),
// extraArgs (more `serve` flags).
export async function startServer({ idleMinutes, name = 'server', extraArgs = [], users = Object.values(USERS) } = {}) {
  const problem = missingPrerequisite();
  if (problem) throw new Error(problem);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bb_web_e2e_'));
  const dataDir = path.join(work, 'var');
  fs.mkdirSync(dataDir);
  for (const u of users) createUser(BINARY, dataDir, u);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const logPath = path.join(work, 'serve.log');
  const logFd = fs.openSync(logPath, 'w');
  const args = ['serve', '--data-dir', dataDir, '--listen', `127.0.0.1:${port}`,
    '--model', path.join(SOURCE, 'data', 'models', 'shield.bbm'),
    '--lexicons', path.join(SOURCE, 'data', 'lexicons'), ...extraArgs];
  if (idleMinutes) args.push('--session-idle-minutes', String(idleMinutes));
  const child = spawn(BINARY, args, { cwd: SOURCE, stdio: ['ignore', logFd, logFd] });
  fs.closeSync(logFd);
  live.add(child);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; live.delete(child); });
  const log = () => { try { return fs.readFileSync(logPath, 'utf8'); } catch { return ''; } };

  const deadline = Date.now() + 60000;
  for (;;) {
    if (exited) throw new Error(`byteback serve exited (${exited.code ?? exited.signal}) before /readyz:\n${log()}`);
    try {
      const r = await fetch(base + '/readyz', { signal: AbortSignal.timeout(1000) });
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`byteback serve did not become ready on ${base} within 60 s:\n${log()}`);
    }
    await sleep(100);
  }

  return {
    base, port, work, dataDir, logPath, log, child,
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const until = Date.now() + 15000;
        while (!exited && Date.now() < until) await sleep(50);
        if (!exited) child.kill('SIGKILL');
      }
      try { fs.copyFileSync(logPath, artefactPath('logs', `${slug(name)}-serve.log`)); } catch { /* no log */ }
      fs.rmSync(work, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  const { chromium } = await import('playwright-core');
  // playwright-core gives each launch a new, empty temporary --user-data-dir and removes it on close.
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60000,
    env: { ...process.env, TZ: 'UTC' },
  });
  return browser;
}

// The whole fixture: server + browser + helpers bound to them. Call close() in after().
export async function startApp(options = {}) {
  const server = await startServer(options);
  let browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.stop();
    throw e;
  }
  const contexts = new Set();
  const app = {
    server, browser, base: server.base, users: USERS, password: PASSWORD,

    // A new browser context (empty cookies and cache) and page, with diagnostics collected.
    async newPage({ viewport = { width: 1280, height: 800 }, locale = 'en-US' } = {}) {
      const context = await browser.newContext({ viewport, locale, timezoneId: 'UTC', acceptDownloads: true,
        serviceWorkers: 'block' });
      contexts.add(context);
      context.on('close', () => contexts.delete(context));
      const page = await context.newPage();
      watch(page);
      return page;
    },

    url(hash = '') { return server.base + '/' + hash; },

    // Signs in through the API in the page's context (the cookie jar is shared with the page):
    // returns the CSRF token. For tests that are not about the sign-in form itself.
    async apiSignIn(page, who) {
      const u = typeof who === 'string' ? USERS[who] : who;
      const r = await page.context().request.post(server.base + '/api/v1/auth/login',
        { data: { email: u.email, password: PASSWORD } });
      if (!r.ok()) throw new Error(`API login as ${u.email} failed: ${r.status()} ${await r.text()}`);
      const j = await r.json();
      page.__csrf = j.csrf_token;
      return j.csrf_token;
    },

    // A JSON API call with the page context's cookie and the CSRF token from apiSignIn.
    async api(page, method, urlPath, body) {
      const headers = {};
      if (page.__csrf) headers['X-CSRF-Token'] = page.__csrf;
      const r = await page.context().request.fetch(server.base + urlPath, { method, headers, data: body });
      const text = await r.text();
      if (!r.ok()) throw new Error(`${method} ${urlPath}: ${r.status()} ${text}`);
      return text ? JSON.parse(text) : {};
    },

    async close() {
      for (const c of [...contexts]) await c.close().catch(() => {});
      if (browser) await Promise.race([browser.close().catch(() => {}), sleep(10000)]);
      await server.stop();
    },
  };
  return app;
}

// Records page errors, console errors, dialogs and failed requests on page.__diag (for failure reports)
// and answers dialogs.
export function watch(page) {
  const diag = { errors: [], console: [], dialogs: [], failed: [] };
  page.__diag = diag;
  page.on('pageerror', (e) => diag.errors.push(String(e && e.stack || e)));
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') diag.console.push(`${m.type()}: ${m.text()}`); });
  // Confirmations are accepted (a person who clicked Approve means it), prompts get their default or
  // "Test"; every dialog is recorded, so a test can assert that none fired.
  page.on('dialog', (d) => {
    diag.dialogs.push(`${d.type()}: ${d.message()}`);
    (d.type() === 'prompt' ? d.accept(d.defaultValue() || 'Test') : d.accept()).catch(() => {});
  });
  page.on('requestfailed', (r) => diag.failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  return diag;
}

// Runs body(page) in a fresh page; when it throws, saves a screenshot and the page's HTML and
// diagnostics under failures/ and adds them to the error message. Always closes the context.
export async function withPage(app, t, body, pageOptions) {
  const page = await app.newPage(pageOptions);
  try {
    return await body(page);
  } catch (e) {
    const name = slug(t && t.name ? t.name : 'test');
    let where = '';
    try {
      const png = artefactPath('failures', `${name}.png`);
      await page.screenshot({ path: png, fullPage: true, timeout: 10000 });
      fs.writeFileSync(artefactPath('failures', `${name}.html`), await page.content());
      where = `\n  saved: ${png} (+ .html)`;
    } catch { /* page gone */ }
    const d = page.__diag || {};
    const extra = [
      `  url: ${page.url()}`,
      d.errors?.length ? `  page errors:\n    ${d.errors.join('\n    ')}` : '',
      d.console?.length ? `  console:\n    ${d.console.slice(-15).join('\n    ')}` : '',
      d.failed?.length ? `  failed requests:\n    ${d.failed.slice(-10).join('\n    ')}` : '',
      d.dialogs?.length ? `  dialogs: ${d.dialogs.join(' | ')}` : '',
    ].filter(Boolean).join('\n');
    throw amend(e, '', `\n${extra}${where}`);
  } finally {
    await page.context().close().catch(() => {});
  }
}

// ---- UI helpers (the DOM contract: /tmp/contract/UI-CONTRACT.md, kept in tests/web/README.md) ----

export function viewSelector(name) { return `main#view > [data-view="${name}"]`; }

export async function waitForView(page, name, timeout = 15000) {
  try {
    await page.waitForSelector(viewSelector(name), { state: 'attached', timeout });
  } catch (e) {
    const seen = await page.evaluate(() => {
      const v = document.querySelector('main#view');
      if (!v) return 'no main#view';
      const c = v.firstElementChild;
      return c ? `first child <${c.tagName.toLowerCase()} data-view="${c.dataset.view ?? ''}">` : 'main#view empty';
    }).catch(() => '?');
    const status = await page.locator('#status').textContent({ timeout: 500 }).catch(() => null);
    throw amend(e, `view "${name}" did not appear (seen: ${seen}; #status: ${JSON.stringify(status)})\n`);
  }
}

// The sign-in form, as a person uses it. Ends on the home view.
export async function signIn(page, email, password = PASSWORD, { base } = {}) {
  if (base) await page.goto(base + '/');
  const form = page.locator('form#signin-form');
  await form.waitFor({ state: 'visible', timeout: 15000 });
  await form.locator('input[name=email]').fill(email);
  await form.locator('input[name=password]').fill(password);
  await form.locator('button[type=submit]').click();
  await waitForView(page, 'home');
}

// Two rendering frames, so that a screenshot shows what a re-layout produced.
export async function settle(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))).catch(() => {});
  await page.evaluate(() => document.fonts && document.fonts.ready).catch(() => {});
}

// Saves NAME-360x740.png and NAME-1280x800.png (what the screen shows, scrolled to the top) and
// NAME-360-full.png (the whole page at phone width) under screenshots/; restores the viewport.
export async function screenshot(page, name, { full = true } = {}) {
  const before = page.viewportSize();
  const files = [];
  const top = () => page.evaluate(() => window.scrollTo(0, 0));
  for (const size of SCREEN_SIZES) {
    await page.setViewportSize(size);
    await settle(page);
    await top();
    await settle(page);
    const file = artefactPath('screenshots', `${slug(name)}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file });
    files.push(file);
    if (full && size.width === 360) {
      const whole = artefactPath('screenshots', `${slug(name)}-360-full.png`);
      await page.screenshot({ path: whole, fullPage: true });
      await top();
      files.push(whole);
    }
  }
  if (before) await page.setViewportSize(before);
  return files;
}

// Whether the page is wider than its viewport (content cut or a horizontal scroll bar at 360 px).
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const d = document.documentElement;
    return d.scrollWidth > d.clientWidth + 1 ? { scrollWidth: d.scrollWidth, clientWidth: d.clientWidth } : null;
  });
}

// ---- Page weight ----

// First load of URL in a new context (empty cache; signed in through the API first when `as` is
// given): the sum of Network.loadingFinished encodedDataLength (bytes on the wire, headers included,
// compressed when the server compressed) of every request the page made until the view `view` is
// rendered and the network has been quiet for 500 ms. Chromium sends Accept-Encoding: gzip, deflate,
// br as it always does.
export async function measurePageWeight(app, { url, as, view, name }) {
  const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US', timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    watch(page);
    if (as) await app.apiSignIn(page, as);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.clearBrowserCache');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const reqs = new Map();
    let lastActivity = Date.now();
    let inflight = 0;
    let extraEncoding = '';
    cdp.on('Network.requestWillBeSent', (e) => {
      lastActivity = Date.now();
      if (!reqs.has(e.requestId)) inflight++;
      reqs.set(e.requestId, { url: e.request.url, method: e.request.method, type: e.type,
        acceptEncoding: e.request.headers['Accept-Encoding'] || e.request.headers['accept-encoding'] || '' });
    });
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
      const r = reqs.get(e.requestId);
      const h = Object.fromEntries(Object.entries(e.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
      if (r && h['accept-encoding']) r.acceptEncoding = h['accept-encoding'];
      else if (!r && h['accept-encoding']) extraEncoding = h['accept-encoding'];
    });
    cdp.on('Network.responseReceived', (e) => {
      lastActivity = Date.now();
      const r = reqs.get(e.requestId);
      if (!r) return;
      const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
      r.status = e.response.status;
      r.mime = e.response.mimeType;
      r.encoding = h['content-encoding'] || 'identity';
    });
    cdp.on('Network.loadingFinished', (e) => {
      lastActivity = Date.now();
      const r = reqs.get(e.requestId);
      if (r && r.bytes === undefined) { r.bytes = e.encodedDataLength; inflight--; }
    });
    cdp.on('Network.loadingFailed', (e) => {
      lastActivity = Date.now();
      const r = reqs.get(e.requestId);
      if (r && r.bytes === undefined) { r.bytes = 0; r.failed = e.errorText; inflight--; }
    });
    await page.goto(url, { waitUntil: 'load' });
    if (view) await waitForView(page, view);
    const until = Date.now() + 15000;
    while (Date.now() < until && (inflight > 0 || Date.now() - lastActivity < 500)) await sleep(50);
    const requests = [...reqs.values()].map((r) => ({
      url: r.url.replace(app.base, ''), method: r.method, type: r.type, status: r.status ?? null,
      encoding: r.encoding ?? null, bytes: r.bytes ?? 0, ...(r.failed ? { failed: r.failed } : {}),
    }));
    const total = requests.reduce((s, r) => s + r.bytes, 0);
    const acceptEncoding = [...reqs.values()].find((r) => r.acceptEncoding)?.acceptEncoding || extraEncoding;
    return { name, url: url.replace(app.base, ''), bytes: total, kib: Math.round(total / 102.4) / 10,
      requests, acceptEncoding };
  } finally {
    await context.close().catch(() => {});
  }
}

// ---- Data made through the API (for tests that are not about making it) ----

// Creates an incident owned by the page's signed-in user and adds `messages` (strings, one each).
export async function createIncident(app, page, { title, description, category = 'threats', messages = [] }) {
  const { incident } = await app.api(page, 'POST', '/api/v1/incidents',
    { title, ...(description ? { description } : {}), category });
  if (messages.length) {
    await app.api(page, 'POST', `/api/v1/incidents/${incident.id}/messages`,
      { messages: messages.map((text) => ({ text, platform: 'x' })) });
  }
  return incident;
}

// Text content of every element matching selector.
export async function texts(page, selector) {
  return page.locator(selector).allTextContents();
}

// Uploads FILE on the triage page and waits for the summary.
export async function uploadForTriage(page, file) {
  const form = page.locator('form#triage-form');
  await form.waitFor({ timeout: 15000 });
  await form.locator('input[type=file][name=file]').setInputFiles(file);
  const submit = form.locator('[type=submit]');
  if (await submit.count()) await submit.first().click();
  await page.locator('#triage-summary').waitFor({ timeout: 30000 });
}

// The incident title as shown in h1#incident-title, without a status badge inside it.
export async function incidentTitle(page) {
  const h1 = page.locator('h1#incident-title');
  await h1.waitFor({ timeout: 15000 });
  return h1.evaluate((el) => {
    const c = el.cloneNode(true);
    c.querySelectorAll('.badge').forEach((b) => b.remove());
    return c.textContent.trim();
  });
}

// Clicks button.reveal of the first blurred message among ITEMS (a locator of li.msg) and returns
// that item, held by its index (a filtered locator would move on to the next blurred one).
export async function revealFirst(items) {
  const index = await items.evaluateAll((lis) => lis.findIndex((li) => li.querySelector('.msg-text.blurred')));
  if (index < 0) throw new Error('no blurred message to reveal');
  const item = items.nth(index);
  await item.locator('button.reveal').click();
  return item;
}

// Clicks button.reveal on every still-blurred message of LIST (a selector), one at a time.
export async function revealAll(page, list) {
  const blurredButtons = page.locator(`${list} li.msg:has(.msg-text.blurred) button.reveal`);
  for (let guard = 0; guard < 200; guard++) {
    const n = await blurredButtons.count();
    if (n === 0) return;
    await blurredButtons.first().click();
    await page.waitForFunction(([sel, before]) => document.querySelectorAll(sel).length < before,
      [`${list} li.msg:has(.msg-text.blurred) button.reveal`, n], { timeout: 10000 });
  }
}

// The triage list shows only the flagged messages by default; this shows all (when the page has
// the filter).
export async function showAllTriage(page) {
  const filter = page.locator('select#triage-filter');
  if (await filter.count()) await filter.selectOption('all');
}

// Fills every required, still empty control of FORM (a locator) with a plausible value, as a
// person completing the form would.
export async function fillRequired(form) {
  const controls = form.locator('input[required], textarea[required], select[required]');
  for (let i = 0; i < await controls.count(); i++) {
    const c = controls.nth(i);
    if (!(await c.isVisible()) || (await c.inputValue()) !== '') continue;
    const tag = await c.evaluate((e) => e.tagName.toLowerCase());
    const type = (await c.getAttribute('type')) || 'text';
    if (tag === 'select') {
      const values = await c.locator('option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
      if (values.length) await c.selectOption(values[0]);
    } else if (type === 'date') await c.fill('2026-11-01');
    else if (type === 'datetime-local') await c.fill('2026-11-01T10:00');
    else if (type === 'email') await c.fill('reporter@example.org');
    else if (type === 'url') await c.fill('https://example.org/post/1');
    else if (type === 'number') await c.fill('1');
    else if (type === 'checkbox') await c.check();
    else await c.fill('Test value');
  }
}

// Submits FORM and waits for the download it starts; on a time-out says what the page showed
// (#status, controls the browser found invalid).
export async function submitForDownload(page, form, timeout = 60000) {
  try {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout }),
      form.locator('[type=submit]').click()]);
    return download;
  } catch (e) {
    const status = await page.locator('#status').textContent().catch(() => null);
    const invalid = await form.evaluate((f) => [...f.querySelectorAll(':invalid')].map((c) => c.name || c.id)).catch(() => []);
    throw amend(e, `no download (#status ${JSON.stringify(status)}; invalid controls ${JSON.stringify(invalid)}): `);
  }
}
