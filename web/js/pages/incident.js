// pages/incident.js: recording an incident (#/incidents/new) and an
// incident's page (#/incidents/ID): its messages, scored and blurred until
// asked; evidence (files with upload progress, imports of exports); the
// complaint pack; the complaints tracker; sharing with a trusted person; the
// case study; export and deletion.
import { t, dateTime, bytes } from '../i18n.js';
import { get, post, patch, del, download, fetchBlob, ApiError } from '../api.js';
import { h, clear, field, input, select, textarea, onSubmit, formValues, say, sayError, section,
  messageItem, uploadForm } from '../dom.js';

const CATEGORIES = ['sexual_harassment', 'threats', 'doxxing', 'impersonation', 'slurs', 'pile_on',
  'non_consensual_images', 'other'];
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const STATUSES = ['open', 'reported', 'responded', 'closed'];
const PLATFORMS = ['', 'x', 'facebook', 'instagram', 'whatsapp', 'youtube', 'telegram', 'tiktok', 'email', 'sms'];

function platformOptions() {
  return PLATFORMS.map((p) => [p, p === '' ? t('incident.platform_other') : p]);
}

function newIncident(app) {
  const form = h('form', { id: 'incident-form' },
    field(t('incident.title'), input('title', { required: true, maxlength: 200 }), t('incident.title_hint')),
    field(t('incident.category'), select('category', CATEGORIES.map((c) => [c, t('category.' + c)]))),
    field(t('incident.severity'), select('severity', SEVERITIES.map((s) => [s, t('severity.' + s)]), { value: 'medium' })),
    field(t('incident.platform'), select('platform', platformOptions())),
    field(t('incident.description'), textarea('description')),
    field(t('incident.paste'), textarea('paste', { rows: 6 }), t('incident.paste_hint')),
    field(t('incident.visibility'), select('visibility', [
      ['network', t('incident.visibility_network')], ['private', t('incident.visibility_private')]])),
    h('button', { type: 'submit' }, t('incident.create')));
  onSubmit(form, async () => {
    const v = formValues(form);
    const body = { title: v.title, category: v.category, severity: v.severity, visibility: v.visibility };
    if (v.description) body.description = v.description;
    if (v.platform) body.platforms = v.platform;
    const created = await post('/api/v1/incidents', body);
    const id = created.incident.id;
    if (v.paste && v.paste.trim()) {
      await post('/api/v1/incidents/' + id + '/messages', { paste: v.paste, ...(v.platform ? { platform: v.platform } : {}) });
    }
    app.go('#/incidents/' + id);
    setTimeout(() => say(t('incident.created')), 0);
  });
  return h('div', { dataset: { view: 'new-incident' } }, h('h1', {}, t('incident.new_title')), form);
}

// Messages of the API → the shape messageItem() shows.
// The store keeps a message's scores as "abusive=0.93,threat=0.12": an object
// for the page (an object already is one).
function parseScores(scores) {
  if (!scores || typeof scores === 'object') return scores || {};
  const out = {};
  for (const part of String(scores).split(',')) {
    const [k, v] = part.split('=');
    if (k && v !== undefined && !Number.isNaN(Number(v))) out[k.trim()] = Number(v);
  }
  return out;
}

function shown(m) {
  return {
    text: m.text, hidden: m.hidden, labels: m.labels ? m.labels.split(',').filter(Boolean) : [],
    scores: parseScores(m.scores), author: m.author_handle, platform: m.platform, time: m.sent_at || m.added_at,
  };
}

async function messagesSection(app, id) {
  const list = h('ul', { id: 'messages', class: 'list' });
  const counts = h('p', { class: 'sub' });
  const load = async () => {
    const r = await get('/api/v1/incidents/' + id + '/messages?limit=500');
    const msgs = r.messages || [];
    clear(list);
    msgs.forEach((m, i) => list.append(messageItem(shown(m), {
      reveal: async () => {
        const one = await get('/api/v1/incidents/' + id + '/messages?offset=' + i + '&limit=1&reveal=true');
        return one.messages && one.messages[0] ? one.messages[0].text : '';
      },
    })));
    const flagged = msgs.filter((m) => m.labels).length;
    counts.textContent = msgs.length ? t('incident.messages_count', { n: msgs.length }) + ' · ' +
      t('incident.flagged_count', { n: flagged }) : t('incident.no_messages');
  };
  await load();
  const paste = h('form', { id: 'paste-form' },
    field(t('incident.paste'), textarea('paste', { required: true }), t('incident.paste_hint')),
    h('button', { type: 'submit', class: 'secondary' }, t('incident.add_messages')));
  onSubmit(paste, async () => {
    const r = await post('/api/v1/incidents/' + id + '/messages', { paste: formValues(paste).paste || '' });
    paste.reset();
    await load();
    say(t('incident.added', { n: (r.ids || []).length }));
  });
  return { node: section(t('incident.messages'), counts, list, paste), reload: load };
}

// Screenshots are not shown unasked: a button fetches the image (on a poor
// connection, only when she wants it) and shows it blurred; a second one
// shows it as it is.
const PREVIEWABLE = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
function imagePreview(id, e) {
  const box = h('div', { class: 'preview' });
  const show = h('button', { type: 'button', class: 'small secondary preview-show' }, t('incident.preview'));
  show.addEventListener('click', async () => {
    try {
      const blob = await fetchBlob('/api/v1/incidents/' + id + '/evidence/' + e.seq, e.mime);
      const url = URL.createObjectURL(blob);
      const img = h('img', { src: url, alt: t('incident.preview_alt', { name: e.name || e.kind }), class: 'blurred' });
      const reveal = h('button', { type: 'button', class: 'small reveal' }, t('incident.preview_reveal'));
      reveal.addEventListener('click', () => {
        const blurred = img.classList.toggle('blurred');
        reveal.textContent = blurred ? t('incident.preview_reveal') : t('msg.hide');
      });
      clear(box).append(img, reveal);
    } catch (err) { sayError(err); }
  });
  box.append(show);
  return box;
}

async function evidenceSection(app, id, reloadMessages) {
  const list = h('ul', { id: 'evidence-list', class: 'list' });
  const load = async () => {
    const r = await get('/api/v1/incidents/' + id + '/evidence');
    const items = (r.items || []).filter((e) => e.kind !== 'message');
    clear(list);
    if (!items.length) list.append(h('li', {}, t('incident.evidence_none')));
    for (const e of items) {
      list.append(h('li', { dataset: { seq: e.seq } },
        h('a', { href: '/api/v1/incidents/' + id + '/evidence/' + e.seq, download: e.name || ('evidence-' + e.seq) },
          t('incident.evidence_item', { seq: e.seq, name: e.name || e.kind, size: bytes(e.size || 0) })),
        h('p', { class: 'sub' }, dateTime(e.captured_at), ' · ', h('code', {}, (e.sha256 || '').slice(0, 16))),
        PREVIEWABLE.includes(e.mime) ? imagePreview(id, e) : ''));
    }
  };
  await load();
  const ev = uploadForm({ id: 'evidence-form', progressId: 'evidence-progress', label: t('incident.evidence_file'),
    hint: t('incident.evidence_hint'), submit: t('incident.evidence_upload'), secondary: true, reset: true,
    path: (f) => '/api/v1/incidents/' + id + '/evidence?name=' + encodeURIComponent(f.name),
    done: async (r) => {
      await load();
      if (r.ocr) await reloadMessages();
      say(t('incident.evidence_added', { seq: r.entry ? r.entry.seq : '' }));
    } });
  const imp = uploadForm({ id: 'import-form', progressId: 'import-progress', label: t('incident.import'),
    hint: t('incident.import_hint'), submit: t('incident.import_submit'), secondary: true, reset: true,
    path: (f) => '/api/v1/incidents/' + id + '/import?name=' + encodeURIComponent(f.name),
    done: async (r) => {
      await Promise.all([load(), reloadMessages()]);
      say(t('incident.imported', { n: r.added || 0 }));
    } });
  return section(t('incident.evidence'), list, ev, h('hr'), imp);
}

async function packSection(app, incident) {
  let templates = [];
  try { templates = (await get('/api/v1/complaint-templates')).templates || []; } catch (err) { /* none */ }
  const extra = h('div', { class: 'template-fields' });
  const choose = select('template', [['', t('incident.pack_generic')], ...templates.map((x) => [x.id, x.name])]);
  const showFields = () => {
    clear(extra);
    const tpl = templates.find((x) => x.id === choose.value);
    if (!tpl) return;
    if (tpl.notes) extra.append(h('p', { class: 'sub' }, tpl.notes));
    for (const f of tpl.fields || []) {
      extra.append(field(f.label, input('tf_' + f.key, { required: !!f.required, dataset: { key: f.key } }), f.help));
    }
  };
  choose.addEventListener('change', showFields);
  const form = h('form', { id: 'pack-form' },
    h('p', { class: 'sub' }, t('incident.pack_hint')),
    field(t('incident.pack_template'), choose), extra,
    field(t('incident.pack_summary'), textarea('summary')),
    h('div', { class: 'field checks' }, h('label', {}, input('redact', { type: 'checkbox', value: 'true' }), t('incident.pack_redact'))),
    h('button', { type: 'submit' }, t('incident.pack_submit')));
  onSubmit(form, async () => {
    const v = formValues(form);
    const body = {};
    if (v.template) body.template = v.template;
    if (v.summary) body.summary = v.summary;
    if (v.redact) body.redact = true;
    const fields = Array.from(extra.querySelectorAll('input[data-key]')).filter((i) => i.value)
      .map((i) => ({ key: i.dataset.key, value: i.value }));
    if (fields.length) body.fields = fields;
    await download('POST', '/api/v1/incidents/' + incident.id + '/pack', body, 'incident-' + incident.id + '-pack.zip');
    say(t('incident.pack_ready'));
  });
  return section(t('incident.pack'), form);
}

function toSeconds(dateValue) {
  if (!dateValue) return undefined;
  const ms = Date.parse(dateValue + 'T12:00:00');
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

async function complaintsSection(app, incident, refresh) {
  const id = incident.id;
  const list = h('ul', { id: 'complaint-list', class: 'list' });
  const load = async () => {
    let r;
    try {
      r = await get('/api/v1/incidents/' + id + '/complaints');
    } catch (err) {
      if (err.status === 403) return false;  // plain members do not track complaints of others
      throw err;
    }
    clear(list);
    const cs = r.complaints || [];
    if (!cs.length) list.append(h('li', {}, t('incident.complaint_none')));
    for (const c of cs) {
      const actions = h('div', { class: 'row' });
      if (c.status === 'filed') {
        actions.append(h('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await patch('/api/v1/complaints/' + c.id, { status: 'answered' }); await load(); refresh(); } catch (err) { sayError(err); }
        } }, t('incident.complaint_answered')));
      }
      if (c.status !== 'closed') {
        actions.append(h('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await patch('/api/v1/complaints/' + c.id, { status: 'closed' }); await load(); } catch (err) { sayError(err); }
        } }, t('incident.complaint_close')));
      }
      list.append(h('li', { dataset: { complaintId: c.id } },
        h('p', {}, t('incident.complaint_item', { destination: c.destination, status: t('complaint.' + c.status), date: dateTime(c.filed_at, false) })),
        h('p', { class: 'sub' }, c.reference ? c.reference + ' · ' : '',
          c.status === 'filed' && c.follow_up_at ? t('incident.complaint_followup', { date: dateTime(c.follow_up_at, false) }) : ''),
        actions));
    }
    return true;
  };
  if (!(await load())) return '';
  const form = h('form', { id: 'complaint-form' },
    field(t('incident.complaint_destination'), input('destination', { required: true, maxlength: 200 })),
    field(t('incident.complaint_reference'), input('reference', { maxlength: 500 })),
    field(t('incident.complaint_filed'), input('filed_at', { type: 'date' })),
    h('button', { type: 'submit', class: 'secondary' }, t('incident.complaint_add')));
  onSubmit(form, async () => {
    const v = formValues(form);
    const body = { destination: v.destination };
    if (v.reference) body.reference = v.reference;
    const filed = toSeconds(v.filed_at);
    if (filed !== undefined) body.filed_at = filed;
    const r = await post('/api/v1/incidents/' + id + '/complaints', body);
    form.reset();
    await load();
    refresh();
    say(t('incident.complaint_added', { date: dateTime(r.complaint.follow_up_at, false) }));
  });
  return section(t('incident.complaints'), list, form);
}

async function shareSection(app, incident) {
  const id = incident.id;
  const owner = incident.owner_user_id === app.user.id;
  const list = h('ul', { id: 'reviewer-list', class: 'list' });
  const load = async () => {
    const r = await get('/api/v1/incidents/' + id + '/reviewers');
    const active = (r.reviewers || []).filter((x) => x.active);
    clear(list);
    if (!active.length) list.append(h('li', {}, t('incident.share_none')));
    for (const x of active) {
      list.append(h('li', { class: 'row' },
        h('span', {}, x.display_name ? x.display_name + ' (' + x.email + ')' : t('incident.reviewer', { id: x.user_id })),
        owner ? h('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await del('/api/v1/incidents/' + id + '/reviewers/' + x.user_id); await load(); say(t('incident.unshared')); } catch (err) { sayError(err); }
        } }, t('incident.unshare')) : ''));
    }
  };
  await load();
  if (!owner) return section(t('incident.share'), list);
  const form = h('form', { id: 'reviewer-form' },
    field(t('incident.share_email'), input('email', { type: 'email', required: true }), t('incident.share_hint')),
    h('button', { type: 'submit', class: 'secondary' }, t('incident.share_submit')));
  onSubmit(form, async () => {
    await post('/api/v1/incidents/' + id + '/reviewers', { email: formValues(form).email });
    form.reset();
    await load();
    say(t('incident.shared'));
  });
  return section(t('incident.share'), list, form);
}

function ownerSection(app, incident) {
  const id = incident.id;
  const parts = [];
  if (incident.status === 'closed') {
    const consent = input('consent', { type: 'checkbox', required: true, value: 'true' });
    const cs = h('form', { id: 'case-study-form' },
      h('p', { class: 'sub' }, t('incident.case_study_hint')),
      field(t('incident.pack_summary'), textarea('summary')),
      h('div', { class: 'field checks' }, h('label', {}, consent, t('incident.case_study_consent'))),
      h('button', { type: 'submit', class: 'secondary' }, t('incident.case_study_submit')));
    onSubmit(cs, async () => {
      const v = formValues(cs);
      await download('POST', '/api/v1/incidents/' + id + '/case-study',
        { consent: true, ...(v.summary ? { summary: v.summary } : {}) }, 'case-study-' + id + '.pdf');
      say(t('common.done'));
    });
    parts.push(h('h3', {}, t('incident.case_study')), cs);
  }
  parts.push(h('div', { class: 'row' },
    h('button', { type: 'button', class: 'secondary', id: 'incident-export', onclick: async () => {
      try { await download('GET', '/api/v1/incidents/' + id + '/export', undefined, 'incident-' + id + '.json'); } catch (err) { sayError(err); }
    } }, t('incident.export')),
    h('button', { type: 'button', class: 'danger', id: 'incident-delete', onclick: async () => {
      if (!window.confirm(t('incident.delete_confirm'))) return;
      try { await del('/api/v1/incidents/' + id); app.go('#/home'); setTimeout(() => say(t('incident.deleted')), 0); } catch (err) { sayError(err); }
    } }, t('incident.delete'))));
  return h('section', { class: 'card' }, parts);
}

async function incidentView(app, id) {
  let incident;
  try {
    incident = (await get('/api/v1/incidents/' + id)).incident;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 404 || err.status === 403)) {
      return h('div', { dataset: { view: 'incident' } }, h('h1', {}, err.status === 404 ? t('common.notfound') : t('common.forbidden')));
    }
    throw err;
  }
  const status = select('status', STATUSES.map((s) => [s, t('status.' + s)]), { value: incident.status, id: 'incident-status' });
  const badge = h('span', { class: 'badge ' + incident.status }, t('status.' + incident.status));
  status.addEventListener('change', async () => {
    try {
      await post('/api/v1/incidents/' + id + '/status', { status: status.value });
      say(t('incident.status_changed'));
      app.refresh();
    } catch (err) { sayError(err); status.value = incident.status; }
  });
  const refresh = async () => {
    try {
      const now = (await get('/api/v1/incidents/' + id)).incident;
      status.value = now.status;
      badge.className = 'badge ' + now.status;
      badge.textContent = t('status.' + now.status);
    } catch (err) { /* shown on next load */ }
  };
  const messages = await messagesSection(app, id);
  const owner = incident.owner_user_id === app.user.id;
  const [evidence, pack, complaints, share] = await Promise.all([
    evidenceSection(app, id, messages.reload), packSection(app, incident),
    complaintsSection(app, incident, refresh), shareSection(app, incident)]);
  return h('div', { dataset: { view: 'incident', incidentId: id } },
    h('p', {}, h('a', { href: '#/home' }, '← ', t('nav.home'))),
    h('h1', { id: 'incident-title' }, incident.title, badge),
    h('p', { class: 'sub' }, t('category.' + incident.category) !== 'category.' + incident.category ? t('category.' + incident.category) : incident.category,
      ' · ', t('severity.' + incident.severity), ' · ', t('incident.created_at', { date: dateTime(incident.created_at) })),
    incident.description ? h('p', { class: 'description' }, incident.description) : '',
    field(t('incident.status'), status),
    messages.node, evidence, pack, complaints, share, owner ? ownerSection(app, incident) : '');
}

export async function render(app, parts) {
  if (parts[0] === 'new') return newIncident(app);
  const id = Number(parts[0]);
  if (!Number.isInteger(id) || id <= 0) {
    return h('div', { dataset: { view: 'incident' } }, h('h1', {}, t('common.notfound')));
  }
  return incidentView(app, id);
}
