// routes_auth.cc: first-admin setup, sign-in and sign-out, the caller's own
// account (me, password, TOTP). See docs/API.md#auth.

#include "accounts/accounts.h"
#include "server/http_internal.h"
#include "server/server_internal.h"

namespace byteback::server {
namespace {

using accounts::kMaxDisplayNameBytes;
using accounts::kMaxEmailBytes;
using accounts::kMaxPasswordBytes;

constexpr FieldSpec kSetupFields[] = {
    {.name = "token", .type = JsonType::kString, .required = true, .max_length = 256},
    {.name = "email", .type = JsonType::kString, .required = true, .max_length = kMaxEmailBytes},
    {.name = "password", .type = JsonType::kString, .required = true, .max_length = kMaxPasswordBytes},
    {.name = "display_name", .type = JsonType::kString, .required = true,
     .max_length = kMaxDisplayNameBytes},
};
constexpr FieldSpec kLoginFields[] = {
    {.name = "email", .type = JsonType::kString, .required = true, .max_length = kMaxEmailBytes},
    {.name = "password", .type = JsonType::kString, .required = true, .max_length = kMaxPasswordBytes},
    {.name = "totp", .type = JsonType::kString, .max_length = 16},
};
constexpr FieldSpec kPasswordFields[] = {
    {.name = "old_password", .type = JsonType::kString, .required = true,
     .max_length = kMaxPasswordBytes},
    {.name = "new_password", .type = JsonType::kString, .required = true,
     .max_length = kMaxPasswordBytes},
};
constexpr FieldSpec kTotpConfirmFields[] = {
    {.name = "code", .type = JsonType::kString, .required = true, .max_length = 16},
};

Status GetSetup(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(bool needed, SetupNeeded(ctx.server));
  WriteJson(ctx.res, {{"setup_needed", needed}});
  return Status::Ok();
}

Status PostSetup(RouteContext& ctx) {
  accounts::Accounts& acc = *ctx.server.services.accounts;
  BB_ASSIGN_OR_RETURN(
      accounts::User user,
      acc.CompleteSetup(GetString(ctx.body, "token"), GetString(ctx.body, "email"),
                        GetString(ctx.body, "password"), GetString(ctx.body, "display_name")));
  WriteJson(ctx.res, {{"user", UserJson(user, acc.Now())}}, 201);
  return Status::Ok();
}

Status Login(RouteContext& ctx) {
  accounts::Accounts& acc = *ctx.server.services.accounts;
  accounts::LoginRequest request{GetString(ctx.body, "email"), GetString(ctx.body, "password"),
                                 GetString(ctx.body, "totp"), ctx.ip};
  auto session = acc.Login(request);
  if (!session.ok()) {
    const Status& s = session.status();
    if (s.code() == StatusCode::kFailedPrecondition &&
        s.message().find("totp_required") != std::string::npos) {
      ctx.res.status = 401;
      ctx.res.set_content(ErrorBody("totp_required",
                                    "enter the 6-digit code from your authenticator app"),
                          "application/json");
      return Status::Ok();
    }
    return s;
  }
  BB_ASSIGN_OR_RETURN(accounts::User user,
                      acc.GetUser(session->principal, session->principal.user_id));
  ctx.server.SetSessionCookie(ctx.res, session->token,
                              std::max<int64_t>(1, session->expires_at - acc.Now()));
  WriteJson(ctx.res, {{"user", UserJson(user, acc.Now())},
                      {"csrf_token", session->csrf_token},
                      {"expires_at", session->expires_at}});
  return Status::Ok();
}

Status Logout(RouteContext& ctx) {
  if (!ctx.session) {
    return Status::InvalidArgument("an API key has no session to end; revoke the key instead");
  }
  BB_RETURN_IF_ERROR(ctx.server.services.accounts->Logout(ctx.session_token));
  ctx.server.SetSessionCookie(ctx.res, "", 0);
  WriteJson(ctx.res, {{"signed_out", true}});
  return Status::Ok();
}

Status Me(RouteContext& ctx) {
  accounts::Accounts& acc = *ctx.server.services.accounts;
  BB_ASSIGN_OR_RETURN(accounts::User user,
                      acc.GetUser(*ctx.principal, ctx.principal->user_id));
  nlohmann::json out = {{"user", UserJson(user, acc.Now())},
                        {"via", ctx.session ? "session" : "api_key"}};
  if (ctx.session) {
    out["csrf_token"] = ctx.session->csrf_token;
    out["expires_at"] = ctx.session->expires_at;
  }
  WriteJson(ctx.res, out);
  return Status::Ok();
}

Status ChangePassword(RouteContext& ctx) {
  BB_RETURN_IF_ERROR(ctx.server.services.accounts->ChangePassword(
      *ctx.principal, GetString(ctx.body, "old_password"), GetString(ctx.body, "new_password")));
  WriteJson(ctx.res, {{"password_changed", true}});
  return Status::Ok();
}

Status TotpEnroll(RouteContext& ctx) {
  BB_ASSIGN_OR_RETURN(accounts::TotpEnrollment e,
                      ctx.server.services.accounts->BeginTotp(*ctx.principal));
  WriteJson(ctx.res, {{"secret", e.secret_b32}, {"uri", e.uri}});
  return Status::Ok();
}

Status TotpConfirm(RouteContext& ctx) {
  BB_RETURN_IF_ERROR(
      ctx.server.services.accounts->ConfirmTotp(*ctx.principal, GetString(ctx.body, "code")));
  WriteJson(ctx.res, {{"totp_enabled", true}});
  return Status::Ok();
}

}  // namespace

// accounts.h has no read-only "is setup needed" call (EnsureSetupToken would
// replace the token printed on the console), so this reads the users table
// of 0002_accounts.sql directly; see the report to the accounts owner.
// Read-only: never touches the setup token printed on the console.
Result<bool> SetupNeeded(ServerImpl& s) { return s.services.accounts->SetupNeeded(); }

void AddAuthRoutes(ServerImpl& s) {
  s.AddRoute({"GET", "/api/v1/setup", Access::kPublic, GetSetup});
  s.AddRoute({"POST", "/api/v1/setup", Access::kPublic, PostSetup, kSetupFields});
  s.AddRoute({"POST", "/api/v1/auth/login", Access::kPublic, Login, kLoginFields});
  s.AddRoute({"POST", "/api/v1/auth/logout", Access::kSignedIn, Logout});
  s.AddRoute({"GET", "/api/v1/auth/me", Access::kSignedIn, Me});
  s.AddRoute({"POST", "/api/v1/auth/password", Access::kSignedIn, ChangePassword,
              kPasswordFields});
  s.AddRoute({"POST", "/api/v1/auth/totp/enroll", Access::kSignedIn, TotpEnroll});
  s.AddRoute({"POST", "/api/v1/auth/totp/confirm", Access::kSignedIn, TotpConfirm,
              kTotpConfirmFields});
}

}  // namespace byteback::server
