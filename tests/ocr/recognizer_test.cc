// recognizer_test.cc: generated screenshots (text rendered with cairo + pango
// in Noto fonts from fonts-noto-core) read back by tesseract, and the
// recovered text flagged by the shipped Shield; limits checked before
// decoding; missing language data named with its Debian package.
#include <allheaders.h>
#include <gtest/gtest.h>

#include <thread>

#include "detect/detect.h"
#include "ocr/ocr.h"
#include "ocr/screenshot.h"

namespace byteback::ocr {
namespace {

const std::string kRoot = BB_SOURCE_DIR;

std::shared_ptr<const detect::Detector> Shipped() {
  static std::shared_ptr<const detect::Detector> d = [] {
    auto r = detect::Detector::Load(kRoot + "/data/models/shield.bbm", kRoot + "/data/lexicons");
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? *r : nullptr;
  }();
  return d;
}

bool HasCodePointIn(const std::string& s, char32_t lo, char32_t hi) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0) { cp = c & 0x07; n = 4; } else if (c >= 0xE0) { cp = c & 0x0F; n = 3; } else if (c >= 0xC0) { cp = c & 0x1F; n = 2; }
    for (size_t k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    if (cp >= lo && cp <= hi) return true;
    i += n;
  }
  return false;
}

// Hindi, Urdu and English abuse taken from data/lexicons (hi/abuse.tsv,
// hi/threats.tsv, ur/abuse.tsv, ur/threats.tsv, en/*.tsv).
const std::vector<TextLine> kAbuse = {
    {"तुम रंडी हो, जान से मार देंगे", "Noto Sans Devanagari 24"},
    {"تم گشتی ہو، گولی مار دوں گا", "Noto Naskh Arabic 24"},
    {"shut up you stupid bitch, I will kill you", "Noto Sans 22"},
};

class RecognizerTest : public ::testing::Test {
 protected:
  static std::unique_ptr<Recognizer> Make(std::vector<std::string> langs, int engines = 1) {
    Options o;
    o.languages = std::move(langs);
    o.max_engines = engines;
    auto r = Recognizer::Create(o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : nullptr;
  }
};

TEST_F(RecognizerTest, ScreenshotOfHindiUrduEnglishAbuseIsFlagged) {
  auto rec = Make({"hin", "urd", "eng"});
  ASSERT_NE(rec, nullptr);
  const std::string png = RenderScreenshot(kAbuse);
  auto r = rec->Recognize(png);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->image.mime, "image/png");
  EXPECT_EQ(r->image.width, 900u);
  EXPECT_EQ(r->sha256.size(), 64u);
  ASSERT_GE(r->lines.size(), 3u) << r->text;
  auto d = Shipped();
  ASSERT_NE(d, nullptr);
  detect::Scratch scratch(*d);
  bool hindi = false, urdu = false, english = false;
  for (const auto& line : r->lines) {
    EXPECT_GT(line.box.width, 0);
    EXPECT_GT(line.confidence, 0.f);
    const detect::Verdict v = d->Scan(line.text, scratch);
    SCOPED_TRACE(line.text);
    if (HasCodePointIn(line.text, 0x0900, 0x097F)) {
      hindi = true;
      EXPECT_TRUE(v.has(detect::Label::kAbusive));
      EXPECT_TRUE(v.has(detect::Label::kGendered));
    } else if (HasCodePointIn(line.text, 0x0600, 0x06FF)) {
      urdu = true;
      EXPECT_TRUE(v.has(detect::Label::kAbusive));
    } else if (line.text.find("kill") != std::string::npos) {
      english = true;
      EXPECT_TRUE(v.has(detect::Label::kThreat));
      EXPECT_TRUE(v.has(detect::Label::kGendered));
    }
  }
  EXPECT_TRUE(hindi && urdu && english) << r->text;
}

TEST_F(RecognizerTest, ReadsJpegAndWebpToo) {
  auto rec = Make({"eng"});
  ASSERT_NE(rec, nullptr);
  const std::string png = RenderScreenshot({{"you are a worthless slut", "Noto Sans 24"}}, 700);
  Pix* pix = pixReadMem(reinterpret_cast<const l_uint8*>(png.data()), png.size());
  ASSERT_NE(pix, nullptr);
  for (int format : {IFF_JFIF_JPEG, IFF_WEBP}) {
    l_uint8* data = nullptr;
    size_t size = 0;
    ASSERT_EQ(pixWriteMem(&data, &size, pix, format), 0);
    const std::string bytes(reinterpret_cast<char*>(data), size);
    lept_free(data);
    auto r = rec->Recognize(bytes);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_EQ(r->image.mime, format == IFF_WEBP ? "image/webp" : "image/jpeg");
    EXPECT_NE(r->text.find("slut"), std::string::npos) << r->text;
  }
  pixDestroy(&pix);
}

TEST_F(RecognizerTest, ConcurrentCallsShareThePool) {
  auto rec = Make({"eng"}, 2);
  ASSERT_NE(rec, nullptr);
  const std::string png = RenderScreenshot({{"go away you bitch", "Noto Sans 24"}}, 600);
  std::vector<std::string> texts(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < texts.size(); ++i) {
    threads.emplace_back([&, i] {
      auto r = rec->Recognize(png);
      texts[i] = r.ok() ? r->text : r.status().ToString();
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& t : texts) EXPECT_EQ(t, texts[0]);
  EXPECT_NE(texts[0].find("bitch"), std::string::npos) << texts[0];
}

TEST_F(RecognizerTest, BlankImageGivesEmptyText) {
  auto rec = Make({"eng"});
  ASSERT_NE(rec, nullptr);
  auto r = rec->Recognize(RenderScreenshot({}, 300));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->text.empty()) << r->text;
}

TEST_F(RecognizerTest, RejectsWrongTypeAndBombsBeforeDecoding) {
  auto rec = Make({"eng"});
  ASSERT_NE(rec, nullptr);
  // A PDF renamed to .png: refused from its magic bytes.
  auto pdf = rec->Recognize("%PDF-1.7\n1 0 obj\n");
  EXPECT_EQ(pdf.status().code(), StatusCode::kInvalidArgument);
  // A PNG claiming 60000x60000 pixels with no pixel data at all: if it were
  // decoded the error would be "does not decode"; it is refused on size.
  std::string bomb = RenderScreenshot({}, 50);
  bomb[16] = 0, bomb[17] = 0, bomb[18] = char(0xEA), bomb[19] = 0x60;  // width 60000
  bomb[20] = 0, bomb[21] = 0, bomb[22] = char(0xEA), bomb[23] = 0x60;  // height 60000
  auto b = rec->Recognize(bomb);
  EXPECT_EQ(b.status().code(), StatusCode::kResourceExhausted) << b.status().ToString();
  // A valid PNG whose pixel data is cut off.
  std::string cut = RenderScreenshot({{"hello", "Noto Sans 20"}}, 200);
  cut.resize(cut.size() / 2);
  auto c = rec->Recognize(cut);
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument) << c.status().ToString();
}

TEST_F(RecognizerTest, RejectsOversizedFiles) {
  Options o;
  o.max_image_bytes = 1000;
  auto rec = Recognizer::Create(o);
  ASSERT_TRUE(rec.ok());
  auto r = (*rec)->Recognize(std::string(1001, 'x'));
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("1001 bytes"), std::string::npos);
}

TEST_F(RecognizerTest, MissingLanguageNamesThePackage) {
  Options o;
  o.languages = {"eng", "xyz"};
  auto r = Recognizer::Create(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("apt-get install tesseract-ocr-xyz"), std::string::npos)
      << r.status().message();
  o.languages = {"eng"};
  o.tessdata_dir = "/nonexistent/tessdata";
  EXPECT_EQ(Recognizer::Create(o).status().code(), StatusCode::kNotFound);
  o.tessdata_dir.clear();
  o.languages = {"../../etc/passwd"};
  EXPECT_EQ(Recognizer::Create(o).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace byteback::ocr
