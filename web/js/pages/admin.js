// pages/admin.js: people and organisations. Tabs: #/admin/users,
// #/admin/orgs, #/admin/invitations, #/admin/audit. What a tab offers
// follows the API's rules: managers see and re-grant the users of their
// scope and invite; admins also create, disable and enable users and read
// the audit log; staff (admins, coordinators) create organisations.
import { t, dateTime } from '../i18n.js';
import { get, post } from '../api.js';
import { h, clear, field, input, select, onSubmit, formValues, say, sayError, section } from '../dom.js';

const ROLES = ['admin', 'coordinator', 'focal_person', 'member', 'journalist'];
const KINDS = ['federation', 'union', 'association'];

function tabs(app, current) {
  const names = ['users', 'orgs', 'invitations'];
  if (app.isAdmin()) names.push('audit');
  return h('nav', { class: 'tabs', 'aria-label': t('admin.title') },
    names.map((n) => h('a', { href: '#/admin/' + n, id: 'tab-' + n, 'aria-current': n === current ? 'page' : undefined },
      t('admin.' + n))));
}

// The role a manager may grant: admins any, others not admin.
function roleOptions(app) {
  return ROLES.filter((r) => app.isAdmin() || r !== 'admin').map((r) => [r, t('role.' + r)]);
}

function orgOptions(orgs) {
  return [['', t('common.none')], ...orgs.map((o) => [String(o.id), o.name])];
}

// A form's values as the API takes them: ids (org_id, parent_id) as
// integers, the country code in capitals.
function apiValues(form, idKeys) {
  const values = formValues(form);
  for (const k of idKeys) if (values[k] !== undefined) values[k] = Number(values[k]);
  if (values.country) values.country = values.country.toUpperCase();
  return values;
}

const COLUMNS = () => [t('admin.name'), t('common.email'), t('common.role'), t('common.org'), t('admin.totp'), t('common.status')];

// A row's cells carry their column's name, shown beside the value when the
// table is laid out as cards on a phone (app.css).
function cells(values) {
  const names = COLUMNS();
  return values.map((v, i) => h('td', { dataset: { label: names[i] } }, v));
}

async function usersTab(app) {
  const [users, orgs] = await Promise.all([get('/api/v1/admin/users'), get('/api/v1/orgs')]);
  const orgList = orgs.orgs || [];
  const orgName = (id) => (orgList.find((o) => o.id === id) || {}).name || '';
  const body = h('tbody');
  const table = h('table', { id: 'user-table', class: 'table cards' },
    h('thead', {}, h('tr', {}, COLUMNS().map((c) => h('th', { scope: 'col' }, c)))),
    body);

  const fill = (list) => {
    clear(body);
    for (const u of list) {
      const role = select('role', roleOptions(app), { value: u.role, 'aria-label': t('common.role') + ': ' + u.display_name });
      const change = h('button', { type: 'button', class: 'small role-save' }, t('admin.user_role_save'));
      change.addEventListener('click', async () => {
        try {
          await post('/api/v1/admin/users/' + u.id + '/role', { role: role.value, ...(u.org_id ? { org_id: u.org_id } : {}),
            ...(u.country ? { country: u.country } : {}) });
          say(t('admin.role_changed'));
          await reload();
        } catch (err) { sayError(err); }
      });
      const toggle = app.isAdmin() && u.id !== app.user.id
        ? h('button', { type: 'button', class: 'small ' + (u.disabled ? 'enable' : 'disable') },
          u.disabled ? t('admin.user_enable') : t('admin.user_disable')) : '';
      if (toggle) {
        toggle.addEventListener('click', async () => {
          try {
            await post('/api/v1/admin/users/' + u.id + (u.disabled ? '/enable' : '/disable'), {});
            say(t('common.done'));
            await reload();
          } catch (err) { sayError(err); }
        });
      }
      body.append(h('tr', { dataset: { userId: u.id } }, cells([
        u.display_name,
        u.email,
        u.id === app.user.id ? t('role.' + u.role) : h('span', { class: 'row' }, role, change),
        [orgName(u.org_id), u.country ? ' ' + u.country : ''].join(''),
        u.totp_enabled ? t('common.yes') : t('common.no'),
        [u.disabled ? t('admin.user_disabled') + ' ' : '', toggle]])));
    }
  };
  const reload = async () => fill((await get('/api/v1/admin/users')).users || []);
  fill(users.users || []);

  const parts = [section(t('admin.users'), h('div', { class: 'table-wrap' }, table))];
  if (app.isAdmin()) {
    const form = h('form', { id: 'user-form', class: 'stack' },
      field(t('common.email'), input('email', { type: 'email', required: true, autocomplete: 'off' })),
      field(t('common.name'), input('display_name', { required: true, maxlength: 200 })),
      field(t('common.newpassword'), input('password', { type: 'password', required: true, minlength: 12, autocomplete: 'new-password' })),
      field(t('common.role'), select('role', roleOptions(app), { value: 'journalist' })),
      field(t('common.org'), select('org_id', orgOptions(orgList))),
      field(t('common.country'), input('country', { maxlength: 2, pattern: '[A-Za-z]{2}', autocomplete: 'off' })),
      h('button', { type: 'submit' }, t('common.create')));
    onSubmit(form, async () => {
      await post('/api/v1/admin/users', apiValues(form, ['org_id']));
      form.reset();
      say(t('admin.user_created'));
      await reload();
    });
    parts.push(section(t('admin.user_create'), form));
  }
  return parts;
}

async function orgsTab(app) {
  const orgs = (await get('/api/v1/orgs')).orgs || [];
  const nameOf = (id) => (orgs.find((o) => o.id === id) || {}).name || '';
  const list = orgs.length
    ? h('ul', { id: 'org-list', class: 'list' }, orgs.map((o) => h('li', { dataset: { orgId: o.id } },
      h('strong', {}, o.name),
      h('span', { class: 'sub' }, ' · ', t('admin.org_kind_' + o.kind),
        o.country ? ' · ' + o.country : '', o.parent_id ? ' · ' + t('admin.org_parent') + ': ' + nameOf(o.parent_id) : ''))))
    : [h('ul', { id: 'org-list', class: 'list' }), h('p', {}, t('admin.org_none'))];
  const parts = [section(t('admin.orgs'), list)];
  if (app.isStaff()) {
    const form = h('form', { id: 'org-form', class: 'stack' },
      field(t('common.org'), input('name', { required: true, maxlength: 200 })),
      field(t('admin.org_kind'), select('kind', KINDS.map((k) => [k, t('admin.org_kind_' + k)]), { value: 'union' })),
      field(t('admin.org_parent'), select('parent_id', orgOptions(orgs))),
      field(t('common.country'), input('country', { maxlength: 2, pattern: '[A-Za-z]{2}' })),
      h('button', { type: 'submit' }, t('common.create')));
    onSubmit(form, async () => {
      await post('/api/v1/admin/orgs', apiValues(form, ['parent_id']));
      say(t('admin.org_created'));
      app.refresh();
    });
    parts.push(section(t('admin.org_create'), form));
  }
  return parts;
}

async function invitationsTab(app) {
  const orgs = (await get('/api/v1/orgs')).orgs || [];
  const result = h('div', { id: 'invite-result', 'aria-live': 'polite' });
  const form = h('form', { id: 'invite-form', class: 'stack' },
    field(t('common.role'), select('role', roleOptions(app), { value: 'journalist' })),
    field(t('common.org'), select('org_id', orgOptions(orgs), { value: app.user.org_id ? String(app.user.org_id) : '' })),
    field(t('common.country'), input('country', { maxlength: 2, pattern: '[A-Za-z]{2}', value: app.user.country || '' })),
    h('button', { type: 'submit' }, t('admin.invite_submit')));
  onSubmit(form, async () => {
    const inv = await post('/api/v1/invitations', apiValues(form, ['org_id']));
    const link = h('input', { id: 'invite-link', readOnly: true, value: location.origin + inv.accept_path,
      'aria-label': t('admin.invite') });
    const copy = h('button', { type: 'button', class: 'small' }, t('common.copy'));
    copy.addEventListener('click', async () => {
      link.select();
      try { await navigator.clipboard.writeText(link.value); } catch (e) { document.execCommand('copy'); }
      say(t('common.copied'));
    });
    clear(result).append(h('p', {}, t('admin.invite_link', { date: dateTime(inv.expires_at) })), h('div', { class: 'row' }, link, copy));
    link.focus();
    link.select();
    say(t('common.done'));
  });
  return [section(t('admin.invite'), form, result)];
}

async function auditTab(app) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const query = new URLSearchParams();
  for (const k of ['action', 'actor_user_id', 'target_kind']) if (params.get(k)) query.set(k, params.get(k));
  query.set('limit', '200');
  const events = (await get('/api/v1/admin/audit?' + query)).events || [];
  const form = h('form', { id: 'audit-filter', class: 'row' },
    field(t('admin.audit_action'), input('action', { value: params.get('action') || '', placeholder: 'incident.created' })),
    field(t('admin.audit_actor'), input('actor_user_id', { value: params.get('actor_user_id') || '', inputmode: 'numeric', pattern: '[0-9]*' })),
    field(t('admin.audit_target'), input('target_kind', { value: params.get('target_kind') || '' })),
    h('button', { type: 'submit' }, t('admin.audit_filter')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(formValues(form));
    app.go('#/admin/audit' + (q.toString() ? '?' + q : ''));
  });
  const table = events.length
    ? h('div', { class: 'table-wrap' }, h('table', { id: 'audit-table', class: 'table' },
      h('thead', {}, h('tr', {}, [t('common.when'), t('admin.audit_action'), t('admin.audit_actor'), t('admin.audit_target'), 'IP']
        .map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, events.map((e) => h('tr', {},
        h('td', {}, dateTime(e.at)),
        h('td', {}, h('code', {}, e.action)),
        h('td', {}, e.actor_user_id ? '#' + e.actor_user_id : e.actor_kind),
        h('td', {}, e.target_kind ? e.target_kind + ' ' + (e.target_id || '') : ''),
        h('td', {}, e.ip || ''))))))
    : [h('table', { id: 'audit-table', hidden: true }), h('p', {}, t('admin.audit_empty'))];
  return [section(t('admin.audit'), form, table)];
}

export async function render(app, parts) {
  if (!app.isManager()) {
    return h('div', { dataset: { view: 'admin' } }, h('h1', {}, t('admin.title')), h('p', {}, t('common.forbidden')));
  }
  let tab = (parts[0] || 'users').split('?')[0];
  if (!['users', 'orgs', 'invitations', 'audit'].includes(tab) || (tab === 'audit' && !app.isAdmin())) tab = 'users';
  const build = { users: usersTab, orgs: orgsTab, invitations: invitationsTab, audit: auditTab }[tab];
  return h('div', { dataset: { view: 'admin', tab } },
    h('h1', {}, t('admin.title')),
    tabs(app, tab),
    await build(app));
}
