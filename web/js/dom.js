// dom.js: building the page safely. Every text goes through textContent or
// an attribute, never innerHTML, so a message, a title or a name holding
// markup is shown as text (and the CSP forbids inline scripts anyway).
import { t, number, dateTime } from './i18n.js';
import { upload } from './api.js';

const PROPS = new Set(['value', 'checked', 'disabled', 'hidden', 'selected', 'multiple', 'required', 'readOnly']);

// h('button', {class: 'x', onclick: fn}, 'text', child, [children]) → element.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (PROPS.has(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

// The status line (role=status, read out by screen readers).
// News fades after a while (it would otherwise sit over the next page);
// errors stay until the next message.
let sayTimer = 0;
export function say(text, isError = false) {
  const s = document.getElementById('status');
  if (!s) return;
  s.textContent = text;
  s.classList.toggle('error', isError);
  clearTimeout(sayTimer);
  if (!isError && text) sayTimer = setTimeout(() => { if (s.textContent === text) s.textContent = ''; }, 8000);
}
export function sayError(err) {
  if (err && err.code === 'network') say(t('common.network'), true);
  else if (err && err.status === 403) say(t('common.forbidden') + ' ' + (err.message || ''), true);
  else say(t('common.error', { message: err && err.message ? err.message : String(err) }), true);
}

let uid = 0;
// A labelled form control. `control` is an element or h() arguments.
export function field(label, control, hint) {
  const id = control.id || 'f' + (++uid);
  control.id = id;
  const parts = [h('label', { for: id }, label), control];
  if (hint) {
    const hid = id + '-hint';
    control.setAttribute('aria-describedby', hid);
    parts.push(h('small', { id: hid, class: 'hint' }, hint));
  }
  return h('div', { class: 'field' }, parts);
}
export function input(name, attrs = {}) { return h('input', { name, ...attrs }); }
export function select(name, options, attrs = {}) {
  return h('select', { name, ...attrs },
    options.map(([value, label]) => h('option', { value, selected: attrs.value === value }, label)));
}
export function textarea(name, attrs = {}) { return h('textarea', { name, rows: 4, ...attrs }); }

// Values of a form as an object; empty fields left out; repeated names
// (checkboxes) become arrays when `arrays` lists them.
export function formValues(form, arrays = []) {
  const out = {};
  for (const [k, v] of new FormData(form)) {
    if (v instanceof File) continue;
    if (arrays.includes(k)) (out[k] = out[k] || []).push(v);
    else if (v !== '') out[k] = v;
  }
  return out;
}

// Runs `work` for a form submit: disables the buttons meanwhile, reports
// errors on the status line and keeps what was typed.
export function onSubmit(form, work) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    say(t('common.working'));
    try {
      await work(form);
    } catch (err) {
      sayError(err);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', {}, title), children);
}

// --- Messages: scored, and blurred until asked when flagged. ---

export const LABELS = ['abusive', 'gendered', 'threat', 'insult', 'identity'];

export function labelList(labels) {
  return labels.map((l) => t('label.' + l)).join(', ');
}

function scoresLine(scores, labels) {
  const parts = LABELS.filter((l) => scores && scores[l] !== undefined)
    .sort((a, b) => scores[b] - scores[a])
    .slice(0, 3)
    .map((l) => t('label.' + l) + ' ' + number(scores[l], { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
  return h('p', { class: 'scores', dataset: { labels: labels.join(' ') } },
    h('span', { class: 'sr' }, t('msg.scores') + ': '), parts.join(' · '));
}

// Text with the spans (UTF-8 byte offsets, as the Shield reports them)
// marked.
export function highlighted(text, spans) {
  const bytes = new TextEncoder().encode(text);
  const dec = new TextDecoder();
  const cuts = (spans || []).map((s) => [s.begin, s.end]).filter(([b, e]) => b < e && e <= bytes.length)
    .sort((a, b) => a[0] - b[0]);
  const out = [];
  let at = 0;
  for (const [b, e] of cuts) {
    if (b < at) continue;
    if (b > at) out.push(dec.decode(bytes.slice(at, b)));
    out.push(h('mark', {}, dec.decode(bytes.slice(b, e))));
    at = e;
  }
  if (at < bytes.length) out.push(dec.decode(bytes.slice(at)));
  return out;
}

// One message. m: {text, hidden?, labels[], scores, spans?, author, platform,
// time (unix s)}. `reveal` (optional) fetches the withheld text: async () =>
// text. Flagged messages start blurred; the text is only put in the page
// when the reader asks.
export function messageItem(m, { reveal, extra } = {}) {
  const flagged = m.labels.length > 0;
  const text = h('p', { class: 'msg-text' });
  const li = h('li', { class: 'msg' + (flagged ? ' flagged' : ''), dataset: { labels: m.labels.join(' ') } });
  const meta = h('p', { class: 'meta' },
    m.author ? t('msg.from', { handle: m.author }) : '',
    m.platform ? ' · ' + m.platform : '',
    m.time ? ' · ' + dateTime(m.time) : '',
    flagged ? '' : ' · ' + t('msg.clean'));
  const show = (value) => {
    clear(text).append(...highlighted(value, m.spans));
    text.classList.remove('blurred');
    text.removeAttribute('aria-hidden');
    if (note) note.hidden = true;
  };
  // Blurred: a shape of the message's length, not its words (the words are
  // not in the page until asked for), and a readable note of what it is.
  const note = h('p', { class: 'hidden-note' }, t('msg.hidden', { labels: labelList(m.labels) }));
  const blur = () => {
    const len = Math.min(Math.max((m.text || '').length || m.length || 40, 12), 160);
    const shape = Array.from({ length: len }, (_, i) => (i % 7 === 6 ? ' ' : 'x')).join('');
    clear(text).append(shape);
    text.classList.add('blurred');
    text.setAttribute('aria-hidden', 'true');
    note.hidden = false;
  };
  if (flagged) {
    blur();
    const button = h('button', { type: 'button', class: 'reveal link', 'aria-expanded': 'false' }, t('msg.reveal'));
    let shown = false;
    button.addEventListener('click', async () => {
      if (shown) {
        blur();
        shown = false;
        button.textContent = t('msg.reveal');
        button.setAttribute('aria-expanded', 'false');
        return;
      }
      try {
        let value = m.text;
        if (m.hidden && reveal) value = await reveal();
        show(value || '');
        shown = true;
        button.textContent = t('msg.hide');
        button.setAttribute('aria-expanded', 'true');
      } catch (err) {
        sayError(err);
      }
    });
    li.append(extra || '', meta, note, text, button, scoresLine(m.scores, m.labels));
  } else {
    note.hidden = true;
    show(m.text || '');
    li.append(extra || '', meta, text, scoresLine(m.scores, m.labels));
  }
  return li;
}

// A <progress> that reads out its percentage.
function progressBar(id) {
  return h('progress', { id, max: 1, value: 0, hidden: true });
}

// A form that uploads one file as the request body with a progress bar and
// the percentage on the status line (evidence, exports, triage). o: {id,
// progressId, label, hint, submit, secondary?, path(file) → URL, reading?
// (the status once the bytes are sent), reset? (empty the form after),
// before?(), done(result, file)}.
export function uploadForm(o) {
  const file = input('file', { type: 'file', required: true });
  const progress = progressBar(o.progressId);
  const form = h('form', { id: o.id },
    field(o.label, file, o.hint), progress,
    h('button', { type: 'submit', class: o.secondary ? 'secondary' : undefined }, o.submit));
  onSubmit(form, async () => {
    const f = file.files[0];
    if (!f) return;
    if (o.before) o.before();
    progress.hidden = false;
    progress.value = 0;
    let r;
    try {
      r = await upload(o.path(f), f, (p) => {
        progress.value = p;
        say(p < 1 ? t('common.uploaded', { percent: Math.round(p * 100) + '%' }) : o.reading || t('common.upload_done'));
      });
    } finally {
      progress.hidden = true;
    }
    if (o.reset) form.reset();
    await o.done(r, f);
  });
  return form;
}
