#include "server/server_test_util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <soci/soci.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace byteback::server::testing {

void ServerTest::SetUp() {
  char tmpl[] = "/tmp/bb_server_test_XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  dir_ = tmpl;
  db_path_ = dir_ + "/byteback.db";
  ASSERT_TRUE(crypto::Init().ok());
  store::StoreOptions so;
  so.dsn = "sqlite:" + db_path_;
  auto st = store::Store::Open(so);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  store_ = std::move(st).value();
  ASSERT_TRUE(store_->Migrate().ok());
  auto kr = crypto::Keyring::LoadOrCreate(dir_ + "/data.key");
  ASSERT_TRUE(kr.ok()) << kr.status().ToString();
  keyring_ = std::move(kr).value();
  accounts::AccountsOptions ao;
  ao.clock = [this] { return now_.load(); };
  ao.password_cost = crypto::PasswordCost::kMinimum;
  auto acc = accounts::Accounts::Create(store_.get(), keyring_.get(), ao);
  ASSERT_TRUE(acc.ok()) << acc.status().ToString();
  accounts_ = std::move(acc).value();
  auto inc = incidents::Incidents::Create(store_.get(), keyring_.get(), accounts_.get());
  ASSERT_TRUE(inc.ok()) << inc.status().ToString();
  incidents_ = std::move(inc).value();
  auto signer = crypto::Signer::LoadOrCreate(dir_ + "/signing.key");
  ASSERT_TRUE(signer.ok()) << signer.status().ToString();
  signer_ = std::move(signer).value();
  if (WithOcr()) {
    ocr::Options oo;
    oo.languages = {"eng", "hin", "urd"};
    auto r = ocr::Recognizer::Create(oo);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ocr_ = std::move(r).value();
  }
  if (WithShield()) {
    shield::ShieldOptions so;
    so.model_path = BB_SOURCE_DIR "/data/models/shield.bbm";
    so.lexicon_dir = BB_SOURCE_DIR "/data/lexicons";
    auto sh = shield::Shield::Open(so, store_.get(), accounts_.get());
    ASSERT_TRUE(sh.ok()) << sh.status().ToString();
    shield_ = std::move(sh).value();
  }
  if (SeedAdmin()) {
    admin_id_ = CreateUser("admin@example.org", accounts::Role::kAdmin, std::nullopt, "");
  }
  StartServer();
}

void ServerTest::TearDown() {
  StopServer();
  server_.reset();
  ocr_.reset();
  signer_.reset();
  shield_.reset();
  incidents_.reset();
  accounts_.reset();
  keyring_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void ServerTest::StartServer(ServerOptions options) {
  StopServer();
  options.host = "127.0.0.1";
  options.port = 0;
  options.worker_threads = 4;
  options.version = "test";
  options.complaints_dir = BB_SOURCE_DIR "/data/complaints";
  Services services{store_.get(), keyring_.get(), accounts_.get(), incidents_.get(), shield_.get(),
                    signer_.get(), ocr_.get()};
  auto s = Server::Create(options, services);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  server_ = std::move(s).value();
  auto port = server_->BindToAnyPort();
  ASSERT_TRUE(port.ok()) << port.status().ToString();
  port_ = *port;
  thread_ = std::thread([this] { server_->ListenAfterBind(); });
  // Waits for the accept loop (a state, not a duration): Stop() before it
  // runs would be lost.
  while (!server_->ready()) std::this_thread::yield();
}

void ServerTest::StopServer() {
  if (!server_) return;
  server_->Stop();
  if (thread_.joinable()) thread_.join();
}

httplib::Client ServerTest::Client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(30, 0);
  return c;
}

int64_t ServerTest::CreateOrg(const std::string& name, const std::string& country) {
  auto admin = accounts_->PrincipalForUser(admin_id_);
  EXPECT_TRUE(admin.ok());
  accounts::NewOrganisation o;
  o.name = name;
  o.kind = accounts::OrgKind::kUnion;
  o.country = country;
  auto org = accounts_->CreateOrganisation(*admin, o);
  EXPECT_TRUE(org.ok()) << org.status().ToString();
  return org.ok() ? org->id : 0;
}

int64_t ServerTest::CreateUser(const std::string& email, accounts::Role role,
                               std::optional<int64_t> org_id, const std::string& country) {
  accounts::NewUser u;
  u.email = email;
  u.password = kPassword;
  u.display_name = "User " + email;
  u.role = role;
  u.org_id = org_id;
  u.country = country;
  auto user = accounts_->CreateUser(u);
  EXPECT_TRUE(user.ok()) << user.status().ToString();
  return user.ok() ? user->id : 0;
}

SignedIn ServerTest::Login(const std::string& email, const std::string& password) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto r = Client().Post("/api/v1/auth/login", body.dump(), "application/json");
  SignedIn out;
  EXPECT_TRUE(r);
  if (!r) return out;
  EXPECT_EQ(r->status, 200) << r->body;
  std::string set_cookie = r->get_header_value("Set-Cookie");
  out.cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto j = Json(r);
  out.csrf = j.value("csrf_token", "");
  if (j.contains("user")) out.user_id = j["user"].value("id", int64_t{0});
  return out;
}

httplib::Result ServerTest::Post(const SignedIn& who, const std::string& path,
                                 const std::string& body, bool with_csrf) {
  httplib::Headers h = {{"Cookie", who.cookie}};
  if (with_csrf) h.emplace("X-CSRF-Token", who.csrf);
  return Client().Post(path.c_str(), h, body, "application/json");
}

httplib::Result ServerTest::Get(const SignedIn& who, const std::string& path) {
  return Client().Get(path.c_str(), {{"Cookie", who.cookie}});
}

int64_t ServerTest::CountRows(const std::string& table) {
  auto session = store_->Acquire();
  int64_t n = -1;
  session.sql() << "SELECT COUNT(*) FROM " + table, soci::into(n);
  return n;
}

std::string ServerTest::DatabaseBytes() const {
  std::string out;
  for (const std::string& p : {db_path_, db_path_ + "-wal"}) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out += ss.str();
  }
  return out;
}

nlohmann::json Json(const httplib::Result& r) {
  if (!r) return nlohmann::json::object();
  auto j = nlohmann::json::parse(r->body, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? nlohmann::json::object() : j;
}

void ExpectError(const httplib::Result& r, int http, const std::string& code) {
  ASSERT_TRUE(r) << "no response";
  EXPECT_EQ(r->status, http) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  auto j = Json(r);
  ASSERT_TRUE(j.contains("error")) << r->body;
  EXPECT_EQ(j.size(), 1u) << r->body;
  EXPECT_EQ(j["error"].size(), 2u) << r->body;
  EXPECT_EQ(j["error"].value("code", ""), code) << r->body;
  EXPECT_FALSE(j["error"].value("message", "").empty()) << r->body;
}

namespace {

// Whether `r` holds a whole response (headers and Content-Length bytes), so
// a reader need not wait for the server to close a kept-alive connection.
bool ResponseComplete(const std::string& r) {
  size_t end = r.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::string head = r.substr(0, end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t cl = head.find("\r\ncontent-length:");
  if (cl == std::string::npos) return true;
  size_t length = std::strtoull(head.c_str() + cl + 17, nullptr, 10);
  return r.size() >= end + 4 + length;
}

}  // namespace

std::string RawRequest(int port, const std::string& bytes) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string out;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    // No shutdown(SHUT_WR): cpp-httplib drops the response to a peer that
    // has half-closed. Requests say "Connection: close"; the timeout only
    // bounds a broken test.
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof buf, 0)) > 0) {
      out.append(buf, static_cast<size_t>(n));
      if (ResponseComplete(out)) break;
    }
  }
  close(fd);
  return out;
}

std::string ServerTest::ApiKeyFor(int64_t user_id) {
  auto p = accounts_->PrincipalForUser(user_id);
  EXPECT_TRUE(p.ok()) << p.status().ToString();
  if (!p.ok()) return "";
  auto k = accounts_->CreateApiKey(*p, "test key");
  EXPECT_TRUE(k.ok()) << k.status().ToString();
  return k.ok() ? k->secret : "";
}

}  // namespace byteback::server::testing
