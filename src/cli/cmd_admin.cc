// cmd_admin.cc: `byteback admin ...` — operator tasks on the server's own
// machine, without the web UI: create-user, create-org, reset-password,
// setup-token, rotate-keys. The operator is trusted as far as the key file
// it can read; every action still lands in the audit log.
//
// Passwords are never taken as flags (they would end up in shell history and
// `ps`): they are read from the terminal with echo off, or as one line from
// standard input when it is not a terminal.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/config.h"
#include "cli/runtime.h"

namespace byteback::cli {
namespace {

Result<std::string> ReadPassword(const char* prompt) {
  std::string line;
  if (::isatty(STDIN_FILENO)) {
    std::fprintf(stderr, "%s", prompt);
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  } else if (!std::getline(std::cin, line)) {
    return Status::InvalidArgument("expected the password as one line on standard input");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> ReadNewPassword() {
  BB_ASSIGN_OR_RETURN(std::string pw, ReadPassword("New password (12 characters or more): "));
  if (::isatty(STDIN_FILENO)) {
    BB_ASSIGN_OR_RETURN(std::string again, ReadPassword("Repeat it: "));
    if (again != pw) return Status::InvalidArgument("the two passwords differ");
  }
  return pw;
}

Result<std::unique_ptr<Runtime>> Open(const ConfigFlags& flags) {
  BB_ASSIGN_OR_RETURN(Config config, LoadConfig(flags, [](const char* n) { return std::getenv(n); }));
  return OpenRuntime(config, MigratePolicy::kApply);
}

struct UserArgs {
  std::string email, name, role = "member", country;
  int64_t org_id = 0;
};

Status CreateUser(const ConfigFlags& flags, const UserArgs& a) {
  BB_ASSIGN_OR_RETURN(auto rt, Open(flags));
  accounts::NewUser u;
  u.email = a.email;
  u.display_name = a.name.empty() ? a.email : a.name;
  BB_ASSIGN_OR_RETURN(u.role, accounts::ParseRole(a.role));
  if (a.org_id > 0) u.org_id = a.org_id;
  u.country = a.country;
  BB_ASSIGN_OR_RETURN(u.password, ReadNewPassword());
  BB_ASSIGN_OR_RETURN(accounts::User user, rt->accounts->CreateUser(u));
  std::printf("created user %lld <%s> with role %s\n", static_cast<long long>(user.id), user.email.c_str(),
              std::string(accounts::RoleName(user.role)).c_str());
  return Status::Ok();
}

struct OrgArgs {
  std::string name, kind = "union", country;
  int64_t parent_id = 0;
};

Status CreateOrg(const ConfigFlags& flags, const OrgArgs& a) {
  BB_ASSIGN_OR_RETURN(auto rt, Open(flags));
  accounts::NewOrganisation o;
  o.name = a.name;
  BB_ASSIGN_OR_RETURN(o.kind, accounts::ParseOrgKind(a.kind));
  if (a.parent_id > 0) o.parent_id = a.parent_id;
  o.country = a.country;
  BB_ASSIGN_OR_RETURN(accounts::Organisation org, rt->accounts->CreateOrganisation(OperatorPrincipal(), o));
  std::printf("created organisation %lld \"%s\" (%s)\n", static_cast<long long>(org.id), org.name.c_str(),
              std::string(accounts::OrgKindName(org.kind)).c_str());
  return Status::Ok();
}

Status ResetPassword(const ConfigFlags& flags, const std::string& email) {
  BB_ASSIGN_OR_RETURN(auto rt, Open(flags));
  BB_ASSIGN_OR_RETURN(accounts::User user, rt->accounts->FindUserByEmail(email));
  BB_ASSIGN_OR_RETURN(std::string pw, ReadNewPassword());
  BB_RETURN_IF_ERROR(rt->accounts->ResetPassword(user.id, pw));
  std::printf("password reset for %s; all of its sessions were ended\n", user.email.c_str());
  return Status::Ok();
}

Status SetupToken(const ConfigFlags& flags) {
  BB_ASSIGN_OR_RETURN(auto rt, Open(flags));
  BB_ASSIGN_OR_RETURN(std::optional<std::string> token, rt->accounts->EnsureSetupToken());
  if (!token) return Status::FailedPrecondition("an admin already exists; use `byteback admin create-user`");
  std::printf("one-time setup link: http://%s/setup#token=%s\n", rt->config.listen.c_str(), token->c_str());
  return Status::Ok();
}

Status RotateKeys(const ConfigFlags& flags) {
  BB_ASSIGN_OR_RETURN(Config config, LoadConfig(flags, [](const char* n) { return std::getenv(n); }));
  // Open first: proves the current key file and database are readable before changing anything.
  { BB_ASSIGN_OR_RETURN(auto check, OpenRuntime(config, MigratePolicy::kApply)); }
  BB_RETURN_IF_ERROR(crypto::Keyring::RotateFile(config.EffectiveKeyFile()));
  BB_ASSIGN_OR_RETURN(auto rt, OpenRuntime(config, MigratePolicy::kApply));
  BB_ASSIGN_OR_RETURN(int64_t a, rt->accounts->ReencryptAll());
  BB_ASSIGN_OR_RETURN(int64_t i, rt->incidents->ReencryptAll());
  std::printf("new primary key %u; re-encrypted %lld values\n", rt->keyring->primary_key_id(),
              static_cast<long long>(a + i));
  return Status::Ok();
}

void Run(const Status& s) {
  if (!s.ok()) Fail(s);
}

}  // namespace

void RegisterAdmin(CLI::App& app) {
  auto flags = std::make_shared<ConfigFlags>();
  CLI::App* admin = app.add_subcommand("admin", "Operator tasks: users, organisations, setup token, key rotation");
  admin->require_subcommand(1);
  admin->fallthrough();  // --data-dir etc. may also follow the sub-command
  AddConfigFlags(admin, flags.get());

  auto user = std::make_shared<UserArgs>();
  CLI::App* cu = admin->add_subcommand("create-user", "Create a user (password read from the terminal or stdin)");
  cu->add_option("--email", user->email, "e-mail address (the login)")->required();
  cu->add_option("--name", user->name, "display name");
  cu->add_option("--role", user->role, "admin|coordinator|focal_person|member|journalist")->capture_default_str();
  cu->add_option("--org-id", user->org_id, "organisation id");
  cu->add_option("--country", user->country, "ISO 3166 alpha-2 country code");
  cu->callback([flags, user] { Run(CreateUser(*flags, *user)); });

  auto org = std::make_shared<OrgArgs>();
  CLI::App* co = admin->add_subcommand("create-org", "Create an organisation (federation, union or association)");
  co->add_option("--name", org->name, "name")->required();
  co->add_option("--kind", org->kind, "federation|union|association")->capture_default_str();
  co->add_option("--parent-id", org->parent_id, "the federation this organisation belongs to");
  co->add_option("--country", org->country, "ISO 3166 alpha-2 country code");
  co->callback([flags, org] { Run(CreateOrg(*flags, *org)); });

  auto email = std::make_shared<std::string>();
  CLI::App* rp = admin->add_subcommand("reset-password", "Set a new password and end the user's sessions");
  rp->add_option("--email", *email, "the user's e-mail address")->required();
  rp->callback([flags, email] { Run(ResetPassword(*flags, *email)); });

  admin->add_subcommand("setup-token", "Print a new one-time link to create the first admin")
      ->callback([flags] { Run(SetupToken(*flags)); });
  admin->add_subcommand("rotate-keys", "Add a new data-at-rest key and re-encrypt every sealed value "
                                        "(stop the server first)")
      ->callback([flags] { Run(RotateKeys(*flags)); });
}

}  // namespace byteback::cli
