// pages/auth.js: the views before sign-in: sign-in (with the authenticator
// code when the account has two-step sign-in), the first administrator's
// setup, and accepting an invitation.
import { t } from '../i18n.js';
import { post, get } from '../api.js';
import { h, field, input, onSubmit, formValues, say } from '../dom.js';

function signin(app) {
  const totp = input('totp', { inputmode: 'numeric', autocomplete: 'one-time-code', pattern: '[0-9 ]*', maxlength: 8 });
  const totpField = field(t('signin.totp'), totp, t('signin.totp_needed'));
  totpField.hidden = true;
  const form = h('form', { id: 'signin-form', novalidate: false },
    field(t('common.email'), input('email', { type: 'email', required: true, autocomplete: 'username' })),
    field(t('common.password'), input('password', { type: 'password', required: true, autocomplete: 'current-password' })),
    totpField,
    h('button', { type: 'submit' }, t('signin.submit')));
  onSubmit(form, async () => {
    const body = formValues(form);
    if (body.totp) body.totp = body.totp.replace(/\s+/g, '');
    try {
      await post('/api/v1/auth/login', body);
    } catch (err) {
      if (err.code === 'totp_required') {
        totpField.hidden = false;
        totp.required = true;
        totp.focus();
        say(t('signin.totp_needed'), true);
        return;
      }
      throw err;
    }
    app.signedIn(await get('/api/v1/auth/me'));
    say(t('signin.ok'));
    app.go(location.hash && location.hash !== '#/' ? location.hash : '#/home');
  });
  return h('div', { dataset: { view: 'signin' } },
    h('h1', {}, t('signin.title')), h('p', { class: 'lead' }, t('app.tagline')), form);
}

function setup(app) {
  const token = input('token', { required: true, autocomplete: 'off', spellcheck: 'false' });
  // `byteback serve` prints /setup#token=...; the fragment never reached
  // the server. Take it and drop it from the address bar.
  const m = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash);
  if (m) {
    token.value = m[1];
    history.replaceState(null, '', location.pathname);
  }
  const form = h('form', { id: 'setup-form' },
    field(t('setup.token'), token, t('setup.intro')),
    field(t('common.email'), input('email', { type: 'email', required: true, autocomplete: 'username' })),
    field(t('common.name'), input('display_name', { required: true, autocomplete: 'name' })),
    field(t('common.newpassword'), input('password', { type: 'password', minlength: 12, required: true, autocomplete: 'new-password' })),
    h('button', { type: 'submit' }, t('setup.submit')));
  onSubmit(form, async () => {
    await post('/api/v1/setup', formValues(form));
    document.body.dataset.start = 'signin';
    history.replaceState(null, '', '/');
    app.refresh();
    setTimeout(() => say(t('setup.ok')), 0);
  });
  return h('div', { dataset: { view: 'setup' } }, h('h1', {}, t('setup.title')), form);
}

function accept(app) {
  const token = new URLSearchParams(location.search).get('invitation') || '';
  const form = h('form', { id: 'accept-form' },
    h('p', {}, t('accept.intro')),
    field(t('common.email'), input('email', { type: 'email', required: true, autocomplete: 'username' })),
    field(t('common.name'), input('display_name', { required: true, autocomplete: 'name' })),
    field(t('common.newpassword'), input('password', { type: 'password', minlength: 12, required: true, autocomplete: 'new-password' })),
    h('button', { type: 'submit' }, t('accept.submit')));
  onSubmit(form, async () => {
    await post('/api/v1/invitations/accept', { token, ...formValues(form) });
    // The invitation is spent: leave its link.
    history.replaceState(null, '', '/');
    document.body.dataset.start = 'signin';
    app.refresh();
    setTimeout(() => say(t('accept.ok')), 0);
  });
  return h('div', { dataset: { view: 'accept' } }, h('h1', {}, t('accept.title')), form);
}

export function render(app, which) {
  if (which === 'setup') return setup(app);
  if (which === 'accept') return accept(app);
  return signin(app);
}
