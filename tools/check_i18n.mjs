#!/usr/bin/env node
// check_i18n.mjs: checks the web app's message catalogues against en.json.
//
// Usage: node tools/check_i18n.mjs [folder]     (default: web/i18n in this repo)
//
// For en.json and every other <lang>.json in the folder it checks:
//   - the file is valid UTF-8 and valid JSON, with no duplicate keys;
//   - `_meta` has language (= the file name), name, dir (ltr/rtl, and the one
//     the language is written in), translation (source/machine/human),
//     reviewed_by (a name or null) and note;
//   - `messages` has the same keys as English (missing and extra keys are
//     reported), in English's order;
//   - every string has the same set of {placeholders} as the English one;
//   - every plural object (where English has one) has exactly the CLDR plural
//     categories Intl.PluralRules reports for the language, plus an optional
//     "zero" (web/js/i18n.js uses "zero" for 0 when present);
//   - no string is empty, and "Byte Back" is kept where English has it.
// Prints one line per problem and exits 1, or prints a one-line summary and
// exits 0. Node 20, no dependencies.

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDER = resolve(process.argv[2] || join(REPO, 'web', 'i18n'));
const META_FIELDS = ['language', 'name', 'dir', 'translation', 'reviewed_by', 'note'];
const TRANSLATIONS = ['source', 'machine', 'human'];
const CATEGORIES = ['zero', 'one', 'two', 'few', 'many', 'other'];
const KEEP = ['Byte Back']; // product names that stay as they are in every language
const RTL = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'ks', 'ps', 'sd', 'ug', 'ur', 'yi']);
const PLACEHOLDER = /\{(\w+)\}/g; // the same pattern as fill() in web/js/i18n.js

const problems = [];
const problem = (file, where, text) => problems.push(`${file}: ${where ? where + ': ' : ''}${text}`);
const list = (xs) => (xs.length ? [...xs].join(', ') : '(none)');

function placeholders(text) {
  return new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]));
}

function sameSet(a, b) {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function direction(lang) {
  try {
    const loc = new Intl.Locale(lang);
    const info = typeof loc.getTextInfo === 'function' ? loc.getTextInfo() : loc.textInfo;
    if (info && info.direction) return info.direction;
  } catch (e) { /* unknown tag: fall back to the list */ }
  return RTL.has(lang.split('-')[0]) ? 'rtl' : 'ltr';
}

// The plural categories of `lang`, or null (with a problem) if this Node's
// Intl does not know the language and would use another one's rules.
function pluralCategories(file, lang) {
  try {
    const opts = new Intl.PluralRules(lang).resolvedOptions();
    const got = opts.locale.split('-')[0];
    if (got !== lang.split('-')[0]) {
      problem(file, '_meta.language', `Intl.PluralRules does not know "${lang}" (it falls back to "${opts.locale}")`);
      return null;
    }
    return new Set(opts.pluralCategories);
  } catch (e) {
    problem(file, '_meta.language', `"${lang}" is not a valid language tag (${e.message})`);
    return null;
  }
}

// Duplicate keys: JSON.parse keeps the last one silently, so scan the text
// (already known to be valid JSON) and report keys repeated in one object.
function duplicateKeys(text) {
  const found = [];
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] || '')) i++; };
  const str = () => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const value = (path) => {
    ws();
    if (text[i] === '{') {
      i++;
      const seen = new Set();
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        const key = str();
        const where = path ? path + '.' + key : key;
        if (seen.has(key)) found.push(where);
        seen.add(key);
        ws(); i++; // ':'
        value(where);
        ws();
        if (text[i++] === '}') return; // else ','
      }
    } else if (text[i] === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (text[i] === '"') {
      str();
    } else {
      while (i < text.length && !/[\s,}\]]/.test(text[i])) i++;
    }
  };
  value('');
  return found;
}

function load(path) {
  const file = basename(path);
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(path));
  } catch (e) {
    problem(file, '', e.code ? `cannot read: ${e.message}` : 'is not valid UTF-8');
    return null;
  }
  if (text.charCodeAt(0) === 0xfeff) {
    problem(file, '', 'starts with a byte-order mark; save it as UTF-8 without BOM');
    text = text.slice(1);
  }
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    problem(file, '', `is not valid JSON: ${e.message}`);
    return null;
  }
  for (const key of duplicateKeys(text)) problem(file, key, 'the key appears more than once (the last one wins)');
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problem(file, '', 'must hold a JSON object with "_meta" and "messages"');
    return null;
  }
  for (const key of Object.keys(data)) {
    if (key !== '_meta' && key !== 'messages') problem(file, key, 'unexpected top-level key (only "_meta" and "messages")');
  }
  if (!data.messages || typeof data.messages !== 'object' || Array.isArray(data.messages)) {
    problem(file, 'messages', 'missing or not an object');
    return null;
  }
  return data;
}

function checkMeta(file, lang, meta, isSource) {
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) {
    problem(file, '_meta', 'missing or not an object');
    return;
  }
  for (const f of META_FIELDS) if (!(f in meta)) problem(file, `_meta.${f}`, 'missing');
  for (const f of Object.keys(meta)) if (!META_FIELDS.includes(f)) problem(file, `_meta.${f}`, `unexpected field (allowed: ${META_FIELDS.join(', ')})`);
  if ('language' in meta && meta.language !== lang) problem(file, '_meta.language', `is "${meta.language}" but the file name says "${lang}"`);
  if ('name' in meta && (typeof meta.name !== 'string' || !meta.name.trim())) problem(file, '_meta.name', 'must be the language\'s own name');
  if ('dir' in meta) {
    if (meta.dir !== 'ltr' && meta.dir !== 'rtl') problem(file, '_meta.dir', `is ${JSON.stringify(meta.dir)}; must be "ltr" or "rtl"`);
    else if (meta.dir !== direction(lang)) problem(file, '_meta.dir', `is "${meta.dir}" but ${lang} is written ${direction(lang)}`);
  }
  if ('translation' in meta) {
    if (!TRANSLATIONS.includes(meta.translation)) problem(file, '_meta.translation', `is ${JSON.stringify(meta.translation)}; must be one of ${TRANSLATIONS.join(', ')}`);
    else if (isSource !== (meta.translation === 'source')) problem(file, '_meta.translation', isSource ? 'en.json is the source: must be "source"' : '"source" is only for en.json');
  }
  if ('reviewed_by' in meta && meta.reviewed_by !== null && (typeof meta.reviewed_by !== 'string' || !meta.reviewed_by.trim())) problem(file, '_meta.reviewed_by', 'must be a name or null');
  if ('note' in meta && typeof meta.note !== 'string') problem(file, '_meta.note', 'must be a string');
}

// Checks one string `text` at `where` against the English string `source`.
function checkString(file, where, text, source) {
  if (typeof text !== 'string') {
    problem(file, where, `must be a string, not ${Array.isArray(text) ? 'an array' : typeof text}`);
    return;
  }
  if (!text.trim()) {
    problem(file, where, 'is empty');
    return;
  }
  if (source === undefined) return;
  const mine = placeholders(text);
  const theirs = placeholders(source);
  if (!sameSet(mine, theirs)) {
    const missing = [...theirs].filter((p) => !mine.has(p)).map((p) => `{${p}}`);
    const extra = [...mine].filter((p) => !theirs.has(p)).map((p) => `{${p}}`);
    problem(file, where, `placeholders differ from English: ${missing.length ? 'missing ' + missing.join(' ') : ''}${missing.length && extra.length ? '; ' : ''}${extra.length ? 'unknown ' + extra.join(' ') : ''}`);
  }
  const stray = text.replace(PLACEHOLDER, '').match(/[{}]/g);
  const strayEn = source.replace(PLACEHOLDER, '').match(/[{}]/g);
  if (stray && !strayEn) problem(file, where, `has a stray "${stray[0]}" (a broken placeholder?)`);
  for (const name of KEEP) {
    if (source.includes(name) && !text.includes(name)) problem(file, where, `must keep the product name "${name}" as it is`);
  }
}

function checkPlural(file, where, value, source, categories, lang) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problem(file, where, `must be an object of plural forms (${list(categories)}), like English's`);
    return;
  }
  const forms = Object.keys(value);
  const missing = [...categories].filter((c) => !(c in value));
  const extra = forms.filter((c) => !categories.has(c) && c !== 'zero');
  if (missing.length) problem(file, where, `plural form${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing (${lang} uses ${list(categories)}${categories.has('zero') ? '' : ', and optionally zero'})`);
  for (const c of extra) {
    problem(file, `${where}.${c}`, CATEGORIES.includes(c)
      ? `"${lang}" has no plural category "${c}" (it uses ${list(categories)}; "zero" is also allowed)`
      : `"${c}" is not a CLDR plural category`);
  }
  for (const c of forms) {
    // Compare with English's form of the same category, else English's "other".
    const en = source && typeof source === 'object' ? (source[c] ?? source.other) : undefined;
    checkString(file, `${where}.${c}`, value[c], en);
  }
}

function checkCatalogue(path, english) {
  const file = basename(path);
  const lang = file.replace(/\.json$/, '');
  const data = path === english.path ? english.data : load(path);
  if (!data) return null;
  const isSource = lang === 'en';
  checkMeta(file, lang, data._meta, isSource);
  const categories = pluralCategories(file, lang);
  const messages = data.messages;
  const keys = Object.keys(messages);
  if (!isSource) {
    const enKeys = Object.keys(english.data.messages);
    const mine = new Set(keys);
    const theirs = new Set(enKeys);
    const missing = enKeys.filter((k) => !mine.has(k));
    const extra = keys.filter((k) => !theirs.has(k));
    for (const k of missing) problem(file, k, 'missing (English has it)');
    for (const k of extra) problem(file, k, 'extra key (not in en.json)');
    if (!missing.length && !extra.length) {
      const at = keys.findIndex((k, n) => k !== enKeys[n]);
      if (at >= 0) problem(file, keys[at], `keys are not in en.json's order (expected "${enKeys[at]}" here)`);
    }
  }
  for (const k of keys) {
    const source = isSource ? undefined : english.data.messages[k];
    if (!isSource && source === undefined) continue; // reported as extra
    const value = messages[k];
    const plural = isSource ? (value && typeof value === 'object') : (source && typeof source === 'object');
    if (plural) {
      if (categories) checkPlural(file, k, value, isSource ? undefined : source, categories, lang);
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      problem(file, k, 'must be a string (English has no plural forms here)');
    } else {
      checkString(file, k, value, isSource ? undefined : source);
    }
  }
  return keys.length;
}

function main() {
  let names;
  try {
    if (!statSync(FOLDER).isDirectory()) throw new Error('not a folder');
    names = readdirSync(FOLDER).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    console.log(`${FOLDER}: cannot read the folder (${e.message})`);
    process.exit(1);
  }
  if (!names.includes('en.json')) {
    console.log(`${FOLDER}: en.json (the source catalogue) is missing`);
    process.exit(1);
  }
  const enPath = join(FOLDER, 'en.json');
  const english = { path: enPath, data: load(enPath) };
  if (!english.data) {
    for (const p of problems) console.log(p);
    console.log('en.json is unusable, so the other catalogues were not checked');
    process.exit(1);
  }
  const ordered = ['en.json', ...names.filter((n) => n !== 'en.json')];
  const counts = ordered.map((n) => checkCatalogue(join(FOLDER, n), english));
  if (problems.length) {
    for (const p of problems) console.log(p);
    console.log(`${problems.length} problem${problems.length > 1 ? 's' : ''} in ${FOLDER}`);
    process.exit(1);
  }
  const langs = ordered.map((n) => n.replace(/\.json$/, ''));
  console.log(`OK: ${ordered.length} catalogues (${langs.join(', ')}) match en.json: ${counts[0]} keys each, placeholders and plural forms complete.`);
}

main();
