#include <gtest/gtest.h>

#include "server/http_internal.h"

namespace byteback::server {
namespace {

TEST(HttpStatusTest, MapsEveryStatusCode) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kOk), 200);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kResourceExhausted), 429);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kCorruption), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kIOError), 500);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInternal), 500);
}

TEST(HttpStatusTest, ErrorsHaveOneShapeAndHideInternals) {
  httplib::Response res;
  WriteError(res, Status::Internal("sqlite: no such table users at /var/x"));
  EXPECT_EQ(res.status, 500);
  auto j = nlohmann::json::parse(res.body);
  EXPECT_EQ(j["error"]["code"], "internal");
  EXPECT_EQ(res.body.find("sqlite"), std::string::npos);

  WriteError(res, Status::InvalidArgument("field 'x': bad"));
  j = nlohmann::json::parse(res.body);
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
  EXPECT_EQ(j["error"]["message"], "field 'x': bad");
  EXPECT_EQ(j.size(), 1u);
  EXPECT_EQ(j["error"].size(), 2u);
}

TEST(HttpStatusTest, ErrorBodyStaysValidJsonForBadBytes) {
  auto j = nlohmann::json::parse(ErrorBody("invalid_argument", "bad \xff byte"));
  EXPECT_EQ(j["error"]["code"], "invalid_argument");
}

TEST(HttpStatusTest, SecurityHeaders) {
  httplib::Response res;
  AddSecurityHeaders(res);
  EXPECT_NE(res.get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_NE(res.get_header_value("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(res.get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res.get_header_value("Referrer-Policy"), "no-referrer");
  EXPECT_EQ(res.get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(res.get_header_value("Cache-Control"), "no-store");
}

}  // namespace
}  // namespace byteback::server
