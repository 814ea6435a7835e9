// json_formats_test.cc: X/Twitter, Facebook, Instagram, Telegram and YouTube
// JSON exports, good and broken.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;
using testing::ImportSample;
using testing::ImportText;

TEST(TwitterTest, ReadsTweetsJs) {
  auto r = ImportSample("tweets.js");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  const Message& m = r.messages[0];
  EXPECT_EQ(m.platform, "x");
  EXPECT_EQ(m.text, "@ayesha_reports Thank you for the report & the <data>");
  EXPECT_EQ(m.time, "2022-10-12T09:30:00Z");
  EXPECT_EQ(m.url, "https://x.com/i/web/status/1580000000000000001");
  EXPECT_EQ(m.thread, "1579999999999999999");
  EXPECT_TRUE(testing::Has(m.source, "tweets.js:@30"));  // the record's opening brace
  // +0530 is subtracted to reach UTC.
  EXPECT_EQ(r.messages[1].time, "2022-10-13T18:29:59Z");
  EXPECT_EQ(r.messages[1].text, "नमस्ते दुनिया");
}

TEST(TwitterTest, OwnerFillsTheImplicitAuthor) {
  ImportOptions o;
  o.owner = "@ayesha_reports";
  auto r = ImportSample("tweets.js", Format::kAuto, o);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.messages.at(0).author, "@ayesha_reports");
  r = ImportSample("generic.jsonl", Format::kAuto, o);
  EXPECT_EQ(r.messages.at(0).author, "@one");  // only formats where the owner is implied
}

TEST(TwitterTest, TruncatedFileKeepsEarlierTweets) {
  auto r = ImportSample("broken/tweets_truncated.js");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(r.status.message(), "tweets_truncated.js:@")) << r.status.message();
  EXPECT_TRUE(Has(r.status.message(), "truncated")) << r.status.message();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.stats.messages, 1u);
}

TEST(TwitterTest, DirectMessagesAndAuthorFromUser) {
  auto r = ImportText(
      "window.YTD.direct_messages.part0 = [{\"dmConversation\":{\"conversationId\":\"1-2\",\"messages\":["
      "{\"messageCreate\":{\"senderId\":\"2\",\"text\":\"hi\",\"createdAt\":\"2021-01-01T10:00:00.000Z\"}}]}},"
      "{\"tweet\":{\"id_str\":\"9\",\"full_text\":\"x\",\"user\":{\"screen_name\":\"troll\"}}}];\n",
      "direct-messages.js", Format::kTwitter);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].author, "2");
  EXPECT_EQ(r.messages[0].thread, "1-2");
  EXPECT_EQ(r.messages[0].time, "2021-01-01T10:00:00Z");
  EXPECT_EQ(r.messages[1].author, "troll");
}

TEST(TwitterTest, RejectsWrongPrefixAndTrailingGarbage) {
  auto r = ImportText(std::string(300, 'x'), "tweets.js", Format::kTwitter);
  EXPECT_TRUE(Has(r.status.message(), "not a tweets.js")) << r.status.message();
  r = ImportText("window.YTD.tweets.part0 = [] junk", "tweets.js", Format::kTwitter);
  EXPECT_TRUE(Has(r.status.message(), "after the JSON value")) << r.status.message();
}

TEST(FacebookTest, MessagesRepairMojibake) {
  auto r = ImportSample("facebook_message_1.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 3u);
  EXPECT_EQ(r.messages[0].platform, "facebook");
  EXPECT_EQ(r.messages[0].author, "Zoë Troll");
  EXPECT_EQ(r.messages[0].text, "नमस्ते you are a disgrace");
  EXPECT_EQ(r.messages[0].time, "2021-01-01T00:00:00Z");
  EXPECT_EQ(r.messages[0].thread, "data");  // the folder holding message_1.json
  EXPECT_EQ(r.messages[1].text, "");         // a photo: kept as evidence
  EXPECT_EQ(r.messages[2].url, "https://example.com/article");
}

TEST(FacebookTest, Comments) {
  auto r = ImportSample("facebook_comments.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].text, "Café discussion was great");
  EXPECT_EQ(r.messages[0].author, "Ayesha Khan");
  EXPECT_EQ(r.messages[0].thread, "Ayesha Khan commented on Press Club's post.");
  EXPECT_EQ(r.messages[1].thread, "Ayesha Khan replied to a comment.");
}

TEST(FacebookTest, WrongEncodingNamesOffset) {
  auto r = ImportSample("broken/facebook_latin1.json");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(r.status.message(), "facebook_latin1.json:@")) << r.status.message();
  EXPECT_TRUE(Has(r.status.message(), "UTF-8")) << r.status.message();
}

TEST(FacebookTest, TruncatedMessagesKeepEarlierOnes) {
  auto r = ImportSample("broken/message_truncated.json", Format::kFacebook);
  EXPECT_FALSE(r.status.ok());
  EXPECT_TRUE(Has(r.status.message(), "message_truncated.json:@")) << r.status.message();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].author, "Zoë Troll");
}

TEST(InstagramTest, Comments) {
  auto r = ImportSample("instagram_post_comments_1.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].platform, "instagram");
  EXPECT_EQ(r.messages[0].text, "So proud 😊");
  EXPECT_EQ(r.messages[0].thread, "post by pressclub");
  EXPECT_EQ(r.messages[0].time, "2021-01-01T00:00:00Z");
}

TEST(InstagramTest, MessagesInAnInstagramFolder) {
  auto r = ImportText("{\"participants\":[{\"name\":\"a\"}],\"messages\":[{\"sender_name\":\"troll\","
                      "\"timestamp_ms\":1609459200000,\"content\":\"hey\"}]}",
                      "your_instagram_activity/messages/inbox/troll_1/message_1.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].platform, "instagram");
  EXPECT_EQ(r.messages[0].thread, "troll_1");
}

TEST(TelegramTest, ReadsResultJson) {
  auto r = ImportSample("telegram_result.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);  // the service message is not a message
  EXPECT_EQ(r.messages[0].platform, "telegram");
  EXPECT_EQ(r.messages[0].author, "Troll King");
  EXPECT_EQ(r.messages[0].text, "plain string message");
  EXPECT_EQ(r.messages[0].time, "2021-01-01T10:05:00Z");
  EXPECT_EQ(r.messages[0].thread, "Journalists Group");
  EXPECT_EQ(r.messages[1].text, "look here https://example.com");  // entity array joined
}

TEST(TelegramTest, FullExportChatsList) {
  auto r = ImportText("{\"about\":\"x\",\"chats\":{\"about\":\"y\",\"list\":[{\"name\":\"Chat A\",\"type\":"
                      "\"personal_chat\",\"messages\":[{\"id\":1,\"type\":\"message\",\"date_unixtime\":\"1609495500\","
                      "\"from\":\"A\",\"from_id\":\"user1\",\"text\":\"a\"}]},{\"name\":\"Chat B\",\"messages\":[{\"id\":2,"
                      "\"type\":\"message\",\"from\":null,\"from_id\":\"user2\",\"text\":\"b\"}]}]}}",
                      "result.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].thread, "Chat A");
  EXPECT_EQ(r.messages[1].thread, "Chat B");
  EXPECT_EQ(r.messages[1].author, "user2");
}

TEST(TelegramTest, TruncatedKeepsEarlierMessages) {
  auto r = ImportSample("broken/telegram_truncated.json", Format::kTelegram);
  EXPECT_TRUE(Has(r.status.message(), "telegram_truncated.json:@900: truncated JSON")) << r.status.message();
  EXPECT_EQ(r.messages.size(), 1u);
}

TEST(YouTubeJsonTest, ThreadsAndReplies) {
  auto r = ImportSample("youtube_comments.json");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].platform, "youtube");
  EXPECT_EQ(r.messages[0].author, "@viewer_one");
  EXPECT_EQ(r.messages[0].text, "first & best");
  EXPECT_EQ(r.messages[0].url, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxComment1");
  EXPECT_EQ(r.messages[0].thread, "dQw4w9WgXcQ");
  EXPECT_EQ(r.messages[1].text, "a reply");
}

TEST(JsonLimitsTest, DeepNestingIsAnError) {
  std::string deep = "{\"messages\":[{\"sender_name\":\"a\",\"x\":" + std::string(100, '[') + std::string(100, ']') +
                     "}]}";
  auto r = ImportText(deep, "message_1.json", Format::kFacebook);
  EXPECT_TRUE(Has(r.status.message(), "nested deeper")) << r.status.message();
}

TEST(JsonLimitsTest, HugeRecordIsAnError) {
  std::string big = "{\"messages\":[{\"sender_name\":\"a\",\"content\":\"" + std::string(kMaxRecordBytes + 10, 'a') +
                    "\"}]}";
  auto r = ImportText(big, "message_1.json", Format::kFacebook);
  EXPECT_TRUE(Has(r.status.message(), "larger than")) << r.status.message();
}

}  // namespace
}  // namespace byteback::imports
