// i18n.js: message catalogues (web/i18n/<lang>.json), plural rules, numbers
// and dates in the user's language and time zone.
//
// A catalogue value is a string with {placeholders}, or an object of plural
// forms keyed by CLDR category ("one", "few", "other", ...), chosen with
// Intl.PluralRules for the number in {n}; "zero" is used for 0 when present.
// A key missing from a catalogue falls back to English.

export const LANGUAGES = ['en', 'hi', 'ur', 'bn', 'ne', 'si', 'ta'];

const state = { lang: 'en', dir: 'ltr', messages: {}, english: {}, meta: {}, plural: null, zone: '' };

function staticBase() {
  return document.body.dataset.static || '/static/';
}

async function fetchCatalogue(code) {
  const r = await fetch(staticBase() + 'i18n/' + code + '.json', { credentials: 'same-origin' });
  if (!r.ok) throw new Error('catalogue ' + code + ': HTTP ' + r.status);
  return r.json();
}

// Loads `code` (and English for the fallback) and makes it current.
export async function setLanguage(code) {
  if (!LANGUAGES.includes(code)) code = 'en';
  const wanted = code === 'en' ? [fetchCatalogue('en')] : [fetchCatalogue('en'), fetchCatalogue(code)];
  const [en, other] = await Promise.all(wanted);
  const cat = other || en;
  state.english = en.messages;
  state.messages = cat.messages;
  state.meta = cat._meta || {};
  state.lang = code;
  state.dir = state.meta.dir === 'rtl' ? 'rtl' : 'ltr';
  state.plural = new Intl.PluralRules(code);
  document.documentElement.lang = code;
  document.documentElement.dir = state.dir;
  try { localStorage.setItem('bb.lang', code); } catch (e) { /* private mode */ }
  // The server renders the next page's shell in this language.
  document.cookie = 'bb_lang=' + code + '; Path=/; Max-Age=31536000; SameSite=Strict';
}

// The language to start in: the switcher's choice on this device, else the
// one the server rendered the shell in (cookie or Accept-Language).
export function initialLanguage() {
  let saved = '';
  try { saved = localStorage.getItem('bb.lang') || ''; } catch (e) { /* private mode */ }
  if (LANGUAGES.includes(saved)) return saved;
  const html = document.documentElement.lang;
  return LANGUAGES.includes(html) ? html : 'en';
}

export function language() { return state.lang; }
export function direction() { return state.dir; }
export function catalogueMeta() { return state.meta; }

export function number(n, options) {
  return new Intl.NumberFormat(state.lang, options).format(n);
}

// Fills {name} placeholders; numbers are formatted for the language.
function fill(text, vars) {
  return text.replace(/\{(\w+)\}/g, (m, name) => {
    if (!(name in vars)) return m;
    const v = vars[name];
    return typeof v === 'number' ? number(v) : String(v);
  });
}

export function t(key, vars = {}) {
  let v = state.messages[key];
  if (v === undefined) v = state.english[key];
  if (v === undefined) return key;
  if (typeof v === 'object') {
    const n = Number(vars.n ?? 0);
    let form = n === 0 && v.zero !== undefined ? 'zero' : state.plural.select(n);
    v = v[form] ?? v.other ?? '';
  }
  return fill(v, vars);
}

// Time zone: the one chosen in Settings ('' when none), else this device's.
export function chosenTimeZone() {
  try { return localStorage.getItem('bb.tz') || ''; } catch (e) { return ''; /* private mode */ }
}
export function timeZone() {
  return chosenTimeZone() || deviceTimeZone();
}
export function deviceTimeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
export function setTimeZone(zone) {
  try {
    if (zone) localStorage.setItem('bb.tz', zone); else localStorage.removeItem('bb.tz');
  } catch (e) { /* private mode */ }
}

// Unix seconds (most of the API) or an RFC 3339 string (the evidence log)
// → a date and time in the user's language and zone; '' when there is none
// or it cannot be read.
export function dateTime(when, withTime = true) {
  if (!when) return '';
  const date = typeof when === 'string' ? new Date(when) : new Date(when * 1000);
  if (Number.isNaN(date.getTime())) return typeof when === 'string' ? when : '';
  const options = withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' };
  try {
    return new Intl.DateTimeFormat(state.lang, { ...options, timeZone: timeZone() }).format(date);
  } catch (e) {
    return new Intl.DateTimeFormat(state.lang, options).format(date);
  }
}

export function bytes(n) {
  if (n < 1024) return t('size.bytes', { n });
  if (n < 1024 * 1024) return t('size.kb', { n: number(n / 1024, { maximumFractionDigits: 1 }) });
  return t('size.mb', { n: number(n / 1048576, { maximumFractionDigits: 1 }) });
}
