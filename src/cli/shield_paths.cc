// shield_paths.cc: see shield_paths.h.
#include "cli/shield_paths.h"

#include <cstdlib>
#include <filesystem>

#ifndef BB_SOURCE_DIR
#define BB_SOURCE_DIR "."
#endif

namespace byteback::cli {
namespace {

std::string Resolve(const std::string& flag, const char* env, const std::string& rel) {
  if (!flag.empty()) return flag;
  if (const char* v = std::getenv(env); v && *v) return v;
  std::error_code ec;
  if (std::filesystem::exists(rel, ec)) return rel;
  return std::string(BB_SOURCE_DIR) + "/" + rel;
}

}  // namespace

std::string ResolveModelPath(const std::string& flag) {
  return Resolve(flag, "BYTEBACK_MODEL", std::string("data/models/") + kShippedModel);
}

std::string ResolveLexiconDir(const std::string& flag) {
  return Resolve(flag, "BYTEBACK_LEXICONS", "data/lexicons");
}

std::string ResolveComplaintsDir() {
  return Resolve("", "BYTEBACK_COMPLAINTS", "data/complaints");
}

Result<std::shared_ptr<const detect::Detector>> LoadShield(const std::string& model_flag,
                                                           const std::string& lexicons_flag) {
  return detect::Detector::Load(ResolveModelPath(model_flag), ResolveLexiconDir(lexicons_flag));
}

}  // namespace byteback::cli
