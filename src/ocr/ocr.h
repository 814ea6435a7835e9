// ocr.h: screenshot OCR, so that a screenshot of abuse becomes searchable,
// scorable text.
//
// Flow: ProbeImage() sniffs the real image type from its magic bytes (never
// from a file name or a claimed MIME type) and reads the width and height
// from the header alone, so a decompression bomb (a small file that claims
// 100,000 x 100,000 pixels) is refused before any pixel is decoded.
// Recognizer::Create() finds the tesseract language data once and checks that
// every requested language is installed; Recognize() probes, decodes with
// leptonica, runs tesseract (LSTM engine) and returns the text with one entry
// per line (box, confidence). The caller keeps the original bytes: nothing
// here modifies or replaces them; OcrResult::sha256 identifies them.
// See docs/REPORTS.md#ocr.
//
// Thread safety: tesseract's TessBaseAPI is not thread-safe. A Recognizer
// keeps a small pool of engines (at most Options::max_engines), each used by
// one call at a time; concurrent Recognize() calls on one Recognizer are safe
// and wait for a free engine when all are busy. ProbeImage() and
// FindTessdata() are pure functions of their inputs (and the file system).
#ifndef BYTEBACK_OCR_OCR_H_
#define BYTEBACK_OCR_OCR_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace byteback::ocr {

// Default limits (Options may lower or raise them).
inline constexpr size_t kDefaultMaxImageBytes = 32u << 20;        // 32 MiB
inline constexpr uint64_t kDefaultMaxPixels = 50'000'000;        // 50 Mpx
inline constexpr size_t kMaxLanguages = 8;  // each one costs load time and memory
// Where Debian 12 installs the language packs (tesseract-ocr-<lang>).
inline constexpr const char* kDebianTessdata = "/usr/share/tesseract-ocr/5/tessdata";

enum class ImageType { kPng, kJpeg, kWebp, kBmp, kTiff };

// What the header says, read without decoding pixels.
struct ImageInfo {
  ImageType type = ImageType::kPng;
  std::string mime;  // "image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff"
  uint32_t width = 0;
  uint32_t height = 0;
};

// Sniffs the type and reads the dimensions. InvalidArgument for an empty or
// unknown format ("not a supported image (PNG, JPEG, WebP, BMP, TIFF)"), a
// truncated or malformed header (naming the byte offset), or a zero
// dimension; ResourceExhausted when width*height exceeds `max_pixels`.
Result<ImageInfo> ProbeImage(std::string_view bytes, uint64_t max_pixels = kDefaultMaxPixels);

// The tessdata folder: `flag` when not empty, then $TESSDATA_PREFIX, then
// kDebianTessdata and the tesseract 4 location. NotFound naming the folders
// tried when none holds a *.traineddata file.
Result<std::string> FindTessdata(const std::string& flag = "");

// Splits "eng+hin+urd" into {"eng","hin","urd"}. InvalidArgument for an empty
// list, more than kMaxLanguages, or a code that is not [A-Za-z0-9_]+ (so a
// code can never name a path outside tessdata).
Result<std::vector<std::string>> ParseLanguages(std::string_view plus_separated);

struct Box {
  int x = 0, y = 0, width = 0, height = 0;  // pixels, origin top-left
};

struct OcrLine {
  std::string text;        // UTF-8, without the trailing newline
  Box box;
  float confidence = 0;    // tesseract's 0-100
};

struct OcrResult {
  std::string text;             // the whole page, lines separated by '\n'
  std::vector<OcrLine> lines;   // in reading order; empty lines dropped
  float mean_confidence = 0;    // tesseract's page mean, 0-100
  std::string sha256;           // lower-case hex of the image bytes as given
  ImageInfo image;              // type and size from the header
  std::vector<std::string> languages;  // the languages used
};

struct Options {
  // Tesseract language codes, all loaded into one engine: mixed Hindi, Urdu
  // and English screenshots need all three at once (one language at a time
  // garbles the others).
  std::vector<std::string> languages = {"eng"};
  // Empty: FindTessdata("").
  std::string tessdata_dir;
  size_t max_image_bytes = kDefaultMaxImageBytes;
  uint64_t max_pixels = kDefaultMaxPixels;
  // Engines kept for concurrent calls (each holds the language models,
  // ~30-100 MB for three languages).
  int max_engines = 2;
  // Note: Debian's libtesseract runs parts of each recognition on OpenMP
  // threads with a fixed thread count that omp_set_num_threads() cannot
  // lower; only OMP_THREAD_LIMIT=1 in the environment of the process does. On
  // a busy 2-core server that made a 12-line screenshot take 1.5-1.8 s
  // instead of 4-12 s (docs/BENCHMARKS.md#ocr-and-pdf-reports): set it there.
};

class Recognizer {
 public:
  // Resolves tessdata and checks each language file exists. NotFound naming
  // the Debian package to install ("tesseract language data 'hin' is not
  // installed in ...: apt-get install tesseract-ocr-hin"); InvalidArgument
  // for a bad language code or max_engines < 1. Engines are created lazily.
  static Result<std::unique_ptr<Recognizer>> Create(Options options);
  ~Recognizer();
  // Not copyable or movable: engines in use point back at the pool.
  Recognizer(const Recognizer&) = delete;
  Recognizer& operator=(const Recognizer&) = delete;

  // Recognises the text of one image. Errors: InvalidArgument for a type that
  // is not a supported image or a header that does not parse;
  // ResourceExhausted over max_image_bytes or max_pixels (checked before
  // decoding); InvalidArgument when the decoder rejects the pixel data;
  // Internal when tesseract fails to start or to recognise. An image without
  // text gives an OK result with empty text.
  Result<OcrResult> Recognize(std::string_view image_bytes) const;

  const Options& options() const { return options_; }

 private:
  struct Pool;
  explicit Recognizer(Options options);
  Options options_;
  std::unique_ptr<Pool> pool_;
};

// One-off convenience: Create() then Recognize() with `languages`. Loads the
// language models on every call (~0.2-1 s); long-lived callers keep a
// Recognizer instead.
Result<OcrResult> Recognize(std::string_view image_bytes, const std::vector<std::string>& languages);

}  // namespace byteback::ocr

#endif  // BYTEBACK_OCR_OCR_H_
