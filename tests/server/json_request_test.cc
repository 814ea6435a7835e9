#include "server/json_request_internal.h"

#include <gtest/gtest.h>

#include <string>

namespace byteback::server {
namespace {

constexpr FieldSpec kItem[] = {
    {.name = "text", .type = JsonType::kString, .required = true, .max_length = 10},
    {.name = "sent_at", .type = JsonType::kInteger, .min_value = 0},
};
constexpr FieldSpec kFields[] = {
    {.name = "email", .type = JsonType::kString, .required = true, .max_length = 20},
    {.name = "limit", .type = JsonType::kInteger, .min_value = 1, .max_value = 100},
    {.name = "admin", .type = JsonType::kBoolean},
    {.name = "tags", .type = JsonType::kStringArray, .max_length = 2},
    {.name = "messages", .type = JsonType::kObjectArray, .max_length = 3, .items = kItem},
};

std::string Error(std::string_view body) {
  auto r = ParseJsonRequest(body, kFields);
  EXPECT_FALSE(r.ok()) << body;
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  return r.status().message();
}

TEST(JsonRequestTest, AcceptsAWellFormedBody) {
  auto r = ParseJsonRequest(
      R"({"email":"a@b.org","limit":5,"admin":false,"tags":["x"],)"
      R"("messages":[{"text":"hello","sent_at":3}]})",
      kFields);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(GetString(*r, "email"), "a@b.org");
  EXPECT_EQ(GetInt(*r, "limit"), 5);
  EXPECT_FALSE(GetBool(*r, "admin", true));
  EXPECT_EQ((*r)["messages"][0]["text"], "hello");
}

TEST(JsonRequestTest, NullOptionalFieldMeansAbsent) {
  auto r = ParseJsonRequest(R"({"email":"a","limit":null})", kFields);
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(Has(*r, "limit"));
}

TEST(JsonRequestTest, RejectsMalformedJson) {
  EXPECT_NE(Error(R"({"email":)").find("malformed JSON"), std::string::npos);
  EXPECT_NE(Error(R"({"email":"a"} trailing)").find("malformed JSON"), std::string::npos);
  EXPECT_NE(Error("").find("empty"), std::string::npos);
  EXPECT_NE(Error("[1,2]").find("JSON object"), std::string::npos);
}

TEST(JsonRequestTest, RejectsInvalidUtf8WithItsOffset) {
  std::string body = "{\"email\":\"a\xff\"}";
  EXPECT_EQ(Error(body), "request body is not valid UTF-8 (byte 11)");
  EXPECT_NE(Error("{\"email\":\"\xed\xa0\x80\"}").find("UTF-8"), std::string::npos);
}

TEST(JsonRequestTest, RejectsEscapedLoneSurrogate) {
  EXPECT_NE(Error(R"({"email":"\ud800"})").find("malformed JSON"), std::string::npos);
}

TEST(JsonRequestTest, NamesTheUnknownField) {
  EXPECT_EQ(Error(R"({"email":"a","is_admin":true})"),
            "field 'is_admin': unknown field (allowed: email, limit, admin, tags, messages)");
}

TEST(JsonRequestTest, NamesTheFieldOfTheWrongType) {
  EXPECT_EQ(Error(R"({"email":5})"), "field 'email': expected a string, got a number");
  EXPECT_EQ(Error(R"({"email":"a","limit":"5"})"),
            "field 'limit': expected an integer, got a string");
  EXPECT_EQ(Error(R"({"email":"a","limit":1.5})"),
            "field 'limit': expected an integer, got a number");
  EXPECT_EQ(Error(R"({"email":"a","admin":1})"),
            "field 'admin': expected a boolean, got a number");
  EXPECT_EQ(Error(R"({"email":"a","messages":[{"text":7}]})"),
            "field 'messages[0].text': expected a string, got a number");
  EXPECT_EQ(Error(R"({"email":"a","messages":[{"text":"x","extra":1}]})").substr(0, 31),
            "field 'messages[0].extra': unkn");
}

TEST(JsonRequestTest, EnforcesRequiredLimitsAndRanges) {
  EXPECT_EQ(Error(R"({"limit":5})"), "field 'email': is required");
  EXPECT_EQ(Error(R"({"email":null})"), "field 'email': must not be null");
  EXPECT_EQ(Error(R"({"email":"aaaaaaaaaaaaaaaaaaaaa"})"), "field 'email': longer than 20 bytes");
  EXPECT_EQ(Error(R"({"email":"a","limit":0})"), "field 'limit': must be between 1 and 100");
  EXPECT_EQ(Error(R"({"email":"a","limit":18446744073709551615})"),
            "field 'limit': integer out of range");
  EXPECT_EQ(Error(R"({"email":"a","tags":["a","b","c"]})"), "field 'tags': more than 2 items");
  EXPECT_EQ(Error(R"({"email":"a\u0000b"})"), "field 'email': contains a NUL character");
}

TEST(JsonRequestTest, RejectsDuplicateKeysAndDeepNesting) {
  EXPECT_EQ(Error(R"({"email":"a","email":"b"})"), "duplicate field 'email'");
  std::string deep = R"({"email":"a","tags":)" + std::string(20, '[') + std::string(20, ']') + "}";
  EXPECT_NE(Error(deep).find("nested deeper"), std::string::npos);
}

TEST(JsonRequestTest, HugeNumberIsAnErrorNotACrash) {
  EXPECT_NE(Error(R"({"email":"a","limit":1e999999})").find("malformed JSON"), std::string::npos);
}

}  // namespace
}  // namespace byteback::server
