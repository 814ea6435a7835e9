// whatsapp_test.cc: WhatsApp chat exports (Android/iPhone, 12/24-hour,
// day/month order, multi-line, system lines) and broken ones.
#include <gtest/gtest.h>

#include "imports/import_test_util.h"

namespace byteback::imports {
namespace {

using testing::Has;
using testing::ImportSample;
using testing::ImportText;

TEST(WhatsAppTest, Android12HourMonthFirst) {
  auto r = ImportSample("whatsapp_android_12h.txt");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 5u);  // the encryption notice is a system line
  const Message& m = r.messages[0];
  EXPECT_EQ(m.platform, "whatsapp");
  EXPECT_EQ(m.author, "Troll King");
  EXPECT_EQ(m.time, "2020-12-31T22:16:00Z");
  EXPECT_EQ(m.text, "you should shut up and go back to the kitchen");
  EXPECT_EQ(m.thread, "whatsapp_android_12h");
  EXPECT_TRUE(Has(m.source, "whatsapp_android_12h.txt:2"));
  EXPECT_EQ(r.messages[1].text, "Please stop messaging me.\nThis is my second line.");
  EXPECT_EQ(r.messages[2].text, "<Media omitted>");
  EXPECT_EQ(r.messages[3].time, "2021-01-01T09:05:00Z");
  EXPECT_EQ(r.messages[4].author, "+91 98765 43210");
  EXPECT_EQ(r.messages[4].time, "2021-01-13T12:30:00Z");
}

TEST(WhatsAppTest, IPhone24HourDayFirstWithCrlf) {
  auto r = ImportSample("whatsapp_iphone_24h.txt");
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 4u);
  EXPECT_EQ(r.messages[0].author, "Rahul");
  EXPECT_EQ(r.messages[0].time, "2020-12-31T22:16:10Z");
  EXPECT_EQ(r.messages[1].text, "Line one\nline two");
  EXPECT_EQ(r.messages[2].text, "image omitted");
  // 01/01/2021 was held back until 13/01/2021 showed the order is d/m.
  EXPECT_EQ(r.messages[2].time, "2021-01-01T09:05:00Z");
  EXPECT_EQ(r.messages[3].time, "2021-01-13T00:30:59Z");
}

TEST(WhatsAppTest, AmbiguousDatesFollowTheClockOrTheOption) {
  const std::string chat = "02/03/2021, 14:00 - A: hi\n";
  auto r = ImportText(chat, "chat.txt");
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_EQ(r.messages[0].time, "2021-03-02T14:00:00Z");  // 24-hour clock: day first
  EXPECT_TRUE(Has(r.stats.warnings.at(0), "date order"));
  ImportOptions o;
  o.date_order = DateOrder::kMonthFirst;
  r = ImportText(chat, "chat.txt", Format::kWhatsApp, o);
  EXPECT_EQ(r.messages.at(0).time, "2021-02-03T14:00:00Z");
  r = ImportText("2/3/21, 2:00 PM - A: hi\n", "chat.txt");
  EXPECT_EQ(r.messages.at(0).time, "2021-02-03T14:00:00Z");  // 12-hour clock: month first
}

TEST(WhatsAppTest, YearFirstDates) {
  auto r = ImportText("2021-01-02, 14:00 - A: hi\n", "chat.txt", Format::kWhatsApp);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.at(0).time, "2021-01-02T14:00:00Z");
  EXPECT_TRUE(r.stats.warnings.empty());
}

TEST(WhatsAppTest, NarrowSpaceBeforePmAndUtcOffset) {
  ImportOptions o;
  o.utc_offset_minutes = 330;  // India
  auto r = ImportText("12/31/23, 11:59\xE2\x80\xAFPM - A: late\n12/31/23, 12:00\xE2\x80\xAF" "AM - A: midnight\n",
                      "chat.txt", Format::kWhatsApp, o);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[0].time, "2023-12-31T18:29:00Z");
  EXPECT_EQ(r.messages[1].time, "2023-12-30T18:30:00Z");
}

TEST(WhatsAppTest, InvalidUtf8StopsAndKeepsEarlierMessages) {
  auto r = ImportSample("broken/whatsapp_latin1.txt");
  EXPECT_EQ(r.status.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(r.status.message(), "whatsapp_latin1.txt:4: invalid UTF-8")) << r.status.message();
  // The messages read before line 4 (lines 2 and 3) are delivered.
  ASSERT_EQ(r.messages.size(), 2u);
  EXPECT_EQ(r.messages[1].text, "Please stop messaging me.");
}

TEST(WhatsAppTest, Utf16IsRefusedWithAClearError) {
  for (const char* f : {"broken/whatsapp_utf16.txt", "broken/whatsapp_utf16_nobom.txt"}) {
    auto r = ImportSample(f);
    EXPECT_TRUE(Has(r.status.message(), ":@0: the file is UTF-16")) << r.status.message();
  }
}

TEST(WhatsAppTest, UnparsableLineIsSkippedWithItsPlace) {
  auto r = ImportSample("broken/whatsapp_bad_first_line.txt", Format::kWhatsApp);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  EXPECT_EQ(r.messages.size(), 5u);
  EXPECT_EQ(r.stats.skipped, 1u);
  EXPECT_TRUE(Has(r.stats.warnings.at(0), "whatsapp_bad_first_line.txt:1: not a WhatsApp message line"));
  ImportOptions strict;
  strict.strict = true;
  r = ImportSample("broken/whatsapp_bad_first_line.txt", Format::kWhatsApp, strict);
  EXPECT_TRUE(Has(r.status.message(), "whatsapp_bad_first_line.txt:1")) << r.status.message();
}

TEST(WhatsAppTest, LongMessageIsCutAndLongLineIsAnError) {
  ImportOptions o;
  o.max_message_bytes = 10;
  auto r = ImportText("1/13/21, 9:00 AM - A: " + std::string(50, 'x') + "\n", "chat.txt", Format::kWhatsApp, o);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.messages.at(0).text.size(), 10u);
  EXPECT_EQ(r.stats.truncated, 1u);
  o.max_line_bytes = 20;
  r = ImportText("1/13/21, 9:00 AM - A: " + std::string(50, 'x') + "\n", "chat.txt", Format::kWhatsApp, o);
  EXPECT_TRUE(Has(r.status.message(), "chat.txt:1: line longer than 20")) << r.status.message();
}

}  // namespace
}  // namespace byteback::imports
