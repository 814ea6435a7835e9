// recognizer.cc: tessdata discovery, the engine pool and one recognition.
//
// An engine is a tesseract::TessBaseAPI initialised with all the requested
// languages (LSTM only). Engines are created on demand up to
// Options::max_engines and returned to the pool after each call, so the
// language models (the slow part, ~0.2-1 s) load once per engine, not per
// image. Pixels go through leptonica: decode, flatten alpha onto white, 8-bit
// grey. (Scaling small screenshots up 2x was tried: it lost a whole Urdu line
// of a Hindi/Urdu/English screenshot, so images go in at their own size.)
#include <allheaders.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "crypto/crypto.h"
#include "ocr/ocr.h"

namespace byteback::ocr {

namespace {

namespace fs = std::filesystem;

bool HasTraineddata(const std::string& dir) {
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) return false;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".traineddata") return true;
  }
  return false;
}

struct PixDeleter {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// Decodes `bytes` to an 8-bit grey image tesseract reads well.
Result<PixPtr> Decode(std::string_view bytes, const ImageInfo& info) {
  PixPtr pix(pixReadMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size()));
  if (!pix) return Status::InvalidArgument(info.mime + " pixel data does not decode");
  if (pixGetWidth(pix.get()) != static_cast<l_int32>(info.width) ||
      pixGetHeight(pix.get()) != static_cast<l_int32>(info.height)) {
    return Status::InvalidArgument(info.mime + " decoded size differs from its header");
  }
  if (pixGetSpp(pix.get()) == 4) pix.reset(pixAlphaBlendUniform(pix.get(), 0xffffff00));
  if (pix) pix.reset(pixConvertTo8(pix.get(), 0));
  if (!pix) return Status::Internal("image conversion failed");
  return pix;
}

// Drops the LRM/RLM marks (U+200E, U+200F) tesseract puts around runs of the
// other direction, and trailing newlines and spaces.
std::string CleanLine(const char* s) {
  std::string out;
  for (std::string_view in = s ? s : ""; !in.empty();) {
    if (in.starts_with("\xE2\x80\x8E") || in.starts_with("\xE2\x80\x8F")) {
      in.remove_prefix(3);
      continue;
    }
    out.push_back(in.front());
    in.remove_prefix(1);
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ' || out.back() == '\r')) out.pop_back();
  return out;
}

}  // namespace

Result<std::string> FindTessdata(const std::string& flag) {
  std::vector<std::string> tried;
  if (!flag.empty()) {
    if (HasTraineddata(flag)) return flag;
    return Status::NotFound("no *.traineddata in tessdata folder '" + flag + "'");
  }
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env && *env) tried.push_back(env);
  tried.push_back(kDebianTessdata);
  tried.push_back("/usr/share/tesseract-ocr/4.00/tessdata");
  for (const auto& d : tried) {
    if (HasTraineddata(d)) return d;
  }
  std::string msg = "tesseract language data not found (tried";
  for (const auto& d : tried) msg += " " + d;
  return Status::NotFound(msg + "): apt-get install tesseract-ocr-eng");
}

Result<std::vector<std::string>> ParseLanguages(std::string_view s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find('+', start);
    if (end == std::string_view::npos) end = s.size();
    std::string code(s.substr(start, end - start));
    if (code.empty()) return Status::InvalidArgument("empty language code in '" + std::string(s) + "'");
    for (char c : code) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
      if (!ok) return Status::InvalidArgument("bad language code '" + code + "' (letters, digits, '_')");
    }
    out.push_back(std::move(code));
    start = end + 1;
  }
  if (out.size() > kMaxLanguages) {
    return Status::InvalidArgument("at most " + std::to_string(kMaxLanguages) + " languages");
  }
  return out;
}

struct Recognizer::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<tesseract::TessBaseAPI>> idle;  // guarded by mu
  int created = 0;                                            // guarded by mu
};

Recognizer::Recognizer(Options options) : options_(std::move(options)), pool_(std::make_unique<Pool>()) {}
Recognizer::~Recognizer() = default;

Result<std::unique_ptr<Recognizer>> Recognizer::Create(Options options) {
  if (options.max_engines < 1) return Status::InvalidArgument("max_engines must be at least 1");
  if (options.languages.empty()) return Status::InvalidArgument("no OCR language given");
  std::string joined;
  for (const auto& l : options.languages) joined += (joined.empty() ? "" : "+") + l;
  BB_ASSIGN_OR_RETURN(options.languages, ParseLanguages(joined));
  BB_ASSIGN_OR_RETURN(options.tessdata_dir, FindTessdata(options.tessdata_dir));
  for (const auto& l : options.languages) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(options.tessdata_dir) / (l + ".traineddata"), ec)) {
      return Status::NotFound("tesseract language data '" + l + "' is not installed in " + options.tessdata_dir +
                              ": apt-get install tesseract-ocr-" + l);
    }
  }
  // Leptonica reports decoder errors on stderr; we report them as Status.
  static std::once_flag quiet;
  std::call_once(quiet, [] { setMsgSeverity(L_SEVERITY_NONE); });
  return std::unique_ptr<Recognizer>(new Recognizer(std::move(options)));
}

Result<OcrResult> Recognizer::Recognize(std::string_view bytes) const {
  if (bytes.size() > options_.max_image_bytes) {
    return Status::ResourceExhausted("image of " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                                     std::to_string(options_.max_image_bytes) + " bytes");
  }
  OcrResult result;
  BB_ASSIGN_OR_RETURN(result.image, ProbeImage(bytes, options_.max_pixels));
  BB_ASSIGN_OR_RETURN(PixPtr pix, Decode(bytes, result.image));
  result.sha256 = crypto::Sha256Hex(bytes);
  result.languages = options_.languages;

  // Borrow an engine (or the right to create one).
  std::unique_ptr<tesseract::TessBaseAPI> api;
  {
    std::unique_lock lock(pool_->mu);
    pool_->cv.wait(lock, [&] { return !pool_->idle.empty() || pool_->created < options_.max_engines; });
    if (!pool_->idle.empty()) {
      api = std::move(pool_->idle.back());
      pool_->idle.pop_back();
    } else {
      ++pool_->created;
    }
  }
  if (!api) {
    std::string langs;
    for (const auto& l : options_.languages) langs += (langs.empty() ? "" : "+") + l;
    api = std::make_unique<tesseract::TessBaseAPI>();
    if (api->Init(options_.tessdata_dir.c_str(), langs.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
      std::lock_guard lock(pool_->mu);
      --pool_->created;
      pool_->cv.notify_one();
      return Status::Internal("tesseract could not load '" + langs + "' from " + options_.tessdata_dir);
    }
    api->SetVariable("debug_file", "/dev/null");  // "Estimating resolution ..." chatter
  }
  api->SetPageSegMode(tesseract::PSM_AUTO);
  api->SetImage(pix.get());
  api->SetSourceResolution(96);  // screenshots; tesseract otherwise guesses and warns
  Status status;
  if (api->Recognize(nullptr) != 0) {
    status = Status::Internal("tesseract recognition failed");
  } else {
    std::unique_ptr<tesseract::ResultIterator> it(api->GetIterator());
    if (it && !it->Empty(tesseract::RIL_TEXTLINE)) {
      do {
        std::unique_ptr<char[]> t(it->GetUTF8Text(tesseract::RIL_TEXTLINE));
        OcrLine line;
        line.text = CleanLine(t.get());
        if (line.text.empty()) continue;
        int x1 = 0, y1 = 0, x2 = 0, y2 = 0;
        it->BoundingBox(tesseract::RIL_TEXTLINE, &x1, &y1, &x2, &y2);
        line.box = {x1, y1, x2 - x1, y2 - y1};
        line.confidence = it->Confidence(tesseract::RIL_TEXTLINE);
        if (!result.text.empty()) result.text += '\n';
        result.text += line.text;
        result.lines.push_back(std::move(line));
      } while (it->Next(tesseract::RIL_TEXTLINE));
    }
    result.mean_confidence = static_cast<float>(api->MeanTextConf());
  }
  api->Clear();
  {
    std::lock_guard lock(pool_->mu);
    pool_->idle.push_back(std::move(api));
  }
  pool_->cv.notify_one();
  if (!status.ok()) return status;
  return result;
}

Result<OcrResult> Recognize(std::string_view image_bytes, const std::vector<std::string>& languages) {
  Options options;
  options.languages = languages;
  options.max_engines = 1;
  BB_ASSIGN_OR_RETURN(auto recognizer, Recognizer::Create(std::move(options)));
  return recognizer->Recognize(image_bytes);
}

}  // namespace byteback::ocr
