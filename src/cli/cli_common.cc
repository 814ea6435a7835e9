// cli_common.cc: exit codes and failure reporting shared by the sub-commands.
#include <cstdio>

#include "cli/commands.h"

#ifndef BB_VERSION
#define BB_VERSION "0.0.0"
#endif

namespace byteback::cli {

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kOk: return 0;
    case StatusCode::kInvalidArgument: return 2;
    case StatusCode::kNotFound: return 3;
    case StatusCode::kFailedPrecondition: return 4;
    case StatusCode::kIOError: return 5;
    default: return 1;
  }
}

void Fail(const Status& s) {
  std::fprintf(stderr, "byteback: %s\n", s.message().empty() ? s.ToString().c_str() : s.message().c_str());
  throw CLI::RuntimeError(ExitCodeFor(s));
}

std::string VersionString() { return std::string("byteback ") + BB_VERSION; }

}  // namespace byteback::cli
