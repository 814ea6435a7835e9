// shield_paths.h: where the Shield's model file and lexicon folder are found.
// Order: the flag, then BYTEBACK_MODEL / BYTEBACK_LEXICONS, then ./data/...
// (running from a checkout), then the source tree the binary was built from.
#ifndef BYTEBACK_CLI_SHIELD_PATHS_H_
#define BYTEBACK_CLI_SHIELD_PATHS_H_

#include <memory>
#include <string>

#include "core/status.h"
#include "detect/detect.h"

namespace byteback::cli {

// The shipped model's file name under data/models/.
inline constexpr const char* kShippedModel = "shield.bbm";

std::string ResolveModelPath(const std::string& flag);
std::string ResolveLexiconDir(const std::string& flag);
// The complaint templates (data/complaints): BYTEBACK_COMPLAINTS, then the
// same search as the lexicons.
std::string ResolveComplaintsDir();
// Loads the detector from the resolved paths; errors name the paths tried.
Result<std::shared_ptr<const detect::Detector>> LoadShield(const std::string& model_flag,
                                                           const std::string& lexicons_flag);

}  // namespace byteback::cli

#endif  // BYTEBACK_CLI_SHIELD_PATHS_H_
