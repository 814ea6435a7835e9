// probe_test.cc: type sniffing from magic bytes and header dimensions read
// without decoding (decompression bombs are refused from the header alone).
#include <gtest/gtest.h>

#include <string>

#include "ocr/ocr.h"

namespace byteback::ocr {
namespace {

std::string Be32(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}
std::string Le16(uint32_t v) { return {char(v), char(v >> 8)}; }
std::string Le32(uint32_t v) { return Le16(v & 0xFFFF) + Le16(v >> 16); }

// A PNG signature and IHDR chunk only: enough for the probe, no pixels.
std::string PngHeader(uint32_t w, uint32_t h) {
  return std::string("\x89PNG\r\n\x1a\n", 8) + Be32(13) + "IHDR" + Be32(w) + Be32(h) +
         std::string("\x08\x02\x00\x00\x00", 5) + Be32(0);
}

TEST(ProbeTest, ReadsPngDimensions) {
  auto r = ProbeImage(PngHeader(640, 480));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->type, ImageType::kPng);
  EXPECT_EQ(r->mime, "image/png");
  EXPECT_EQ(r->width, 640u);
  EXPECT_EQ(r->height, 480u);
}

TEST(ProbeTest, ReadsJpegFrameHeaderAfterOtherSegments) {
  // SOI, APP0 (JFIF, 16 bytes), fill byte, SOF0 with height 300, width 200.
  std::string jpeg = std::string("\xFF\xD8", 2) + std::string("\xFF\xE0\x00\x10", 4) + "JFIF" +
                     std::string(10, '\0') + std::string("\xFF\xFF\xC0\x00\x11\x08\x01\x2C\x00\xC8", 10);
  auto r = ProbeImage(jpeg);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->mime, "image/jpeg");
  EXPECT_EQ(r->width, 200u);
  EXPECT_EQ(r->height, 300u);
}

TEST(ProbeTest, ReadsWebpLosslessAndExtendedHeaders) {
  const uint32_t bits = (100 - 1) | ((50 - 1) << 14);
  std::string vp8l = "RIFF" + Le32(0) + "WEBP" + "VP8L" + Le32(5) + "\x2F" + Le32(bits);
  auto r = ProbeImage(vp8l);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->mime, "image/webp");
  EXPECT_EQ(r->width, 100u);
  EXPECT_EQ(r->height, 50u);
  // VP8X canvas 16384x16384 = 268 Mpx: refused.
  std::string vp8x = "RIFF" + Le32(0) + "WEBP" + "VP8X" + Le32(10) + std::string(4, '\0') +
                     std::string("\xFF\x3F\x00\xFF\x3F\x00", 6);
  EXPECT_EQ(ProbeImage(vp8x).status().code(), StatusCode::kResourceExhausted);
}

TEST(ProbeTest, ReadsBmpAndTiffHeaders) {
  // BITMAPINFOHEADER with a negative (top-down) height.
  std::string bmp = "BM" + std::string(12, '\0') + Le32(40) + Le32(320) + Le32(static_cast<uint32_t>(-240));
  auto b = ProbeImage(bmp);
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  EXPECT_EQ(b->width, 320u);
  EXPECT_EQ(b->height, 240u);
  // Little-endian TIFF, IFD at 8 with ImageWidth (SHORT) and ImageLength (LONG).
  std::string tiff = std::string("II*\0", 4) + Le32(8) + Le16(2) + Le16(256) + Le16(3) + Le32(1) + Le32(77) +
                     Le16(257) + Le16(4) + Le32(1) + Le32(99) + Le32(0);
  auto t = ProbeImage(tiff);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->mime, "image/tiff");
  EXPECT_EQ(t->width, 77u);
  EXPECT_EQ(t->height, 99u);
}

TEST(ProbeTest, RejectsWhatIsNotAnImage) {
  for (const std::string& bytes : {std::string("GIF89a\x01\x00\x01\x00", 10), std::string("%PDF-1.7\n"),
                                   std::string("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
                                   std::string("PK\x03\x04", 4), std::string()}) {
    auto r = ProbeImage(bytes);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  }
  EXPECT_NE(ProbeImage("%PDF-1.7").status().message().find("not a supported image"), std::string::npos);
}

TEST(ProbeTest, TruncatedHeaderNamesTheOffset) {
  const std::string png = PngHeader(10, 10).substr(0, 18);
  auto r = ProbeImage(png);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("at byte 12"), std::string::npos) << r.status().message();
  // A JPEG whose segment length runs past the end, and one with no frame header.
  EXPECT_FALSE(ProbeImage(std::string("\xFF\xD8\xFF\xE0\x40\x00", 6)).ok());
  auto sos = ProbeImage(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6));
  EXPECT_NE(sos.status().message().find("no frame header"), std::string::npos);
  // A TIFF whose IFD offset points outside the file.
  EXPECT_FALSE(ProbeImage(std::string("MM\0*\x7F\xFF\xFF\xFF", 8)).ok());
}

TEST(ProbeTest, RefusesBombsFromTheHeader) {
  auto r = ProbeImage(PngHeader(100000, 100000));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(r.status().message().find("100000x100000"), std::string::npos);
  EXPECT_TRUE(ProbeImage(PngHeader(5000, 10000)).ok());  // exactly 50 Mpx
  EXPECT_FALSE(ProbeImage(PngHeader(5000, 10001)).ok());
  EXPECT_FALSE(ProbeImage(PngHeader(0, 10)).ok());
}

TEST(ProbeTest, ParsesLanguageListsSafely) {
  auto l = ParseLanguages("eng+hin+urd");
  ASSERT_TRUE(l.ok());
  EXPECT_EQ(*l, (std::vector<std::string>{"eng", "hin", "urd"}));
  EXPECT_FALSE(ParseLanguages("").ok());
  EXPECT_FALSE(ParseLanguages("eng++hin").ok());
  EXPECT_FALSE(ParseLanguages("../../etc/passwd").ok());
  EXPECT_FALSE(ParseLanguages("a+b+c+d+e+f+g+h+i").ok());
}

}  // namespace
}  // namespace byteback::ocr
