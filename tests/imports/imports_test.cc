// imports_test.cc: format names and detection, the stream API, limits and
// the sink contract.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;
using testing::ImportText;

TEST(FormatTest, NamesRoundTrip) {
  for (Format f : {Format::kTwitter, Format::kFacebook, Format::kInstagram, Format::kYouTubeCsv,
                   Format::kYouTubeJson, Format::kWhatsApp, Format::kTelegram, Format::kMbox, Format::kEml,
                   Format::kCsv, Format::kJsonl}) {
    auto p = ParseFormat(FormatName(f));
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(*p, f);
  }
  EXPECT_EQ(*ParseFormat("X"), Format::kTwitter);
  EXPECT_TRUE(Has(ParseFormat("myspace").status().message(), "accepted"));
}

TEST(FormatTest, DetectsFromNameAndHead) {
  EXPECT_EQ(*DetectFormat("data/tweets.js", "window.YTD.tweets.part0 = ["), Format::kTwitter);
  EXPECT_EQ(*DetectFormat("x/result.json", "{\n \"name\": \"a\",\n \"type\": \"personal_chat\""),
            Format::kTelegram);
  EXPECT_EQ(*DetectFormat("message_1.json", "{\"participants\": [], \"messages\": [{\"sender_name\""),
            Format::kFacebook);
  EXPECT_EQ(*DetectFormat("your_instagram_activity/messages/inbox/a/message_1.json", "{\"participants\": []"),
            Format::kInstagram);
  EXPECT_EQ(*DetectFormat("post_comments_1.json", "[{\"string_map_data\": {}}]"), Format::kInstagram);
  EXPECT_EQ(*DetectFormat("c.json", "{\"kind\": \"youtube#commentThreadListResponse\"}"), Format::kYouTubeJson);
  EXPECT_EQ(*DetectFormat("comments.csv", "Comment ID,Channel ID,Comment Create Timestamp,Video ID,Comment Text\n"),
            Format::kYouTubeCsv);
  EXPECT_EQ(*DetectFormat("any.csv", "text,author\n"), Format::kCsv);
  EXPECT_EQ(*DetectFormat("chat.txt", "\xE2\x80\x8E[31/12/2020, 22:15:03] A: b"), Format::kWhatsApp);
  EXPECT_EQ(*DetectFormat("WhatsApp Chat with A.txt", "12/31/20, 10:15 PM - A: b"), Format::kWhatsApp);
  EXPECT_EQ(*DetectFormat("inbox", "From a@b Fri Jan  1 10:00:00 2021\n"), Format::kMbox);
  EXPECT_EQ(*DetectFormat("m.eml", ""), Format::kEml);
  EXPECT_EQ(*DetectFormat("noext", "Received: from x\n"), Format::kEml);
  EXPECT_EQ(*DetectFormat("a.jsonl", "{}"), Format::kJsonl);
  EXPECT_EQ(*DetectFormat("stdin", "{\"text\":\"a\"}\n{\"text\":\"b\"}\n"), Format::kJsonl);
  auto none = DetectFormat("notes.txt", "just some notes");
  EXPECT_EQ(none.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Has(none.status().message(), "notes.txt")) << none.status().message();
}

TEST(ImportTest, StreamApiWithAutoDetection) {
  auto r = ImportText("\xEF\xBB\xBF" "12/31/20, 10:16 PM - A: hello\n", "upload");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].source, "upload:1");
  EXPECT_EQ(r.stats.bytes, 33u);  // BOM included
}

TEST(ImportTest, SinkErrorStopsTheImport) {
  std::istringstream in("{\"text\":\"a\"}\n{\"text\":\"b\"}\n{\"text\":\"c\"}\n");
  int seen = 0;
  Status s = Import(in, "x.jsonl", Format::kAuto, {}, [&seen](Message&&) {
    return ++seen == 2 ? Status::ResourceExhausted("quota") : Status::Ok();
  });
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(seen, 2);
}

TEST(ImportTest, MissingFileIsNotFound) {
  Status s = ImportFile("/nonexistent/x.jsonl", Format::kAuto, {}, [](Message&&) { return Status::Ok(); });
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_TRUE(Has(s.message(), "/nonexistent/x.jsonl"));
  s = ImportFile(std::string(BB_SOURCE_DIR) + "/tests", Format::kAuto, {}, [](Message&&) { return Status::Ok(); });
  EXPECT_TRUE(Has(s.message(), "is a folder")) << s.message();
}

TEST(ImportTest, ProgressReportsBytes) {
  std::string big;
  for (int i = 0; i < 40000; ++i) big += "{\"text\":\"message number " + std::to_string(i) + "\"}\n";
  std::istringstream in(big);
  uint64_t last = 0;
  int calls = 0;
  Status s = Import(
      in, "x.jsonl", Format::kAuto, {}, [](Message&&) { return Status::Ok(); }, nullptr,
      [&](uint64_t b) {
        EXPECT_GE(b, last);
        last = b;
        ++calls;
      });
  ASSERT_TRUE(s.ok());
  EXPECT_GE(calls, 2);
  EXPECT_EQ(last, big.size());
}

}  // namespace
}  // namespace byteback::imports
