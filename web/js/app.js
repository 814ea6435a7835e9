// app.js: the web app's core. Starts in the view the server chose
// (body[data-start]: setup, signin or accept) or, when signed in, the one the
// URL's hash names; loads page modules on demand (js/pages/*.js) so the
// first load stays small; keeps the quick exit, the language switcher, the
// navigation and the session timer.
//
// Navigation replaces the history entry instead of adding one: the app has a
// single entry, so after a quick exit, Back does not lead into it.
import { t, setLanguage, initialLanguage, LANGUAGES } from './i18n.js';
import { get, post, setCsrf, lastApiActivity } from './api.js';
import { h, clear, say, sayError } from './dom.js';

const MANAGERS = ['admin', 'coordinator', 'focal_person'];
const STAFF = ['admin', 'coordinator'];

const app = {
  user: null,
  idleMs: 30 * 60 * 1000,
  isManager() { return !!this.user && MANAGERS.includes(this.user.role); },
  isStaff() { return !!this.user && STAFF.includes(this.user.role); },
  isAdmin() { return !!this.user && this.user.role === 'admin'; },
  go(hash) { navigate(hash); },
  refresh() { render(); },
  signedIn(me) { return signedIn(me); },
};

const view = () => document.getElementById('view');

// --- Quick exit: leave for the neutral page, clear the view, end the session.

let exiting = false;
function quickExit(e) {
  if (e) e.preventDefault();
  if (exiting) return;
  exiting = true;
  const url = document.body.dataset.quickExit || 'https://www.google.com/search?q=weather';
  const token = sessionStorage.getItem('bb.csrf') || '';
  try {
    fetch('/api/v1/auth/logout', {
      method: 'POST', keepalive: true, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token }, body: '{}',
    }).catch(() => {});
  } catch (err) { /* leaving anyway */ }
  document.title = '';
  for (const el of Array.from(document.body.children)) el.remove();
  try { sessionStorage.clear(); } catch (err) { /* private mode */ }
  location.replace(url);
}

let lastEscape = 0;
function onKey(e) {
  if (e.key !== 'Escape') return;
  const now = Date.now();
  if (now - lastEscape < 1000) quickExit();
  lastEscape = now;
}

// --- Routing.

function navigate(hash) {
  history.replaceState(null, '', hash);
  render();
}

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  return { name: parts[0] || 'home', parts };
}

const PAGES = {
  home: () => import('./pages/home.js'),
  triage: () => import('./pages/triage.js'),
  incidents: () => import('./pages/incident.js'),
  lexicon: () => import('./pages/lexicon.js'),
  admin: () => import('./pages/admin.js'),
  settings: () => import('./pages/settings.js'),
};

let renderSeq = 0;
async function render() {
  const seq = ++renderSeq;
  const main = view();
  if (!main) return;
  renderNav();
  try {
    let node;
    if (!app.user) {
      const auth = await import('./pages/auth.js');
      node = await auth.render(app, authView());
    } else {
      const r = route();
      const loader = PAGES[r.name];
      if (!loader) {
        node = h('div', { dataset: { view: 'notfound' } }, h('h1', {}, t('common.notfound')),
          h('p', {}, h('a', { href: '#/home' }, t('nav.home'))));
      } else {
        const page = await loader();
        node = await page.render(app, r.parts.slice(1));
      }
    }
    if (seq !== renderSeq) return;  // a newer navigation won
    clear(main).append(node);
    const heading = main.querySelector('h1');
    document.title = (heading ? heading.textContent + ' — ' : '') + t('app.name');
    main.focus({ preventScroll: true });
  } catch (err) {
    if (seq !== renderSeq) return;
    if (err && err.status === 401) return;  // the sign-in view is on its way
    clear(main).append(h('div', { dataset: { view: 'error' } }, h('h1', {}, t('common.error', { message: '' }))));
    sayError(err);
  }
}

// Which sign-in-less view: the server's hint, the invitation link, /setup.
function authView() {
  const params = new URLSearchParams(location.search);
  if (params.get('invitation')) return 'accept';
  return document.body.dataset.start === 'setup' ? 'setup' : 'signin';
}

function link(hash, label, id) {
  return h('a', { href: hash, id, 'aria-current': location.hash.startsWith(hash) ? 'page' : undefined }, label);
}

function renderNav() {
  const nav = document.getElementById('nav');
  if (!nav) return;
  clear(nav);
  if (!app.user) return;
  nav.append(
    link('#/home', app.isManager() ? t('home.title_managers') : t('nav.home')),
    link('#/triage', t('nav.triage')),
    app.isManager() ? link('#/lexicon', t('nav.lexicon')) : '',
    app.isManager() ? link('#/admin/users', t('nav.admin')) : '',
    link('#/settings', t('nav.settings')),
    h('button', { type: 'button', id: 'sign-out', class: 'link', onclick: signOut }, t('nav.signout')));
}

// --- Session.

function signedIn(me) {
  app.user = me.user;
  setCsrf(me.csrf_token);
  if (me.csrf_token) sessionStorage.setItem('bb.csrf', me.csrf_token);
  if (me.expires_at) {
    const left = me.expires_at * 1000 - Date.now();
    // The server slides the idle expiry on every request; the absolute
    // lifetime is longer. What is left now bounds the idle window.
    if (left > 60000) app.idleMs = Math.min(left, 12 * 3600 * 1000);
  }
  // The invitation or setup token has done its work: drop it from the URL.
  if (location.search || location.pathname !== '/') history.replaceState(null, '', '/' + (location.hash || '#/home'));
}

async function signOut() {
  try { await post('/api/v1/auth/logout'); } catch (err) { /* already out */ }
  endSession(t('signout.ok'));
}

function endSession(message) {
  app.user = null;
  setCsrf('');
  try { sessionStorage.clear(); } catch (err) { /* private mode */ }
  history.replaceState(null, '', '/');
  document.body.dataset.start = 'signin';
  hideWarning();
  render().then(() => say(message, true));
}

let warning = null;
function hideWarning() {
  if (warning) { warning.remove(); warning = null; }
}
function checkIdle() {
  if (!app.user) return;
  const left = lastApiActivity() + app.idleMs - Date.now();
  if (left <= 0) {
    endSession(t('session.ended'));
    return;
  }
  if (left < 3 * 60 * 1000 && !warning) {
    const minutes = Math.max(1, Math.round(left / 60000));
    warning = h('div', { class: 'warning', role: 'alert', id: 'session-warning' },
      h('p', {}, t('session.warning', { minutes: new Intl.RelativeTimeFormat(document.documentElement.lang, { numeric: 'always' }).format(minutes, 'minute') })),
      h('button', { type: 'button', onclick: async () => {
        try { await get('/api/v1/auth/me'); hideWarning(); } catch (err) { sayError(err); }
      } }, t('session.stay')));
    document.body.insertBefore(warning, view());
  } else if (left >= 3 * 60 * 1000) {
    hideWarning();
  }
}

// --- Language.

async function switchLanguage(code) {
  try {
    await setLanguage(code);
    const sw = document.getElementById('lang-switch');
    if (sw) sw.value = code;
    relabelShell();
    await render();
  } catch (err) {
    sayError(err);
  }
}

function relabelShell() {
  const exit = document.getElementById('quick-exit');
  if (exit) { exit.textContent = t('quickexit.label'); exit.title = t('quickexit.hint'); }
  const brand = document.querySelector('.brand');
  if (brand) brand.textContent = t('app.name');
  const skip = document.querySelector('.skip');
  if (skip) skip.textContent = t('app.skip');
  const nav = document.getElementById('nav');
  if (nav) nav.setAttribute('aria-label', t('nav.main'));
  const sr = document.querySelector('.lang .sr');
  if (sr) sr.textContent = t('app.language');
}

// --- Start.

async function start() {
  const exit = document.getElementById('quick-exit');
  if (exit) exit.addEventListener('click', quickExit);
  document.addEventListener('keydown', onKey);
  const sw = document.getElementById('lang-switch');
  if (sw) sw.addEventListener('change', () => switchLanguage(sw.value));
  // In-app links replace the history entry (see the top of this file).
  document.addEventListener('click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#/"]');
    if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
    e.preventDefault();
    navigate(a.getAttribute('href'));
  });
  window.addEventListener('hashchange', () => render());
  window.addEventListener('bb:unauthenticated', () => { if (app.user) endSession(t('session.ended')); });
  setInterval(checkIdle, 15000);

  const lang = initialLanguage();
  await setLanguage(LANGUAGES.includes(lang) ? lang : 'en');
  if (sw) sw.value = lang;
  relabelShell();
  if (authView() === 'signin') {
    try {
      signedIn(await get('/api/v1/auth/me'));
    } catch (err) { /* not signed in */ }
  }
  await render();
}

start().catch((err) => sayError(err));
