// email_test.cc: mbox and .eml: headers, encoded-words, quoted-printable,
// base64, charsets, multipart, and broken messages.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;
using testing::ImportSample;
using testing::ImportText;

TEST(MboxTest, ReadsMessages) {
  auto r = ImportSample("inbox.mbox");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  const Message& m = r.messages[0];
  EXPECT_EQ(m.platform, "email");
  EXPECT_EQ(m.author, "troll@example.net");
  EXPECT_EQ(m.time, "2021-01-01T10:00:00Z");
  EXPECT_EQ(m.thread, "Café meeting");                                    // ISO-8859-1 Q-word, "Re:" dropped
  EXPECT_EQ(m.text, "Café is closed. This line is soft broken.\nFrom the desk.");  // QP + mboxrd
  EXPECT_EQ(m.url, "mid:msg1@example.net");
  EXPECT_TRUE(Has(m.source, "inbox.mbox:1"));
  EXPECT_EQ(r.messages[1].text, "Thank you for your work ✅");  // text/plain preferred, base64
  EXPECT_TRUE(Has(r.messages[1].source, "inbox.mbox:16"));
}

TEST(MboxTest, TruncatedLastMessage) {
  auto r = ImportSample("broken/truncated.mbox");
  EXPECT_TRUE(Has(r.status.message(), "truncated.mbox:35: truncated email")) << r.status.message();
  EXPECT_EQ(r.messages.size(), 2u);
}

TEST(MboxTest, NotAnMbox) {
  auto r = ImportText("hello\nFrom x\n", "a.mbox");
  EXPECT_TRUE(Has(r.status.message(), "a.mbox:1: not an mbox")) << r.status.message();
}

TEST(EmlTest, NestedMultipartWindows1252) {
  auto r = ImportSample("threat.eml");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].author, "anon@example.net");
  EXPECT_EQ(r.messages[0].text, "We know where you live “journalist”.");
  EXPECT_EQ(r.messages[0].time, "2021-01-04T13:00:00Z");
  EXPECT_EQ(r.messages[0].thread, "you");
}

TEST(EmlTest, HtmlOnlyAndEncodedFrom) {
  auto r = ImportText(
      "From: =?utf-8?q?Zo=C3=AB?= <z@example.com>\nSubject: =?utf-8?B?4KSo4KSu4KS44KWN4KSk4KWH?=\n"
      "Content-Type: text/html; charset=utf-8\n\n<p>a &amp; b</p>\n",
      "x.eml");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.at(0).text, "a & b");
  EXPECT_EQ(r.messages.at(0).thread, "नमस्ते");
}

TEST(EmlTest, BadHeaderNamesTheFile) {
  auto r = ImportSample("broken/not_email.eml", Format::kEml);
  EXPECT_TRUE(Has(r.status.message(), "not_email.eml:1: header line without a name")) << r.status.message();
  EXPECT_TRUE(r.messages.empty());
}

}  // namespace
}  // namespace byteback::imports
