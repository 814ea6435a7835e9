// pages/settings.js: the signed-in person's own settings: language and time
// zone (kept on this device), password, two-step sign-in (TOTP) and API keys.
import { t, dateTime, timeZone, chosenTimeZone, deviceTimeZone, setTimeZone } from '../i18n.js';
import { get, post, del } from '../api.js';
import { h, clear, field, input, select, onSubmit, formValues, say, sayError, section } from '../dom.js';

// Time zones of the region first, then every zone this browser knows.
const REGION = ['Asia/Kolkata', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Kathmandu', 'Asia/Colombo', 'Asia/Kabul',
  'Indian/Maldives', 'Asia/Thimphu', 'Asia/Manila', 'UTC'];

function zones() {
  let all = [];
  try { all = Intl.supportedValuesOf('timeZone'); } catch (e) { /* older browser */ }
  return [...REGION, ...all.filter((z) => !REGION.includes(z))];
}

function timeZoneSection(app) {
  const sw = select('tz', [['', t('settings.timezone_auto', { zone: deviceTimeZone() })], ...zones().map((z) => [z, z])],
    { id: 'tz-switch', value: chosenTimeZone() });
  sw.addEventListener('change', () => {
    setTimeZone(sw.value);
    say(t('common.done') + ' ' + timeZone());
    app.refresh();
  });
  return section(t('settings.language'), field(t('settings.timezone'), sw));
}

function passwordSection() {
  const form = h('form', { id: 'password-form', class: 'stack' },
    field(t('settings.old_password'), input('old_password', { type: 'password', required: true, autocomplete: 'current-password' })),
    field(t('common.newpassword'), input('new_password', { type: 'password', required: true, minlength: 12, autocomplete: 'new-password' })),
    h('button', { type: 'submit' }, t('common.save')));
  onSubmit(form, async () => {
    await post('/api/v1/auth/password', formValues(form));
    form.reset();
    say(t('settings.password_changed'));
  });
  return section(t('settings.password'), form);
}

function totpSection(app) {
  const box = h('div', { id: 'totp' });
  if (app.user.totp_enabled) {
    box.append(h('p', { id: 'totp-state' }, t('settings.totp_on')));
    return section(t('settings.totp'), box);
  }
  const start = h('button', { type: 'button', id: 'totp-enroll' }, t('settings.totp_enroll'));
  start.addEventListener('click', async () => {
    try {
      const e = await post('/api/v1/auth/totp/enroll', {});
      const form = h('form', { id: 'totp-form', class: 'stack' },
        field(t('settings.totp_code'), input('code', { required: true, inputmode: 'numeric', pattern: '[0-9]{6}',
          maxlength: 6, autocomplete: 'one-time-code' })),
        h('button', { type: 'submit' }, t('settings.totp_confirm')));
      onSubmit(form, async () => {
        await post('/api/v1/auth/totp/confirm', formValues(form));
        app.user.totp_enabled = true;
        clear(box).append(h('p', { id: 'totp-state' }, t('settings.totp_enabled')));
        say(t('settings.totp_enabled'));
      });
      clear(box).append(
        h('p', {}, t('settings.totp_secret')),
        h('p', {}, h('code', { id: 'totp-secret', class: 'secret' }, e.secret)),
        h('p', {}, h('a', { href: e.uri, id: 'totp-link', rel: 'noreferrer' }, t('settings.totp_link'))),
        form);
      form.querySelector('input').focus();
    } catch (err) { sayError(err); }
  });
  box.append(h('p', { id: 'totp-state' }, t('settings.totp_off')), start);
  return section(t('settings.totp'), box);
}

async function keysSection() {
  const list = h('ul', { id: 'key-list', class: 'list' });
  const secret = h('div', { id: 'key-result', 'aria-live': 'polite' });
  const load = async () => {
    const keys = ((await get('/api/v1/api-keys')).api_keys || []).filter((k) => !k.revoked_at);
    clear(list);
    if (!keys.length) list.append(h('li', { class: 'empty' }, t('settings.key_none')));
    for (const k of keys) {
      const revoke = h('button', { type: 'button', class: 'small danger revoke' }, t('settings.key_revoke'));
      revoke.addEventListener('click', async () => {
        try {
          await del('/api/v1/api-keys/' + k.id);
          say(t('settings.key_revoked'));
          await load();
        } catch (err) { sayError(err); }
      });
      list.append(h('li', { dataset: { keyId: k.id } },
        h('span', {}, t('settings.key_item', { name: k.name, date: dateTime(k.created_at, false) })), ' ',
        h('code', {}, k.prefix + '…'), ' ', revoke));
    }
  };
  const form = h('form', { id: 'key-form', class: 'row' },
    field(t('settings.key_name'), input('name', { required: true, maxlength: 100 })),
    h('button', { type: 'submit' }, t('settings.key_create')));
  onSubmit(form, async () => {
    const r = await post('/api/v1/api-keys', formValues(form));
    form.reset();
    const value = h('input', { id: 'key-secret', readOnly: true, value: r.secret, 'aria-label': t('settings.key_secret') });
    clear(secret).append(h('p', {}, t('settings.key_secret')), value);
    value.select();
    say(t('common.done'));
    await load();
  });
  await load();
  return section(t('settings.keys'), h('p', { class: 'sub' }, t('settings.keys_hint')), form, secret, list);
}

export async function render(app) {
  const u = app.user;
  return h('div', { dataset: { view: 'settings' } },
    h('h1', {}, t('settings.title')),
    h('p', { id: 'profile', class: 'lead' }, t('settings.profile', { name: u.display_name, email: u.email, role: t('role.' + u.role) })),
    timeZoneSection(app),
    passwordSection(),
    totpSection(app),
    await keysSection());
}
