// report_internal.h: shared inside src/report only.
#ifndef BYTEBACK_REPORT_REPORT_INTERNAL_H_
#define BYTEBACK_REPORT_REPORT_INTERNAL_H_

#include <string>

#include "report/report.h"

namespace byteback::report::internal {

// Checks limits, UTF-8 and the per-day dates of `in`; errors name the field
// ("messages[3].text").
Status Validate(const ReportInput& in);

// The case-study copy of `in` (see ReportInput::redact); `in` itself when
// redact is false.
ReportInput Redacted(const ReportInput& in);

// Day number (days since 1970-01-01) of "YYYY-MM-DD", or false.
bool ParseDay(const std::string& s, long* day);
// "YYYY-MM-DD" of a day number.
std::string FormatDay(long day);

}  // namespace byteback::report::internal

#endif  // BYTEBACK_REPORT_REPORT_INTERNAL_H_
