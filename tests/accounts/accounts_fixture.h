// accounts_fixture.h: a migrated in-memory store, a fixed-key keyring, a
// movable clock and an Accounts over them, for the accounts and incidents
// tests. Password hashing uses PasswordCost::kMinimum for speed.
#ifndef BYTEBACK_TESTS_ACCOUNTS_ACCOUNTS_FIXTURE_H_
#define BYTEBACK_TESTS_ACCOUNTS_ACCOUNTS_FIXTURE_H_

#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "accounts/accounts.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace byteback::testing {

// Unwraps a Result or fails the current test (by throwing, which GoogleTest
// reports as a failure with the message).
template <typename T>
T Must(Result<T> r, const char* what = "") {
  if (!r.ok()) {
    throw std::runtime_error(std::string(what) + ": " + r.status().ToString());
  }
  return std::move(r).value();
}

inline void MustOk(const Status& s, const char* what = "") {
  if (!s.ok()) throw std::runtime_error(std::string(what) + ": " + s.ToString());
}

inline constexpr const char* kPassword = "correct horse battery";

class AccountsFixture : public ::testing::Test {
 protected:
  // `dsn` lets a test use a file database instead of memory. When the
  // environment sets BB_TEST_PG_DSN, in-memory tests run on that PostgreSQL
  // database instead, after dropping and re-creating its public schema (so
  // point it at a throw-away database, and do not run suites in parallel).
  void OpenAll(std::string dsn = "sqlite::memory:") {
    MustOk(crypto::Init(), "crypto init");
    const char* pg = std::getenv("BB_TEST_PG_DSN");
    const bool use_pg = dsn == "sqlite::memory:" && pg != nullptr && *pg;
    if (use_pg) dsn = pg;
    store::StoreOptions so;
    so.dsn = dsn;
    store_ = Must(store::Store::Open(so), "store open");
    if (use_pg) {
      MustOk(store_->Transaction([](soci::session& sql) {
               sql << "DROP SCHEMA public CASCADE";
               sql << "CREATE SCHEMA public";
               return Status::Ok();
             }),
             "reset pg schema");
    }
    MustOk(store_->Migrate(), "migrate");
    if (!keyring_) {
      keyring_ = Must(crypto::Keyring::FromKeys({{1, std::string(32, 'k')}}),
                      "keyring");
    }
    MakeAccounts();
  }
  void MakeAccounts() {
    accounts::AccountsOptions o = options_;
    o.clock = [this] { return now_; };
    o.password_cost = crypto::PasswordCost::kMinimum;
    accounts_ = Must(accounts::Accounts::Create(store_.get(), keyring_.get(), o),
                     "accounts");
  }
  void SetUp() override { OpenAll(); }

  int64_t MakeOrg(const std::string& name, accounts::OrgKind kind,
                  std::optional<int64_t> parent, const std::string& country) {
    accounts::NewOrganisation n{name, kind, parent, country};
    return Must(accounts_->CreateOrganisation(System(), n), "org").id;
  }
  // Creates a user and returns its principal.
  accounts::Principal MakeUser(const std::string& email, accounts::Role role,
                               std::optional<int64_t> org,
                               const std::string& country) {
    accounts::NewUser u{email, kPassword, "Name of " + email, role, org,
                        country};
    auto user = Must(accounts_->CreateUser(u), "create user");
    return Must(accounts_->PrincipalForUser(user.id), "principal");
  }
  // An admin principal not backed by a user row (id 0), for fixture setup.
  static accounts::Principal System() {
    accounts::Principal p;
    p.role = accounts::Role::kAdmin;
    return p;
  }
  int CountAudit(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    q.limit = store::kMaxAuditLimit;
    return static_cast<int>(Must(store_->ListAudit(q), "audit").size());
  }

  int64_t now_ = 1'700'000'000;
  accounts::AccountsOptions options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> keyring_;
  std::unique_ptr<accounts::Accounts> accounts_;
};

}  // namespace byteback::testing

#endif  // BYTEBACK_TESTS_ACCOUNTS_ACCOUNTS_FIXTURE_H_
