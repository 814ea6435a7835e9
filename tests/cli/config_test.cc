#include "cli/config.h"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace byteback::cli {
namespace {

std::function<const char*(const char*)> Env(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

TEST(ConfigTest, DefaultsAreLoopbackAndSqliteUnderDataDir) {
  Result<Config> c = LoadConfig({}, Env({}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->listen, "127.0.0.1:8080");
  EXPECT_EQ(c->EffectiveDsn(), "sqlite:var/byteback.db");
  EXPECT_EQ(c->EffectiveKeyFile(), "var/keys/data.key");
}

TEST(ConfigTest, FlagsBeatEnvironmentBeatFile) {
  Config c;
  ASSERT_TRUE(ApplyToml("[server]\nthreads = 3\nlisten = \"0.0.0.0:9000\"\n", "t.toml", &c).ok());
  EXPECT_EQ(c.threads, 3);
  ConfigFlags flags;
  flags.values["server.listen"] = "127.0.0.1:7000";
  Result<Config> r = LoadConfig(flags, Env({{"BYTEBACK_LISTEN", "127.0.0.1:6000"},
                                            {"BYTEBACK_THREADS", "5"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->listen, "127.0.0.1:7000");
  EXPECT_EQ(r->threads, 5);
}

TEST(ConfigTest, UnknownKeyNamesFileAndLine) {
  Config c;
  Status s = ApplyToml("[server]\nthreads = 2\nthreadz = 3\n", "my.toml", &c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("my.toml:3"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("server.threadz"), std::string::npos);
}

TEST(ConfigTest, WrongTypesAreRejected) {
  Config c;
  EXPECT_FALSE(ApplyToml("[server]\nthreads = \"eight\"\n", "t", &c).ok());
  EXPECT_FALSE(ApplyToml("[server]\nlisten = 8080\n", "t", &c).ok());
  EXPECT_FALSE(ApplyToml("listen = 1\n", "t", &c).ok());
  EXPECT_FALSE(ApplyToml("[server\n", "t", &c).ok());
  EXPECT_FALSE(LoadConfig({}, Env({{"BYTEBACK_THREADS", "many"}})).ok());
  EXPECT_FALSE(LoadConfig({}, Env({{"BYTEBACK_THREADS", "0"}})).ok());
  EXPECT_FALSE(LoadConfig({}, Env({{"BYTEBACK_LISTEN", "nohostport"}})).ok());
  EXPECT_FALSE(LoadConfig({}, Env({{"BYTEBACK_LOG_LEVEL", "loud"}})).ok());
}

TEST(ConfigTest, QuickExitUrlIsAPlainWebAddress) {
  Result<Config> d = LoadConfig({}, Env({}));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->quick_exit_url.rfind("https://", 0), 0u);
  Result<Config> c = LoadConfig({}, Env({{"BYTEBACK_QUICK_EXIT_URL", "https://news.example.org/weather"}}));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->quick_exit_url, "https://news.example.org/weather");
  for (const char* bad : {"javascript:alert(1)", "news.example.org", "https://x.org/\"><script>", "https://a b"}) {
    Result<Config> r = LoadConfig({}, Env({{"BYTEBACK_QUICK_EXIT_URL", bad}}));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("web.quick_exit_url"), std::string::npos) << r.status().message();
  }
}

TEST(ConfigTest, MissingNamedFileIsNotFound) {
  ConfigFlags flags;
  flags.config_file = "/nonexistent/byteback.toml";
  EXPECT_EQ(LoadConfig(flags, Env({})).status().code(), StatusCode::kNotFound);
}

TEST(ConfigTest, PrintedConfigHidesDsnPassword) {
  Config c;
  c.dsn = "postgresql://bb:s3cret@db.example/bb";
  std::string toml = c.ToToml();
  EXPECT_EQ(toml.find("s3cret"), std::string::npos);
  EXPECT_NE(toml.find("postgresql://bb:***@db.example/bb"), std::string::npos);
  // The printed form reads back.
  Config back;
  EXPECT_TRUE(ApplyToml(toml, "printed", &back).ok());
  EXPECT_EQ(back.listen, c.listen);
}

TEST(ConfigTest, SplitListenHandlesIpv6) {
  Config c;
  c.listen = "[::1]:8081";
  std::string host;
  int port = 0;
  ASSERT_TRUE(c.SplitListen(&host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 8081);
}

}  // namespace
}  // namespace byteback::cli
