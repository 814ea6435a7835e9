// templates_test.cc: every shipped complaint template (data/complaints)
// loads; broken files give errors naming the file, line and key.
#include <gtest/gtest.h>

#include <fstream>

#include "report/report.h"
#include "testing/temp_dir.h"

namespace byteback::report {
namespace {

const std::string kDir = std::string(BB_SOURCE_DIR) + "/data/complaints";

TEST(TemplatesTest, AllShippedTemplatesLoad) {
  auto all = LoadTemplates(kDir);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  std::vector<std::string> ids;
  for (const auto& t : *all) {
    ids.push_back(t.id);
    EXPECT_FALSE(t.fields.empty()) << t.id;
    EXPECT_TRUE(t.submit_url.starts_with("https://")) << t.id;
    EXPECT_EQ(t.checked.size(), 10u) << t.id;
    if (t.kind == TemplateKind::kPlatform) {
      // A platform template names a rule for every abuse category.
      for (const char* c : kCategories) {
        EXPECT_FALSE(RulesFor(t, {c}).empty()) << t.id << " has no rule for " << c;
      }
    } else {
      EXPECT_EQ(t.country.size(), 2u) << t.id;
    }
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"bd-police", "in-cybercrime", "lk-police", "meta", "np-police", "pk-fia",
                                           "tiktok", "x", "youtube"}));
}

TEST(TemplatesTest, FillFieldsChecksRequiredAndUnknownKeys) {
  auto t = LoadTemplate(kDir + "/pk-fia.toml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::string, std::string> v = {{"full_name", "Ayesha Khan"},
                                          {"father_or_husband_name", "M. Khan"},
                                          {"cnic", "35202-1234567-1"},
                                          {"mobile", "0300 0000000"},
                                          {"address", "Lahore"},
                                          {"city", "Lahore, Punjab"},
                                          {"complaint_category", "Cyber stalking"},
                                          {"incident_details", "Threats after a broadcast"}};
  auto f = FillFields(*t, v);
  ASSERT_TRUE(f.ok()) << f.status().ToString();
  ASSERT_EQ(f->size(), 8u);
  EXPECT_EQ((*f)[0], (std::pair<std::string, std::string>{"Name", "Ayesha Khan"}));
  v.erase("cnic");
  EXPECT_NE(FillFields(*t, v).status().message().find("required field 'cnic'"), std::string::npos);
  v["cnic"] = "1";
  v["favourite_colour"] = "red";
  EXPECT_NE(FillFields(*t, v).status().message().find("no field 'favourite_colour'"), std::string::npos);
}

class BrokenTemplateTest : public ::testing::Test {
 protected:
  // Writes `body` as <tmp>/bad.toml, loads it, returns the error message.
  std::string Load(const std::string& body) {
    path_ = dir_.File("bad.toml");
    std::ofstream(path_) << body;
    auto r = LoadTemplate(path_);
    EXPECT_FALSE(r.ok());
    return r.ok() ? "" : r.status().message();
  }
  testing::TempDir dir_;
  std::string path_;
};

constexpr const char* kGood = R"(name = "Test"
kind = "police"
country = "PK"
submit_url = "https://example.org/"
checked = "2026-11-25"
[[fields]]
key = "full_name"
label = "Name"
required = true
)";

TEST_F(BrokenTemplateTest, GoodBaseLoads) {
  std::ofstream(dir_.File("good.toml")) << kGood;
  EXPECT_TRUE(LoadTemplate(dir_.File("good.toml")).ok());
}

TEST_F(BrokenTemplateTest, SyntaxErrorNamesFileLineAndColumn) {
  const std::string m = Load(std::string(kGood) + "label = \"unterminated\n");
  EXPECT_TRUE(m.starts_with(path_ + ":10:")) << m;
}

TEST_F(BrokenTemplateTest, ErrorsNameTheKey) {
  std::string m = Load(std::string(kGood) + "[[fields]]\nkey = \"Full Name\"\nlabel = \"x\"\n");
  EXPECT_NE(m.find(path_ + ":11: fields[1].key: 'Full Name' must be [a-z0-9_]+"), std::string::npos) << m;
  m = Load(std::string(kGood) + "[[fields]]\nkey = \"full_name\"\nlabel = \"again\"\n");
  EXPECT_NE(m.find("fields[1].key: duplicate key 'full_name'"), std::string::npos) << m;
  m = Load(std::string(kGood) + "colour = \"red\"\n");
  EXPECT_NE(m.find("fields[0].colour: unknown key"), std::string::npos) << m;
  m = Load(std::string(kGood) + "required_too = 1\n");
  EXPECT_NE(m.find("unknown key"), std::string::npos) << m;
  m = Load(std::string(kGood) + "[[fields]]\nkey = \"x\"\n");
  EXPECT_NE(m.find("fields[1].label: missing"), std::string::npos) << m;
  m = Load(std::string(kGood).replace(std::string(kGood).find("required = true"), 15, "required = \"yes\""));
  EXPECT_NE(m.find("fields[0].required: must be true or false"), std::string::npos) << m;
  m = Load(std::string(kGood).replace(0, 13, "name = 42"));
  EXPECT_NE(m.find(path_ + ":1: name: must be a string"), std::string::npos) << m;
  m = Load(std::string(kGood).replace(std::string(kGood).find("https://"), 8, "http://"));
  EXPECT_NE(m.find("submit_url: must start with https://"), std::string::npos) << m;
  m = Load(std::string(kGood).replace(std::string(kGood).find("\"police\""), 8, "\"platform\""));
  EXPECT_NE(m.find("rules: a platform template needs"), std::string::npos) << m;
  m = Load(std::string(kGood) + "[[rules]]\ncategory = \"rudeness\"\npolicy = \"p\"\nurl = \"https://x\"\n");
  EXPECT_NE(m.find("rules[0].category: unknown category 'rudeness'"), std::string::npos) << m;
}

TEST_F(BrokenTemplateTest, FolderErrorsNameTheBadFile) {
  std::ofstream(dir_.File("a-good.toml")) << kGood;
  Load(std::string(kGood) + "oops = [\n");
  auto all = LoadTemplates(dir_.File(""));
  ASSERT_FALSE(all.ok());
  EXPECT_NE(all.status().message().find("bad.toml"), std::string::npos) << all.status().message();
  EXPECT_EQ(LoadTemplates(dir_.File("nothing-here")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(LoadTemplate(dir_.File("missing.toml")).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace byteback::report

namespace byteback::report {
namespace {

TEST(TemplatesTest, ParsesFromMemoryWithTheOriginInErrors) {
  auto t = ParseTemplate(kGood, "inline/test-one.toml");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->id, "test-one");
  auto bad = ParseTemplate("name = ", "inline/bad.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(bad.status().message().starts_with("inline/bad.toml:1:")) << bad.status().message();
  EXPECT_FALSE(ParseTemplate(std::string(300 * 1024, '#'), "big.toml").ok());
}

}  // namespace
}  // namespace byteback::report
