// routes_web.cc: the minimal server-rendered page at "/" and its script and
// style sheet, embedded in the binary (no external assets; CSP 'self'
// allows them and nothing inline). The full web app is a later issue.
#include <string>

#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

// Escapes text for HTML element content and double-quoted attributes.
std::string HtmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr char kHead[] = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Byte Back</title><link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script></head><body><main>
<h1>Byte Back</h1>
<p>An open, self-hosted platform for media unions to protect women journalists
in South Asia from online harassment: record incidents and their evidence,
detect abuse, alert and stand together.</p>
)";

constexpr char kSetupForm[] = R"(<section><h2>Create the first administrator</h2>
<p>Paste the one-time setup token printed on the server console.</p>
<form id="setup-form" data-endpoint="/api/v1/setup">
<label>Setup token <input name="token" required autocomplete="off"></label>
<label>E-mail <input name="email" type="email" required></label>
<label>Your name <input name="display_name" required></label>
<label>Password (12 characters or more) <input name="password" type="password" minlength="12" required autocomplete="new-password"></label>
<button type="submit">Create administrator</button></form></section>
)";

constexpr char kLoginForm[] = R"(<section id="signin"><h2>Sign in</h2>
<form id="login-form" data-endpoint="/api/v1/auth/login">
<label>E-mail <input name="email" type="email" required autocomplete="username"></label>
<label>Password <input name="password" type="password" required autocomplete="current-password"></label>
<label>Authenticator code (if enabled) <input name="totp" inputmode="numeric" autocomplete="one-time-code"></label>
<button type="submit">Sign in</button></form></section>
<section id="account" hidden><h2>Signed in</h2><p id="who"></p>
<button id="logout" type="button">Sign out</button></section>
)";

constexpr char kTail[] = R"(<p id="status" role="status"></p>
<footer><a href="/healthz">health</a></footer></main></body></html>
)";

constexpr char kAppJs[] = R"JS(// Byte Back minimal page: posts the forms as JSON to the API.
'use strict';
(function () {
  var csrf = '';
  function say(text) { document.getElementById('status').textContent = text; }
  function call(method, url, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (csrf) headers['X-CSRF-Token'] = csrf;
    return fetch(url, { method: method, headers: headers, credentials: 'same-origin',
                        body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) throw new Error(j.error ? j.error.message : 'HTTP ' + r.status);
          return j;
        });
      });
  }
  function showUser(me) {
    csrf = me.csrf_token || '';
    var signin = document.getElementById('signin');
    var account = document.getElementById('account');
    if (!signin || !account) return;
    signin.hidden = true; account.hidden = false;
    document.getElementById('who').textContent =
      me.user.display_name + ' (' + me.user.email + ', ' + me.user.role + ')';
  }
  function formObject(form) {
    var out = {};
    new FormData(form).forEach(function (v, k) { if (v !== '') out[k] = v; });
    return out;
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('form[data-endpoint]').forEach(function (form) {
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        call('POST', form.dataset.endpoint, formObject(form)).then(function (j) {
          if (j.csrf_token) { showUser(j); say('Signed in.'); }
          else { say('Done. You can sign in now.'); setTimeout(function () { location.href = '/'; }, 800); }
        }).catch(function (err) { say(err.message); });
      });
    });
    var logout = document.getElementById('logout');
    if (logout) logout.addEventListener('click', function () {
      call('POST', '/api/v1/auth/logout', {}).then(function () { location.href = '/'; })
        .catch(function (err) { say(err.message); });
    });
    var m = /^#token=([A-Za-z0-9_-]+)$/.exec(location.hash);
    var tokenInput = document.querySelector('#setup-form input[name=token]');
    if (m && tokenInput) {
      tokenInput.value = m[1];
      history.replaceState(null, '', location.pathname);
    }
    if (document.getElementById('login-form')) {
      call('GET', '/api/v1/auth/me').then(showUser).catch(function () {});
    }
  });
})();
)JS";

constexpr char kAppCss[] = R"CSS(body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#fafafa;color:#222}
main{max-width:34rem;margin:2rem auto;padding:0 1rem}
h1{color:#6a1b9a}label{display:block;margin:.6rem 0}
input{display:block;width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:.8rem;padding:.5rem 1rem;background:#6a1b9a;color:#fff;border:0;border-radius:4px}
#status{min-height:1.5rem;color:#b71c1c}footer{margin-top:3rem;font-size:.8rem}
)CSS";

Status Page(RouteContext& ctx) {
  std::string html = kHead;
  auto invitation = ctx.QueryString("invitation");
  if (invitation) {
    html += "<section><h2>Accept your invitation</h2>"
            "<form id=\"accept-form\" data-endpoint=\"/api/v1/invitations/accept\">"
            "<input type=\"hidden\" name=\"token\" value=\"" + HtmlEscape(*invitation) + "\">"
            "<label>E-mail <input name=\"email\" type=\"email\" required></label>"
            "<label>Your name <input name=\"display_name\" required></label>"
            "<label>Password (12 characters or more) <input name=\"password\" "
            "type=\"password\" minlength=\"12\" required autocomplete=\"new-password\"></label>"
            "<button type=\"submit\">Create my account</button></form></section>";
  } else {
    BB_ASSIGN_OR_RETURN(bool setup, SetupNeeded(ctx.server));
    html += setup ? kSetupForm : kLoginForm;
  }
  html += kTail;
  ctx.res.status = 200;
  ctx.res.set_content(html, "text/html; charset=utf-8");
  return Status::Ok();
}

void Static(ServerImpl& s, const char* path, const char* body, const char* type) {
  s.AddRoute({"GET", path, Access::kPublic, [body, type](RouteContext& ctx) {
                ctx.res.status = 200;
                ctx.res.set_content(body, type);
                return Status::Ok();
              }});
}

}  // namespace

void AddWebRoutes(ServerImpl& s) {
  s.AddRoute({"GET", "/", Access::kPublic, Page, {}, {"invitation"}});
  // `byteback serve` prints /setup#token=...: the fragment never reaches the
  // server (or its logs); app.js copies it into the form.
  s.AddRoute({"GET", "/setup", Access::kPublic, Page});
  Static(s, "/static/app.js", kAppJs, "text/javascript; charset=utf-8");
  Static(s, "/static/app.css", kAppCss, "text/css; charset=utf-8");
}

}  // namespace byteback::server
