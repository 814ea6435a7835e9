// The request pipeline: bad input, limits, headers, health, metrics, stop.
#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <chrono>
#include <netinet/in.h>
#include <soci/soci.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <thread>

#include "server/server_test_util.h"

namespace byteback::server::testing {
namespace {

class InputTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    int64_t org = CreateOrg("Union A", "IN");
    CreateUser("victim@example.org", accounts::Role::kJournalist, org, "IN");
    victim_ = Login("victim@example.org");
    auto r = Post(victim_, "/api/v1/incidents", R"({"title":"First"})");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 201) << r->body;
    messages_path_ = "/api/v1/incidents/" +
                     std::to_string(Json(r)["incident"].value("id", int64_t{0})) + "/messages";
  }
  // Sends `body` to create an incident and to add a message, expecting a 4xx
  // error of the one shape each time and no new row anywhere.
  void ExpectRejected(const std::string& body, int http, const std::string& needle) {
    ExpectRejected(body, body, http, needle);
  }
  void ExpectRejected(const std::string& incident_body, const std::string& messages_body,
                      int http, const std::string& needle) {
    int64_t incidents = CountRows("incidents");
    int64_t messages = CountRows("incident_messages");
    for (const auto& [path, body] : {std::pair{std::string("/api/v1/incidents"), incident_body},
                                     std::pair{messages_path_, messages_body}}) {
      auto r = Post(victim_, path, body);
      ExpectError(r, http, http == 413 ? "payload_too_large" : "invalid_argument");
      if (r) {
        EXPECT_NE(r->body.find(needle), std::string::npos) << r->body;
      }
    }
    EXPECT_EQ(CountRows("incidents"), incidents);
    EXPECT_EQ(CountRows("incident_messages"), messages);
  }
  SignedIn victim_;
  std::string messages_path_;
};

TEST_F(InputTest, MalformedJson) { ExpectRejected(R"({"title": "x",)", 400, "malformed JSON"); }

TEST_F(InputTest, FieldOfTheWrongType) {
  ExpectRejected(R"({"title": 42})", R"({"messages": "text"})", 400, "expected");
  ExpectRejected(R"({"title": "x", "severity": ["high"]})",
                 R"({"messages": [{"text": "x", "sent_at": "yesterday"}]})", 400,
                 "expected");
}

TEST_F(InputTest, UnknownField) {
  ExpectRejected(R"({"title":"x","owner":1})", R"({"messages":[{"text":"x","zzz":true}]})", 400,
                 "unknown field");
}

TEST_F(InputTest, InvalidUtf8) {
  ExpectRejected("{\"title\":\"caf\xc3\x28\"}", "{\"messages\":[{\"text\":\"\xff\"}]}", 400,
                 "not valid UTF-8");
}

TEST_F(InputTest, OversizedBody) {
  ServerOptions o;
  o.max_body_bytes = 4096;
  StartServer(o);
  std::string big = R"({"title":")" + std::string(5000, 'a') + R"("})";
  ExpectRejected(big, 413, "larger than 4096");
}

TEST_F(InputTest, OversizedChunkedBodyIsCutOff) {
  ServerOptions o;
  o.max_body_bytes = 4096;
  StartServer(o);
  int64_t incidents = CountRows("incidents");
  std::string chunk(3000, 'a');
  char size[16];
  std::snprintf(size, sizeof size, "%zx", chunk.size());
  std::string req = "POST /api/v1/incidents HTTP/1.1\r\nHost: x\r\nCookie: " + victim_.cookie +
                    "\r\nX-CSRF-Token: " + victim_.csrf +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                    "Connection: close\r\n\r\n";
  for (int i = 0; i < 4; ++i) req += std::string(size) + "\r\n" + chunk + "\r\n";
  req += "0\r\n\r\n";
  std::string resp = RawRequest(port_, req);
  EXPECT_EQ(resp.rfind("HTTP/1.1 413", 0), 0u) << resp.substr(0, 200);
  EXPECT_NE(resp.find("\"payload_too_large\""), std::string::npos);
  EXPECT_EQ(CountRows("incidents"), incidents);
}

TEST_F(InputTest, ContentLengthWithTransferEncodingIsRejected) {
  std::string req =
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "0\r\n\r\n";
  std::string resp = RawRequest(port_, req);
  EXPECT_EQ(resp.rfind("HTTP/1.1 400", 0), 0u) << resp.substr(0, 200);
  EXPECT_NE(resp.find("\"invalid_argument\""), std::string::npos);
}

TEST_F(InputTest, NonJsonContentTypeIs415) {
  auto r = Client().Post("/api/v1/auth/login", {{"Cookie", victim_.cookie}},
                         "email=a&password=b", "application/x-www-form-urlencoded");
  ExpectError(r, 415, "unsupported_media_type");
}

TEST_F(InputTest, UnknownQueryParameterAndBadInteger) {
  auto r = Get(victim_, "/api/v1/incidents?limit=abc");
  ExpectError(r, 400, "invalid_argument");
  EXPECT_NE(r->body.find("'limit'"), std::string::npos);
  ExpectError(Get(victim_, "/api/v1/incidents?debug=1"), 400, "invalid_argument");
}

class PipelineTest : public ServerTest {};

TEST_F(PipelineTest, SecurityHeadersOnEveryResponse) {
  for (const char* path : {"/healthz", "/", "/no/such/route", "/api/v1/auth/me", "/static/0/js/app.js"}) {
    auto r = Client().Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->get_header_value("Content-Security-Policy").rfind(
                  "default-src 'self'; frame-ancestors 'none'", 0),
              0u)
        << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r->get_header_value("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store") << path;
  }
}

TEST_F(PipelineTest, UnknownRoutesAndMethodsGetTheErrorShape) {
  ExpectError(Client().Get("/api/v1/nothing"), 404, "not_found");
  std::string long_path(513, 'a');
  long_path[0] = '/';
  ExpectError(Client().Get(long_path.c_str()), 414, "uri_too_long");
  long_path.pop_back();
  ExpectError(Client().Get(long_path.c_str()), 404, "not_found");
  auto r = Client().Delete("/healthz");
  ExpectError(r, 405, "method_not_allowed");
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
  std::string resp = RawRequest(port_, "OPTIONS / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(resp.rfind("HTTP/1.1 405", 0), 0u) << resp.substr(0, 100);
  resp = RawRequest(port_, "GARBAGE\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(resp.rfind("HTTP/1.1 400", 0), 0u) << resp.substr(0, 100);
  EXPECT_NE(resp.find("{\"error\":{\"code\":\"invalid_argument\""), std::string::npos) << resp;
  // The 400 for an unparsable request is counted after its response is
  // written, so the scrape may come first: poll (bounded) until it shows.
  const std::string kLine = "method=\"OTHER\",route=\"unmatched\",status=\"400\"";
  std::string body;
  for (int i = 0; i < 500 && body.find(kLine) == std::string::npos; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    auto m = Client().Get("/metrics");
    ASSERT_TRUE(m);
    body = m->body;
  }
  EXPECT_EQ(body.find("GARBAGE"), std::string::npos);
  EXPECT_NE(body.find(kLine), std::string::npos) << body;
}

TEST_F(PipelineTest, ExceptionsBecomeA500WithoutTheirText) {
  StopServer();
  server_->TEST_AddThrowingRoute("/test/throw", "secret internal detail");
  auto port = server_->BindToAnyPort();
  ASSERT_TRUE(port.ok());
  port_ = *port;
  thread_ = std::thread([this] { server_->ListenAfterBind(); });
  while (!server_->ready()) std::this_thread::yield();
  auto r = Client().Get("/test/throw");
  ExpectError(r, 500, "internal");
  EXPECT_EQ(r->body.find("secret"), std::string::npos);
  EXPECT_FALSE(r->has_header("EXCEPTION_WHAT"));
  EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(PipelineTest, HealthReadinessAndMetrics) {
  auto h = Client().Get("/healthz");
  ASSERT_TRUE(h);
  EXPECT_EQ(h->status, 200);
  EXPECT_EQ(Json(h)["status"], "ok");
  auto ready = Client().Get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  Client().Get("/api/v1/incidents/12345");
  // A request is counted by its log line, which runs just after the response
  // is sent: wait until every earlier request has been counted.
  while (server_->TEST_requests_in_flight() != 0) std::this_thread::yield();
  auto m = Client().Get("/metrics");  // loopback: allowed without credentials
  ASSERT_TRUE(m);
  ASSERT_EQ(m->status, 200);
  EXPECT_NE(m->body.find("byteback_build_info{version=\"test\"} 1"), std::string::npos);
  EXPECT_NE(m->body.find("byteback_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
            std::string::npos) << m->body;
  // Counted by template, never by raw path.
  EXPECT_NE(m->body.find("route=\"/api/v1/incidents/{id}\",status=\"401\""), std::string::npos);
  EXPECT_EQ(m->body.find("12345"), std::string::npos);
  EXPECT_NE(m->body.find("byteback_http_requests_in_flight 1"), std::string::npos);
  EXPECT_NE(m->body.find("byteback_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"+Inf\"} 1"),
            std::string::npos);
}

TEST_F(PipelineTest, MetricsForAdminsOnlyWhenConfigured) {
  ServerOptions o;
  o.metrics_access = MetricsAccess::kAdminOnly;
  StartServer(o);
  ExpectError(Client().Get("/metrics"), 401, "unauthenticated");
  SignedIn admin = Login("admin@example.org");
  auto m = Get(admin, "/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->status, 200);
}

TEST_F(PipelineTest, ReadyzFailsWhenTheSchemaIsBehind) {
  {
    auto session = store_->Acquire();
    session.sql() << "DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)";
  }
  ExpectError(Client().Get("/readyz"), 503, "unavailable");
  EXPECT_EQ(Client().Get("/healthz")->status, 200);
}

// The static prefix the shell names: /static/<version>/.
std::string StaticBase(const std::string& page) {
  const std::string key = "data-static=\"";
  size_t at = page.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  return page.substr(at, page.find('"', at) - at);
}

TEST_F(PipelineTest, WebShellAndAssetsAreServed) {
  auto page = Client().Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<html lang=\"en\" dir=\"ltr\">"), std::string::npos);
  EXPECT_NE(page->body.find("data-start=\"signin\""), std::string::npos);
  EXPECT_NE(page->body.find("id=\"quick-exit\""), std::string::npos);
  EXPECT_EQ(page->body.find("<script>"), std::string::npos);  // nothing inline (CSP)
  const std::string base = StaticBase(page->body);
  ASSERT_EQ(base.rfind("/static/", 0), 0u) << page->body;
  EXPECT_NE(page->body.find("<script type=\"module\" src=\"" + base + "js/app.js\""), std::string::npos);

  struct Asset { const char* path; const char* type; const char* contains; };
  for (const Asset& a : {Asset{"js/app.js", "text/javascript; charset=utf-8", "replaceState"},
                         Asset{"js/api.js", "text/javascript; charset=utf-8", "X-CSRF-Token"},
                         Asset{"app.css", "text/css; charset=utf-8", "{"},
                         Asset{"i18n/ur.json", "application/json", "\"rtl\""}}) {
    auto r = Client().Get((base + a.path).c_str());
    ASSERT_TRUE(r) << a.path;
    EXPECT_EQ(r->status, 200) << a.path;
    EXPECT_EQ(r->get_header_value("Content-Type"), a.type) << a.path;
    EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable") << a.path;
    EXPECT_NE(r->body.find(a.contains), std::string::npos) << a.path;
  }
  // Another version's URL, an unknown file and the old unversioned path are not found.
  EXPECT_EQ(Client().Get("/static/0000000000000000/js/app.js")->status, 404);
  EXPECT_EQ(Client().Get((base + "js/nope.js").c_str())->status, 404);
  EXPECT_EQ(Client().Get((base + "i18n/README.md").c_str())->status, 404);  // notes for the team stay out
  EXPECT_EQ(Client().Get("/static/app.js")->status, 404);
  // Text assets travel compressed when the browser asks.
  httplib::Headers gz = {{"Accept-Encoding", "gzip"}};
  for (const char* path : {"js/app.js", "app.css", "i18n/en.json"}) {
    httplib::Client raw = Client();
    raw.set_decompress(false);
    auto packed = raw.Get((base + path).c_str(), gz);
    ASSERT_TRUE(packed) << path;
    EXPECT_EQ(packed->get_header_value("Content-Encoding"), "gzip") << path;
  }
}

TEST_F(PipelineTest, WebShellSpeaksTheVisitorsLanguage) {
  auto lang_of = [&](httplib::Headers headers) {
    auto r = Client().Get("/", headers);
    EXPECT_TRUE(r);
    if (!r) return std::string();
    size_t at = r->body.find("<html lang=\"");
    return r->body.substr(at + 12, r->body.find('>', at) - at - 12);
  };
  EXPECT_EQ(lang_of({}), "en\" dir=\"ltr\"");
  EXPECT_EQ(lang_of({{"Cookie", "x=1; bb_lang=ur"}}), "ur\" dir=\"rtl\"");
  EXPECT_EQ(lang_of({{"Accept-Language", "fr-FR;q=0.9, bn-BD;q=0.8, en;q=0.5"}}), "bn\" dir=\"ltr\"");
  // The cookie wins over the header; an unknown or hostile cookie falls back.
  EXPECT_EQ(lang_of({{"Cookie", "bb_lang=hi"}, {"Accept-Language", "ur"}}), "hi\" dir=\"ltr\"");
  EXPECT_EQ(lang_of({{"Cookie", "bb_lang=%22%3E%3Cscript%3E"}}), "en\" dir=\"ltr\"");
  EXPECT_EQ(lang_of({{"Accept-Language", "\"><script>alert(1)</script>"}}), "en\" dir=\"ltr\"");
  // The shell's words come from that language's catalogue.
  auto ur = Client().Get("/", httplib::Headers{{"Cookie", "bb_lang=ur"}});
  ASSERT_TRUE(ur);
  EXPECT_NE(ur->body.find("<option value=\"ur\" lang=\"ur\" selected>"), std::string::npos);
  EXPECT_NE(ur->body.find("\xd8"), std::string::npos);  // Arabic script
}

TEST_F(PipelineTest, InvitationLinkOpensTheAcceptViewWithoutEchoingTheToken) {
  auto xss = Client().Get("/?invitation=%22%3E%3Cscript%3Ealert(1)%3C/script%3E");
  ASSERT_TRUE(xss);
  EXPECT_EQ(xss->status, 200);
  EXPECT_NE(xss->body.find("data-start=\"accept\""), std::string::npos);
  EXPECT_EQ(xss->body.find("<script>alert"), std::string::npos);
  EXPECT_EQ(xss->body.find("alert(1)"), std::string::npos);
}

TEST_F(PipelineTest, StopBeforeTheAcceptLoopIsNotLost) {
  StopServer();
  auto port = server_->BindToAnyPort();
  ASSERT_TRUE(port.ok());
  server_->Stop();
  server_->ListenAfterBind();  // returns at once instead of serving forever
  EXPECT_FALSE(server_->ready());
}

TEST_F(PipelineTest, SetupLinkPageServesTheShell) {
  auto r = Client().Get("/setup");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  // An admin exists in this fixture: the page offers sign-in instead.
  EXPECT_NE(r->body.find("data-start=\"signin\""), std::string::npos);
  auto auth = Client().Get((StaticBase(r->body) + "js/pages/auth.js").c_str());
  ASSERT_TRUE(auth);
  EXPECT_NE(auth->body.find("#token="), std::string::npos);
}

TEST_F(PipelineTest, StopLetsARequestInFlightFinish) {
  SignedIn admin = Login("admin@example.org");
  const std::string body = R"({"name":"In flight key"})";
  const std::string head = "POST /api/v1/api-keys HTTP/1.1\r\nHost: x\r\nCookie: " + admin.cookie +
                           "\r\nX-CSRF-Token: " + admin.csrf +
                           "\r\nContent-Type: application/json\r\nContent-Length: " +
                           std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port_));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  // Headers and half the body: the request is now being served.
  std::string first = head + body.substr(0, 5);
  // Ours must be the only request counted: the login's log line (which ends
  // its count) may run just after its response reached us.
  while (server_->TEST_requests_in_flight() != 0) std::this_thread::yield();
  ASSERT_EQ(send(fd, first.data(), first.size(), MSG_NOSIGNAL), static_cast<ssize_t>(first.size()));
  while (server_->TEST_requests_in_flight() < 1) std::this_thread::yield();
  server_->Stop();
  std::string rest = body.substr(5);
  ASSERT_EQ(send(fd, rest.data(), rest.size(), MSG_NOSIGNAL), static_cast<ssize_t>(rest.size()));
  std::string resp;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) resp.append(buf, static_cast<size_t>(n));
  close(fd);
  EXPECT_EQ(resp.rfind("HTTP/1.1 201", 0), 0u) << resp.substr(0, 300);
  EXPECT_NE(resp.find("bbk_"), std::string::npos);
  thread_.join();  // ListenAfterBind returned
  EXPECT_FALSE(server_->ready());
  EXPECT_FALSE(Client().Get("/healthz"));  // no longer accepting
}

}  // namespace
}  // namespace byteback::server::testing
