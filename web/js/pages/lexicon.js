// pages/lexicon.js: the community lexicon. Focal persons propose terms of
// their country's languages; coordinators and admins approve (live at
// once), reject or retire them and can roll back to an earlier version. The
// try box scores a message with the running Shield, so the effect of a term
// is seen straight away.
import { t, dateTime } from '../i18n.js';
import { get, post } from '../api.js';
import { h, clear, field, input, select, textarea, onSubmit, formValues, say, sayError, section,
  highlighted, labelList } from '../dom.js';

const LANGS = ['en', 'hi', 'hi-Latn', 'ur', 'ur-Latn', 'bn', 'bn-Latn', 'ne', 'si', 'ta', 'fil'];
const CATEGORIES = ['gendered', 'threat', 'insult', 'identity'];

function termLine(x) {
  return [h('span', { class: 'term', lang: x.lang.split('-')[0] }, x.term),
    h('span', { class: 'sub' }, ' · ', x.lang, x.categories ? ' · ' + labelList(x.categories.split(',')) : '',
      ' · ', t('lexicon.severity_' + x.severity), x.country ? ' · ' + x.country : '')];
}

export async function render(app) {
  const staff = app.isStaff();
  const pending = h('ul', { id: 'pending-list', class: 'list' });
  const active = h('ul', { id: 'active-list', class: 'list' });
  const versions = h('ul', { id: 'versions-list', class: 'list' });

  const act = (path, message) => async () => {
    try {
      await post(path, {});
      await load();
      say(message);
    } catch (err) { sayError(err); }
  };

  const load = async () => {
    const [p, a] = await Promise.all([get('/api/v1/lexicon/terms?status=pending'), get('/api/v1/lexicon/terms?status=approved')]);
    clear(pending);
    for (const x of p.terms || []) {
      pending.append(h('li', { dataset: { termId: x.id } }, termLine(x),
        x.notes ? h('p', { class: 'sub' }, x.notes) : '',
        h('p', { class: 'sub' }, t('lexicon.by', { id: x.proposed_by }), ' · ', dateTime(x.proposed_at)),
        staff ? h('div', { class: 'row' },
          h('button', { type: 'button', class: 'approve', onclick: act('/api/v1/lexicon/terms/' + x.id + '/approve', t('lexicon.approved')) }, t('lexicon.approve')),
          h('button', { type: 'button', class: 'reject danger', onclick: act('/api/v1/lexicon/terms/' + x.id + '/reject', t('lexicon.rejected')) }, t('lexicon.reject'))) : ''));
    }
    if (!pending.children.length) pending.append(h('li', {}, t('lexicon.none')));
    clear(active);
    for (const x of a.terms || []) {
      active.append(h('li', { dataset: { termId: x.id } }, termLine(x),
        staff ? h('div', { class: 'row' }, h('button', { type: 'button', class: 'retire secondary',
          onclick: act('/api/v1/lexicon/terms/' + x.id + '/retire', t('lexicon.retired')) }, t('lexicon.retire'))) : ''));
    }
    if (!active.children.length) active.append(h('li', {}, t('lexicon.none')));
    const v = await get('/api/v1/lexicon/versions?limit=20');
    clear(versions);
    (v.versions || []).forEach((x, i) => {
      versions.append(h('li', { dataset: { version: x.version } },
        t('lexicon.version_item', { version: x.version, n: (x.active_term_ids || []).length, date: dateTime(x.created_at) }),
        staff && i > 0 ? [' ', h('button', { type: 'button', class: 'rollback link',
          onclick: act('/api/v1/lexicon/versions/' + x.version + '/rollback', t('lexicon.rolled_back', { version: x.version })) }, t('lexicon.rollback'))] : ''));
    });
    if (!versions.children.length) versions.append(h('li', {}, t('lexicon.none')));
  };
  await load();

  const propose = h('form', { id: 'propose-form' },
    field(t('lexicon.term'), input('term', { required: true, maxlength: 100 })),
    field(t('lexicon.lang'), select('lang', LANGS.map((l) => [l, l]))),
    h('fieldset', { class: 'checks' }, h('legend', {}, t('lexicon.categories')),
      CATEGORIES.map((c) => h('label', {}, input('categories', { type: 'checkbox', value: c }), t('label.' + c)))),
    field(t('lexicon.severity'), select('severity', [['1', t('lexicon.severity_1')], ['2', t('lexicon.severity_2')], ['3', t('lexicon.severity_3')]], { value: '2' })),
    field(t('lexicon.notes'), textarea('notes', { rows: 2 })),
    app.isStaff() ? field(t('common.country'), input('country', { maxlength: 2, autocomplete: 'off' })) : '',
    h('button', { type: 'submit' }, t('lexicon.submit')));
  onSubmit(propose, async () => {
    const v = formValues(propose, ['categories']);
    const body = { term: v.term, lang: v.lang, severity: Number(v.severity || 2) };
    if (v.categories) body.categories = v.categories.join(',');
    if (v.notes) body.notes = v.notes;
    if (v.country) body.country = v.country.toUpperCase();
    await post('/api/v1/lexicon/terms', body);
    propose.reset();
    await load();
    say(t('lexicon.proposed'));
  });

  const result = h('div', { id: 'try-result', 'aria-live': 'polite' });
  const tryForm = h('form', { id: 'try-form' },
    field(t('lexicon.try_text'), textarea('text', { required: true, rows: 2 })),
    h('button', { type: 'submit', class: 'secondary' }, t('lexicon.try_submit')));
  onSubmit(tryForm, async () => {
    const text = formValues(tryForm).text || '';
    const r = await post('/api/v1/score', { text });
    const v = r.results[0];
    clear(result);
    result.dataset.labels = v.labels.join(' ');
    result.append(h('p', {}, v.labels.length ? t('lexicon.try_flagged', { labels: labelList(v.labels) }) : t('lexicon.try_clean')),
      h('p', { class: 'msg-text' }, highlighted(text, v.spans)));
    say(t('common.done'));
  });

  return h('div', { dataset: { view: 'lexicon' } },
    h('h1', {}, t('lexicon.title')), h('p', { class: 'lead' }, t('lexicon.intro')),
    section(t('lexicon.try'), tryForm, result),
    section(t('lexicon.propose'), propose),
    section(t('lexicon.pending'), pending),
    section(t('lexicon.active'), active),
    section(t('lexicon.versions'), versions));
}
