// server_test_util.h: an in-process Byte Back server on a free port over a
// temporary SQLite file and key file, with helpers to seed data and call it
// (GUIDE.md: bind_to_any_port, listen_after_bind on a thread, stop, join).
#ifndef BYTEBACK_TESTS_SERVER_SERVER_TEST_UTIL_H_
#define BYTEBACK_TESTS_SERVER_SERVER_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "accounts/accounts.h"
#include "crypto/crypto.h"
#include "incidents/incidents.h"
#include "server/server.h"
#include "ocr/ocr.h"
#include "shield/shield.h"
#include "store/store.h"

namespace byteback::server::testing {

inline constexpr char kPassword[] = "correct horse battery staple";

struct SignedIn {
  std::string cookie;  // "bb_session=<token>"
  std::string csrf;
  int64_t user_id = 0;
};

class ServerTest : public ::testing::Test {
 protected:
  // Whether SetUp creates an admin (admin@example.org) first.
  virtual bool SeedAdmin() const { return true; }
  // Whether SetUp loads the shipped Shield (model and lexicons of the source
  // tree) and gives it to the server.
  virtual bool WithShield() const { return false; }
  // Whether SetUp gives the server an OCR engine (eng+hin+urd).
  virtual bool WithOcr() const { return false; }
  void SetUp() override;
  void TearDown() override;

  // (Re)starts the HTTP server with `options` (host forced to 127.0.0.1,
  // port to any free one).
  void StartServer(ServerOptions options = {});
  void StopServer();

  httplib::Client Client() const;
  // Creates an organisation as the seeded admin.
  int64_t CreateOrg(const std::string& name, const std::string& country = "IN");
  // Creates a user directly through accounts.
  int64_t CreateUser(const std::string& email, accounts::Role role,
                     std::optional<int64_t> org_id, const std::string& country = "IN");
  // Signs in through the API; fails the test when it does not work.
  SignedIn Login(const std::string& email, const std::string& password = kPassword);
  // Calls the API as `who` (cookie + CSRF header) with a JSON body.
  httplib::Result Post(const SignedIn& who, const std::string& path, const std::string& body,
                       bool with_csrf = true);
  httplib::Result Get(const SignedIn& who, const std::string& path);
  // A new API key of `user_id` ("bbk_...").
  std::string ApiKeyFor(int64_t user_id);
  // Rows in `table`, counted in SQL.
  int64_t CountRows(const std::string& table);
  // The bytes of the SQLite file and its -wal (after a checkpoint-free read).
  std::string DatabaseBytes() const;

  std::string dir_;
  std::string db_path_;
  std::atomic<int64_t> now_{1'800'000'000};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<crypto::Keyring> keyring_;
  std::unique_ptr<accounts::Accounts> accounts_;
  std::unique_ptr<incidents::Incidents> incidents_;
  std::unique_ptr<shield::Shield> shield_;
  std::unique_ptr<crypto::Signer> signer_;
  std::unique_ptr<ocr::Recognizer> ocr_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  int port_ = 0;
  int64_t admin_id_ = 0;
};

// Parses a JSON body; an empty object when it is not JSON (the test then
// fails on its expectations).
nlohmann::json Json(const httplib::Result& r);
// Asserts the one error shape {"error":{"code","message"}} with `http`.
void ExpectError(const httplib::Result& r, int http, const std::string& code);
// Sends raw bytes to 127.0.0.1:port and returns everything read until the
// server closes the connection (send "Connection: close").
std::string RawRequest(int port, const std::string& bytes);

}  // namespace byteback::server::testing

#endif  // BYTEBACK_TESTS_SERVER_SERVER_TEST_UTIL_H_
