// probe.cc: image type sniffing and header dimensions, without decoding.
//
// Each reader checks every offset against the buffer size before reading, so
// a truncated or hostile header gives an error naming the offset, never a read
// past the end. Formats: PNG (IHDR), JPEG (first SOFn segment), WebP (VP8,
// VP8L, VP8X), BMP (BITMAPCOREHEADER and later), TIFF (first IFD; classic
// TIFF only). See docs/REPORTS.md#ocr.
#include <cstring>
#include <string>

#include "ocr/ocr.h"

namespace byteback::ocr {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  bool Has(size_t off, size_t n) const { return off <= b_.size() && n <= b_.size() - off; }
  uint8_t U8(size_t off) const { return static_cast<uint8_t>(b_[off]); }
  uint32_t Be16(size_t o) const { return (U8(o) << 8) | U8(o + 1); }
  uint32_t Be32(size_t o) const { return (Be16(o) << 16) | Be16(o + 2); }
  uint32_t Le16(size_t o) const { return U8(o) | (U8(o + 1) << 8); }
  uint32_t Le24(size_t o) const { return Le16(o) | (U8(o + 2) << 16); }
  uint32_t Le32(size_t o) const { return Le16(o) | (Le16(o + 2) << 16); }
  bool Match(size_t off, const char* magic, size_t n) const {
    return Has(off, n) && std::memcmp(b_.data() + off, magic, n) == 0;
  }

 private:
  std::string_view b_;
};

Status Truncated(const char* format, size_t off) {
  return Status::InvalidArgument(std::string(format) + " header is truncated or malformed at byte " +
                                 std::to_string(off));
}

Status ReadPng(const Reader& r, ImageInfo* info) {
  if (!r.Has(16, 8) || !r.Match(12, "IHDR", 4)) return Truncated("PNG", 12);
  info->width = r.Be32(16);
  info->height = r.Be32(20);
  return Status::Ok();
}

// Walks the JPEG segments up to the first start-of-frame marker.
Status ReadJpeg(const Reader& r, ImageInfo* info) {
  size_t pos = 2;
  for (int segments = 0; segments < 4096; ++segments) {
    if (!r.Has(pos, 2) || r.U8(pos) != 0xFF) return Truncated("JPEG", pos);
    while (r.Has(pos + 1, 1) && r.U8(pos + 1) == 0xFF) ++pos;  // fill bytes
    if (!r.Has(pos + 1, 1)) return Truncated("JPEG", pos);
    const uint8_t marker = r.U8(pos + 1);
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {  // no length
      pos += 2;
      continue;
    }
    if (marker == 0xD9 || marker == 0xDA) return Truncated("JPEG (no frame header)", pos);
    if (!r.Has(pos + 2, 2)) return Truncated("JPEG", pos + 2);
    const uint32_t len = r.Be16(pos + 2);
    if (len < 2) return Truncated("JPEG", pos + 2);
    const bool sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (sof) {
      if (len < 7 || !r.Has(pos + 5, 4)) return Truncated("JPEG", pos + 5);
      info->height = r.Be16(pos + 5);
      info->width = r.Be16(pos + 7);
      return Status::Ok();
    }
    pos += 2 + len;
  }
  return Truncated("JPEG (too many segments)", pos);
}

Status ReadWebp(const Reader& r, ImageInfo* info) {
  if (r.Match(12, "VP8 ", 4)) {
    if (!r.Has(26, 4) || r.U8(23) != 0x9D || r.U8(24) != 0x01 || r.U8(25) != 0x2A) return Truncated("WebP VP8", 23);
    info->width = r.Le16(26) & 0x3FFF;
    info->height = r.Le16(28) & 0x3FFF;
    return Status::Ok();
  }
  if (r.Match(12, "VP8L", 4)) {
    if (!r.Has(21, 4) || r.U8(20) != 0x2F) return Truncated("WebP VP8L", 20);
    const uint32_t bits = r.Le32(21);
    info->width = (bits & 0x3FFF) + 1;
    info->height = ((bits >> 14) & 0x3FFF) + 1;
    return Status::Ok();
  }
  if (r.Match(12, "VP8X", 4)) {
    if (!r.Has(24, 6)) return Truncated("WebP VP8X", 24);
    info->width = r.Le24(24) + 1;
    info->height = r.Le24(27) + 1;
    return Status::Ok();
  }
  return Truncated("WebP (unknown chunk)", 12);
}

Status ReadBmp(const Reader& r, ImageInfo* info) {
  if (!r.Has(14, 4)) return Truncated("BMP", 14);
  const uint32_t dib = r.Le32(14);
  if (dib == 12) {
    if (!r.Has(18, 4)) return Truncated("BMP", 18);
    info->width = r.Le16(18);
    info->height = r.Le16(20);
    return Status::Ok();
  }
  if (dib < 40 || !r.Has(18, 8)) return Truncated("BMP", 14);
  const auto w = static_cast<int32_t>(r.Le32(18));
  const auto h = static_cast<int32_t>(r.Le32(22));  // negative: top-down rows
  if (w <= 0 || h == 0 || h == INT32_MIN) return Truncated("BMP", 18);
  info->width = static_cast<uint32_t>(w);
  info->height = static_cast<uint32_t>(h < 0 ? -h : h);
  return Status::Ok();
}

// Classic TIFF: the first IFD's ImageWidth (256) and ImageLength (257).
Status ReadTiff(const Reader& r, ImageInfo* info) {
  const bool le = r.U8(0) == 'I';
  auto u16 = [&](size_t o) { return le ? r.Le16(o) : r.Be16(o); };
  auto u32 = [&](size_t o) { return le ? r.Le32(o) : r.Be32(o); };
  if (!r.Has(4, 4)) return Truncated("TIFF", 4);
  const size_t ifd = u32(4);
  if (!r.Has(ifd, 2)) return Truncated("TIFF", ifd);
  const uint32_t count = u16(ifd);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t e = ifd + 2 + size_t{i} * 12;
    if (!r.Has(e, 12)) return Truncated("TIFF", e);
    const uint32_t tag = u16(e), type = u16(e + 2);
    if (tag != 256 && tag != 257) continue;
    uint32_t v;
    if (type == 3) {
      v = u16(e + 8);
    } else if (type == 4) {
      v = u32(e + 8);
    } else {
      return Truncated("TIFF (dimension type)", e + 2);
    }
    (tag == 256 ? info->width : info->height) = v;
  }
  return Status::Ok();
}

}  // namespace

Result<ImageInfo> ProbeImage(std::string_view bytes, uint64_t max_pixels) {
  const Reader r(bytes);
  ImageInfo info;
  Status s;
  if (r.Match(0, "\x89PNG\r\n\x1a\n", 8)) {
    info.type = ImageType::kPng;
    info.mime = "image/png";
    s = ReadPng(r, &info);
  } else if (r.Match(0, "\xFF\xD8\xFF", 3)) {
    info.type = ImageType::kJpeg;
    info.mime = "image/jpeg";
    s = ReadJpeg(r, &info);
  } else if (r.Match(0, "RIFF", 4) && r.Match(8, "WEBP", 4)) {
    info.type = ImageType::kWebp;
    info.mime = "image/webp";
    s = ReadWebp(r, &info);
  } else if (r.Match(0, "BM", 2)) {
    info.type = ImageType::kBmp;
    info.mime = "image/bmp";
    s = ReadBmp(r, &info);
  } else if (r.Match(0, "II*\0", 4) || r.Match(0, "MM\0*", 4)) {
    info.type = ImageType::kTiff;
    info.mime = "image/tiff";
    s = ReadTiff(r, &info);
  } else {
    return Status::InvalidArgument(
        bytes.empty() ? "empty image" : "not a supported image (PNG, JPEG, WebP, BMP, TIFF): unknown magic bytes");
  }
  BB_RETURN_IF_ERROR(s);
  if (info.width == 0 || info.height == 0) return Status::InvalidArgument(info.mime + " header gives a zero dimension");
  const uint64_t pixels = uint64_t{info.width} * info.height;
  if (pixels > max_pixels) {
    return Status::ResourceExhausted(info.mime + " of " + std::to_string(info.width) + "x" +
                                     std::to_string(info.height) + " pixels is over the limit of " +
                                     std::to_string(max_pixels) + " pixels");
  }
  return info;
}

}  // namespace byteback::ocr
