// status.h: the error vocabulary shared by every module.
//
// Module boundaries return Status (success or a code plus a message) or
// Result<T> (a value or a non-OK Status), in the shape of leveldb's Status and
// absl::StatusOr. Library exceptions are caught where the library is called
// and turned into a Status; none cross a module boundary.
// Thread safety: Status and Result are values; const methods are safe to call
// concurrently.
#ifndef BYTEBACK_CORE_STATUS_H_
#define BYTEBACK_CORE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace byteback {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kCorruption,
  kIOError,
  kInternal,
};

// Returns a stable lower-case name ("invalid_argument") used in JSON errors.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  // The OK status. Cheap to copy.
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid_argument: <message>", or "ok".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Result<T>: either a T or a non-OK Status. Accessing value() of an error is a
// programmer error (assert).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result built from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  Status status() const { return ok() ? Status() : std::get<Status>(v_); }
  T& value() & { assert(ok()); return std::get<T>(v_); }
  const T& value() const& { assert(ok()); return std::get<T>(v_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace byteback

#define BB_CONCAT_INNER_(a, b) a##b
#define BB_CONCAT_(a, b) BB_CONCAT_INNER_(a, b)

// Returns the Status from the enclosing function when `expr` is not OK.
#define BB_RETURN_IF_ERROR(expr)                        \
  do {                                                  \
    ::byteback::Status bb_status_ = (expr);             \
    if (!bb_status_.ok()) return bb_status_;            \
  } while (0)

// BB_ASSIGN_OR_RETURN(auto x, Foo()): declares x from a Result or returns its error.
#define BB_ASSIGN_OR_RETURN(lhs, rexpr)                                   \
  auto BB_CONCAT_(bb_result_, __LINE__) = (rexpr);                         \
  if (!BB_CONCAT_(bb_result_, __LINE__).ok())                              \
    return BB_CONCAT_(bb_result_, __LINE__).status();                      \
  lhs = std::move(BB_CONCAT_(bb_result_, __LINE__)).value()

#endif  // BYTEBACK_CORE_STATUS_H_
