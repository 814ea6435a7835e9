// manifest_test.cc: the strict manifest.json / chain.json parsers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "evidence_test_util.h"

namespace byteback::evidence {
namespace {

PackManifest Sample() {
  PackManifest m;
  m.version = 1;
  m.incident_id = "inc-1";
  m.generated_at = "2026-11-25T10:00:00Z";
  Chain c;
  PackInput in = testutil::SampleInput();
  for (const EvidenceItem& it : in.items) {
    m.entries.push_back(*c.Append(it));
    m.files.push_back(PackFileName(it));
  }
  m.count = c.size();
  m.head = c.head();
  m.public_key = std::string(64, 'a');
  m.signature = std::string(128, 'b');
  return m;
}

TEST(ManifestTest, RoundTrips) {
  PackManifest m = Sample();
  auto back = ParseManifest(ManifestJson(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->entries, m.entries);
  EXPECT_EQ(back->files, m.files);
  EXPECT_EQ(back->head, m.head);
  EXPECT_TRUE(back->report_file.empty());
  m.report_file = "report.pdf";
  m.report_sha256 = std::string(64, 'c');
  m.report_signature = std::string(128, 'd');
  back = ParseManifest(ManifestJson(m));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->report_sha256, m.report_sha256);
  auto chain = ParseChainJson(ChainJson(m));
  ASSERT_TRUE(chain.ok()) << chain.status().ToString();
  EXPECT_EQ(chain->entries, m.entries);
  EXPECT_EQ(chain->signature, m.signature);
}

TEST(ManifestTest, RefusesMalformedFieldsNamingThem) {
  const std::string good = ManifestJson(Sample());
  auto edit = [&](auto f) {
    nlohmann::json j = nlohmann::json::parse(good);
    f(j);
    return ParseManifest(j.dump());
  };
  struct Case {
    std::function<void(nlohmann::json&)> f;
    std::string needle;
  };
  const Case cases[] = {
      {[](auto& j) { j["version"] = 2; }, "manifest.json.version: unsupported version 2"},
      {[](auto& j) { j["format"] = "zip"; }, "manifest.json.format: is 'zip'"},
      {[](auto& j) { j["extra"] = 1; }, "manifest.json: unknown field 'extra'"},
      {[](auto& j) { j.erase("head"); }, "manifest.json.head: missing"},
      {[](auto& j) { j["items"][2]["seq"] = -3; }, "manifest.json.items[2].seq: must be an unsigned"},
      {[](auto& j) { j["items"][1]["kind"] = "video"; }, "manifest.json.items[1].kind: unknown kind"},
      {[](auto& j) { j["items"][0]["name"] = "a\x01" "b"; }, "items[0].name: value contains a control character"},
      {[](auto& j) { j["items"][0]["size"] = 1.5; }, "items[0].size: must be an unsigned"},
      {[](auto& j) { j["items"] = "none"; }, "manifest.json.items: must be an array"},
      {[](auto& j) { j["report"] = 3; }, "manifest.json.report: must be an object or null"},
      {[](auto& j) { j["items"][4]["sneaky"] = true; }, "items[4]: unknown field 'sneaky'"},
  };
  for (const Case& c : cases) {
    auto r = edit(c.f);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.needle;
    EXPECT_NE(r.status().message().find(c.needle), std::string::npos)
        << c.needle << " / " << r.status().message();
  }
  EXPECT_FALSE(ParseManifest("").ok());
  EXPECT_FALSE(ParseManifest("[]").ok());
  EXPECT_FALSE(ParseManifest("{\"version\": 1e999999}").ok());
  EXPECT_FALSE(ParseChainJson(good).ok());  // a manifest is not a chain
}

}  // namespace
}  // namespace byteback::evidence
