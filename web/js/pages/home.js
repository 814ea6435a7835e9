// pages/home.js: a journalist's incidents and their status (a manager sees
// those of their scope), and the complaint follow-ups that are due.
import { t, dateTime } from '../i18n.js';
import { get } from '../api.js';
import { h, select, field } from '../dom.js';

const STATUSES = ['open', 'reported', 'responded', 'closed'];

export async function render(app, parts) {
  const status = new URLSearchParams(location.hash.split('?')[1] || '').get('status') || '';
  const query = status ? '?status=' + encodeURIComponent(status) : '';
  const [list, due] = await Promise.all([get('/api/v1/incidents' + query), get('/api/v1/complaints/due')]);
  const incidents = list.incidents || [];
  const mine = incidents.filter((i) => i.owner_user_id === app.user.id);
  const filter = select('status', [['', t('home.all')], ...STATUSES.map((s) => [s, t('status.' + s)])], { value: status });
  filter.addEventListener('change', () => app.go('#/home' + (filter.value ? '?status=' + filter.value : '')));

  const items = incidents.map((i) => h('li', {},
    h('a', { href: '#/incidents/' + i.id }, i.title),
    h('span', { class: 'badge ' + i.status }, t('status.' + i.status)),
    h('p', { class: 'sub' },
      t('home.messages', { n: i.message_count || 0 }), ' · ', t('severity.' + i.severity), ' · ',
      t('incident.created_at', { date: dateTime(i.created_at, false) }),
      app.isManager() && i.owner_user_id !== app.user.id && i.pseudonym ? ' · ' + i.pseudonym : '')));

  const dueItems = (due.complaints || []).map((c) => h('li', {},
    h('a', { href: '#/incidents/' + c.incident_id },
      t('home.due_item', { destination: c.destination, date: dateTime(c.follow_up_at, false) }))));

  return h('div', { dataset: { view: 'home' } },
    h('h1', {}, app.isManager() ? t('home.title_managers') : t('home.title')),
    h('p', { class: 'lead' }, t('home.hello', { name: app.user.display_name })),
    h('p', {}, h('a', { id: 'new-incident', href: '#/incidents/new', class: 'button' }, t('home.new'))),
    dueItems.length ? h('section', { class: 'card' }, h('h2', {}, t('home.due')), h('ul', { id: 'due-list', class: 'list' }, dueItems))
      : h('ul', { id: 'due-list', hidden: true }),
    h('section', { class: 'card' },
      h('div', { class: 'row' }, h('h2', {}, app.isManager() ? t('home.count', { n: incidents.length }) : t('home.count', { n: mine.length || incidents.length })),
        field(t('home.filter_status'), filter)),
      items.length ? h('ul', { id: 'incident-list', class: 'list' }, items)
        : [h('ul', { id: 'incident-list', class: 'list' }), h('p', {}, t('home.empty'))]));
}
