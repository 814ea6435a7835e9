// import_test_util.h: runs an importer over a sample and keeps everything it
// delivered, for the tests in tests/imports/.
#ifndef BYTEBACK_TESTS_IMPORTS_IMPORT_TEST_UTIL_H_
#define BYTEBACK_TESTS_IMPORTS_IMPORT_TEST_UTIL_H_

#include <sstream>
#include <string>
#include <vector>

#include "imports/imports.h"

namespace byteback::imports::testing {

struct Run {
  Status status;
  std::vector<Message> messages;
  ImportStats stats;
};

inline std::string Sample(const std::string& name) {
  return std::string(BB_SOURCE_DIR) + "/tests/imports/data/" + name;
}

inline Run ImportSample(const std::string& name, Format format = Format::kAuto, const ImportOptions& options = {}) {
  Run r;
  r.status = ImportFile(Sample(name), format, options,
                        [&r](Message&& m) {
                          r.messages.push_back(std::move(m));
                          return Status::Ok();
                        },
                        &r.stats);
  return r;
}

inline Run ImportText(const std::string& text, const std::string& name, Format format = Format::kAuto,
                      const ImportOptions& options = {}) {
  Run r;
  std::istringstream in(text);
  r.status = Import(in, name, format, options,
                    [&r](Message&& m) {
                      r.messages.push_back(std::move(m));
                      return Status::Ok();
                    },
                    &r.stats);
  return r;
}

// True when `s` contains `part`.
inline bool Has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace byteback::imports::testing

#endif  // BYTEBACK_TESTS_IMPORTS_IMPORT_TEST_UTIL_H_
