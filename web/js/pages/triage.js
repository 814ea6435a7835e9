// pages/triage.js: upload an export (or a ZIP of them), see every message
// scored on this server: counts by severity, the senders of most flagged
// messages, the messages (flagged first, blurred until asked), bulk
// selection, CSV export of the selection, and filing it as an incident.
import { t, number } from '../i18n.js';
import { post, saveBlob } from '../api.js';
import { h, clear, field, say, section, messageItem, uploadForm } from '../dom.js';

const BUCKETS = ['severe', 'high', 'medium', 'low', 'none'];
const SHOWN = 1000;  // messages drawn at once; the rest on demand

function flaggedOf(m) { return m.labels.length > 0 || (m.severity && m.severity !== 'none'); }

function unixOf(iso) {
  const ms = Date.parse(iso || '');
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

// A CSV cell: quoted, and a leading = + - @ defused so a spreadsheet does
// not run it as a formula.
function cell(v) {
  let s = String(v ?? '');
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return '"' + s.replace(/"/g, '""') + '"';
}

function results(app, name, r) {
  const all = (r.messages || []).map((m, i) => ({
    i, text: m.text, labels: m.labels || [], scores: m.scores, spans: m.spans, severity: m.severity || 'none',
    author: m.author, platform: m.platform, time: unixOf(m.time), url: m.url, category: m.category,
  }));
  const picked = new Set();
  const counts = Object.fromEntries(BUCKETS.map((b) => [b, 0]));
  for (const m of all) counts[BUCKETS.includes(m.severity) ? m.severity : 'none']++;
  const byHandle = new Map();
  for (const m of all) if (flaggedOf(m) && m.author) byHandle.set(m.author, (byHandle.get(m.author) || 0) + 1);
  const top = [...byHandle.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);

  const selected = h('p', { id: 'selected-count', class: 'sub', 'aria-live': 'polite' });
  const updateCount = () => { selected.textContent = t('triage.selected', { n: picked.size }); };
  const list = h('ul', { id: 'triage-list', class: 'list' });
  const checkboxes = new Map();
  let onlyFlagged = all.some(flaggedOf);
  const draw = () => {
    clear(list);
    checkboxes.clear();
    const rows = all.filter((m) => !onlyFlagged || flaggedOf(m))
      .sort((a, b) => BUCKETS.indexOf(a.severity) - BUCKETS.indexOf(b.severity) || a.i - b.i);
    for (const m of rows.slice(0, SHOWN)) {
      const box = h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('triage.pick'), checked: picked.has(m.i) });
      box.addEventListener('change', () => { if (box.checked) picked.add(m.i); else picked.delete(m.i); updateCount(); });
      checkboxes.set(m.i, box);
      list.append(messageItem(m, { extra: box }));
    }
    if (rows.length > SHOWN) list.append(h('li', { class: 'sub' }, t('triage.limit', { n: SHOWN })));
  };
  const filter = h('select', { id: 'triage-filter' },
    h('option', { value: 'flagged', selected: onlyFlagged }, t('triage.filter_flagged')),
    h('option', { value: 'all', selected: !onlyFlagged }, t('triage.filter_all')));
  filter.addEventListener('change', () => { onlyFlagged = filter.value === 'flagged'; draw(); });

  const selectFlagged = h('button', { type: 'button', id: 'select-flagged', class: 'secondary', onclick: () => {
    for (const m of all) if (flaggedOf(m)) picked.add(m.i);
    for (const [i, box] of checkboxes) box.checked = picked.has(i);
    updateCount();
  } }, t('triage.select_flagged'));
  const exportCsv = h('button', { type: 'button', id: 'export-csv', class: 'secondary', onclick: () => {
    const rows = all.filter((m) => picked.has(m.i));
    if (!rows.length) { say(t('triage.nothing_selected'), true); return; }
    const head = ['time', 'author', 'platform', 'url', 'severity', 'labels', 'text'];
    const lines = [head.join(',')].concat(rows.map((m) => [
      m.time ? new Date(m.time * 1000).toISOString() : '', m.author, m.platform, m.url, m.severity,
      m.labels.join(' '), m.text].map(cell).join(',')));
    saveBlob(new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv' }), name.replace(/\.[^.]*$/, '') + '-triage.csv');
  } }, t('triage.export'));
  const fileIncident = h('button', { type: 'button', id: 'file-incident', onclick: async () => {
    const rows = all.filter((m) => picked.has(m.i));
    if (!rows.length) { say(t('triage.nothing_selected'), true); return; }
    fileIncident.disabled = true;
    try {
      const created = await post('/api/v1/incidents', { title: t('triage.incident_title', { name }).slice(0, 200), category: 'other' });
      const id = created.incident.id;
      for (let k = 0; k < rows.length; k += 1000) {
        await post('/api/v1/incidents/' + id + '/messages', { messages: rows.slice(k, k + 1000).map((m) => {
          const out = { text: m.text, source: 'triage' };
          if (m.author) out.author_handle = m.author.slice(0, 200);
          if (m.platform) out.platform = m.platform;
          if (m.url) out.url = m.url;
          if (m.time) out.sent_at = m.time;
          return out;
        }) });
      }
      app.go('#/incidents/' + id);
      setTimeout(() => say(t('incident.created')), 0);
    } catch (err) {
      fileIncident.disabled = false;
      throw err;
    }
  } }, t('triage.file_incident'));

  draw();
  updateCount();
  const stats = r.stats || {};
  return h('div', { id: 'triage-results' },
    section(t('triage.summary'),
      h('p', {}, t('triage.total', { n: all.length })),
      stats.complete === false ? h('p', { class: 'hidden-note' }, t('triage.incomplete', { errors: (stats.errors || []).join('; ') })) : '',
      h('ul', { id: 'triage-summary', class: 'buckets' }, BUCKETS.map((b) => h('li', { dataset: { bucket: b } },
        h('span', { class: 'count' }, number(counts[b])), t('triage.bucket_' + b))))),
    section(t('triage.handles'), top.length
      ? h('ol', { id: 'top-handles', class: 'list' }, top.map(([handle, n]) => h('li', {}, t('triage.handle_item', { handle, n }))))
      : [h('ol', { id: 'top-handles', class: 'list' }), h('p', {}, t('triage.none_flagged'))]),
    section(t('incident.messages'),
      h('div', { class: 'row' }, field(t('triage.show'), filter), selectFlagged, exportCsv, fileIncident),
      selected, list));
}

export function render(app) {
  const out = h('div', { id: 'triage-output' });
  const form = uploadForm({ id: 'triage-form', progressId: 'upload-progress', label: t('triage.file'),
    hint: t('triage.intro'), submit: t('triage.submit'), reading: t('triage.reading'),
    path: (f) => '/api/v1/import?name=' + encodeURIComponent(f.name),
    before: () => clear(out),
    done: (r, f) => {
      out.append(results(app, f.name, r));
      say(t('triage.total', { n: (r.messages || []).length }));
    } });
  return h('div', { dataset: { view: 'triage' } }, h('h1', {}, t('triage.title')), section(t('triage.file'), form), out);
}
