// binary_test.cc: drives the real byteback binary as an operator would:
// help, version, config, migrate, admin and serve (health check, then SIGTERM).
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace {

namespace fs = std::filesystem;
const std::string kBin = std::string(BB_BINARY_DIR) + "/byteback";

struct Proc {
  int code = -1;
  std::string out;
};

// Runs `args` through the shell with stdin from `input`; captures stdout+stderr.
Proc Sh(const std::string& args, const std::string& input = "") {
  fs::path in = fs::temp_directory_path() / ("bb_in_" + std::to_string(::getpid()));
  std::ofstream(in) << input;
  std::string cmd = kBin + " " + args + " < " + in.string() + " 2>&1";
  Proc r;
  FILE* p = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int st = ::pclose(p);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  fs::remove(in);
  return r;
}

class BinaryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("bb_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string DataDir() const { return "--data-dir " + (dir_ / "var").string(); }
  fs::path dir_;
};

TEST_F(BinaryTest, HelpListsEveryCommand) {
  Proc r = Sh("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* c : {"serve", "admin", "migrate", "version", "config", "scan", "train", "eval", "evidence", "ocr", "import", "triage"})
    EXPECT_NE(r.out.find(c), std::string::npos) << c << "\n" << r.out;
  EXPECT_EQ(Sh("serve --help").code, 0);
  EXPECT_EQ(Sh("admin create-user --help").code, 0);
  EXPECT_NE(Sh("no-such-command").code, 0);
}

TEST_F(BinaryTest, VersionNamesSchema) {
  Proc r = Sh("version");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("byteback "), std::string::npos);
  EXPECT_NE(r.out.find("database schema"), std::string::npos);
}

TEST_F(BinaryTest, ConfigPrintsEffectiveValues) {
  fs::path toml = dir_ / "bb.toml";
  std::ofstream(toml) << "[server]\nthreads = 3\n";
  Proc r = Sh("config --config " + toml.string() + " --listen 127.0.0.1:9999");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("threads = 3"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("listen = \"127.0.0.1:9999\""), std::string::npos) << r.out;
  Proc bad = Sh("config --threads many");
  EXPECT_EQ(bad.code, 2) << bad.out;
  EXPECT_NE(bad.out.find("server.threads"), std::string::npos) << bad.out;
}

TEST_F(BinaryTest, MigrateIsIdempotentAndRefusesNewerDatabase) {
  Proc first = Sh("migrate " + DataDir());
  ASSERT_EQ(first.code, 0) << first.out;
  Proc again = Sh("migrate " + DataDir());
  EXPECT_EQ(again.code, 0) << again.out;
  EXPECT_NE(again.out.find("current"), std::string::npos) << again.out;
  // A database from a newer byteback: record a future migration.
  fs::path db = dir_ / "var" / "byteback.db";
  std::string sql = "sqlite3 " + db.string() +
                    " \"INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, 'future', 0)\"";
  ASSERT_EQ(std::system(sql.c_str()), 0);
  Proc refused = Sh("migrate " + DataDir());
  EXPECT_EQ(refused.code, 4) << refused.out;
  EXPECT_NE(refused.out.find("newer"), std::string::npos) << refused.out;
  Proc serve = Sh("serve --listen 127.0.0.1:0 " + DataDir());
  EXPECT_EQ(serve.code, 4) << serve.out;
}

TEST_F(BinaryTest, AdminCreatesUserFromStdinAndRejectsShortPassword) {
  Proc org = Sh("admin create-org --name \"Pakistan Federal Union of Journalists\" --country PK " + DataDir());
  ASSERT_EQ(org.code, 0) << org.out;
  Proc ok = Sh("admin create-user --email focal@example.org --role focal_person --org-id 1 --country PK " +
                  DataDir(),
              "a long enough passphrase\n");
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("focal_person"), std::string::npos) << ok.out;
  Proc dup = Sh("admin create-user --email FOCAL@example.org " + DataDir(), "another long passphrase\n");
  EXPECT_NE(dup.code, 0) << dup.out;
  Proc weak = Sh("admin create-user --email weak@example.org " + DataDir(), "short\n");
  EXPECT_EQ(weak.code, 2) << weak.out;
  Proc reset = Sh("admin reset-password --email focal@example.org " + DataDir(), "a brand new passphrase\n");
  EXPECT_EQ(reset.code, 0) << reset.out;
  // The key file is private.
  auto perms = fs::status(dir_ / "var" / "keys" / "data.key").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

int FreePort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  int port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

// A raw HTTP GET on loopback; returns the whole response or "" on failure.
std::string HttpGet(int port, const std::string& path) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(s);
    return "";
  }
  std::string req = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  if (::send(s, req.data(), req.size(), 0) < 0) {
    ::close(s);
    return "";
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(s, buf, sizeof buf, 0)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(s);
  return out;
}

TEST_F(BinaryTest, ServePrintsSetupLinkServesHealthAndStopsOnSigterm) {
  int port = FreePort();
  fs::path log = dir_ / "serve.log";
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::string listen = "127.0.0.1:" + std::to_string(port);
    std::string data = (dir_ / "var").string();
    FILE* f = std::freopen(log.c_str(), "w", stdout);
    (void)f;
    ::dup2(STDOUT_FILENO, STDERR_FILENO);
    ::execl(kBin.c_str(), kBin.c_str(), "serve", "--listen", listen.c_str(), "--data-dir", data.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::string health;
  for (int i = 0; i < 300 && health.find("200") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    health = HttpGet(port, "/healthz");
  }
  EXPECT_NE(health.find("HTTP/1.1 200"), std::string::npos) << health;
  EXPECT_NE(HttpGet(port, "/readyz").find("HTTP/1.1 200"), std::string::npos);
  ::kill(pid, SIGTERM);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::stringstream ss;
  ss << std::ifstream(log).rdbuf();
  EXPECT_NE(ss.str().find("/setup#token="), std::string::npos) << ss.str();
}

}  // namespace

namespace {

TEST_F(BinaryTest, ScanKeepsItsContract) {
  fs::path in = dir_ / "in.jsonl";
  std::ofstream(in) << "{\"id\":\"a\",\"text\":\"you are a b1tch\"}\n"
                    << "{\"id\":7,\"text\":\"the report is out today\"}\n"
                    << "this line is not json\n"
                    << "{\"id\":\"c\",\"text\":\"तू रंडी है\"}\n";
  Proc r = Sh("scan --threads 2 --input " + in.string());
  ASSERT_EQ(r.code, 0) << r.out;
  std::vector<std::string> lines;
  std::stringstream ss(r.out);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0].rfind("{\"id\":\"a\",\"lang\":\"en\",\"scores\":{\"abusive\":", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("\"labels\":[\"abusive\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"spans\":[{\"begin\":10,\"end\":15,"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"model\":\"shield-"), std::string::npos) << lines[0];
  EXPECT_EQ(lines[1].rfind("{\"id\":7,", 0), 0u) << lines[1];
  EXPECT_NE(lines[1].find("\"labels\":[]"), std::string::npos) << lines[1];
  EXPECT_EQ(lines[2].rfind("{\"line\":3,\"error\":{\"code\":\"invalid_argument\"", 0), 0u) << lines[2];
  EXPECT_NE(lines[3].find("\"gendered\""), std::string::npos) << lines[3];
  Proc text = Sh("scan --format text", "plain line one\nyou slut\n");
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("{\"id\":2,"), std::string::npos) << text.out;
  EXPECT_EQ(Sh("scan --model /nonexistent.bbm", "").code, 3);
}

TEST_F(BinaryTest, TrainAndEvalRoundTrip) {
  fs::path data = dir_ / "train.jsonl";
  {
    std::ofstream out(data);
    for (int i = 0; i < 400; ++i) {
      bool bad = i % 2;
      out << "{\"id\":" << i << ",\"text\":\"" << (bad ? "filthy vermin number " : "lovely report number ")
          << i << "\",\"labels\":{\"abusive\":" << bad << "}}\n";
    }
  }
  fs::path model = dir_ / "m.bbm";
  Proc t = Sh("train --data " + data.string() + " --out " + model.string() + " --bucket-bits 12 --epochs 2");
  ASSERT_EQ(t.code, 0) << t.out;
  Proc e = Sh("eval --json --data " + data.string() + " --model " + model.string());
  ASSERT_EQ(e.code, 0) << e.out;
  EXPECT_NE(e.out.find("\"macro_f1\""), std::string::npos) << e.out;
  fs::path broken = dir_ / "broken.jsonl";
  std::ofstream(broken) << "{\"text\":\"ok\",\"labels\":{}}\n{broken\n";
  Proc b = Sh("train --data " + broken.string() + " --out " + model.string());
  EXPECT_EQ(b.code, 2) << b.out;
  EXPECT_NE(b.out.find("broken.jsonl:2"), std::string::npos) << b.out;
}

}  // namespace

namespace {

TEST_F(BinaryTest, RotateKeysKeepsDataReadable) {
  ASSERT_EQ(Sh("admin create-user --email j@example.org --role journalist " + DataDir(),
               "a long enough passphrase\n").code, 0);
  fs::path key = dir_ / "var" / "keys" / "data.key";
  std::stringstream before;
  before << std::ifstream(key).rdbuf();
  Proc r = Sh("admin rotate-keys " + DataDir());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("re-encrypted"), std::string::npos) << r.out;
  std::stringstream after;
  after << std::ifstream(key).rdbuf();
  EXPECT_NE(before.str(), after.str());
  auto perms = fs::status(key).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  // The e-mail (sealed, found through its blind index) is still found and opened.
  Proc reset = Sh("admin reset-password --email j@example.org " + DataDir(), "another long passphrase\n");
  EXPECT_EQ(reset.code, 0) << reset.out;
  EXPECT_NE(reset.out.find("j@example.org"), std::string::npos) << reset.out;
}

}  // namespace
