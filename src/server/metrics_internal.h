// metrics_internal.h: the Prometheus counters of the HTTP server.
//
// Requests are counted by method, route template (never the raw path, which
// may carry tokens) and status; latency goes into one histogram per route;
// a gauge tracks requests in flight. Render() writes the Prometheus text
// exposition format (version 0.0.4).
// Thread safety: all methods may be called concurrently (one mutex; the
// critical sections are a map look-up and a few additions).
#ifndef BYTEBACK_SERVER_METRICS_INTERNAL_H_
#define BYTEBACK_SERVER_METRICS_INTERNAL_H_

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace byteback::server {

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds (+Inf added).
  static constexpr std::array<double, 11> kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  explicit Metrics(std::string version) : version_(std::move(version)) {}

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  // Counts one finished request.
  void Observe(const std::string& method, const std::string& route, int status,
               double seconds);
  // The whole exposition text.
  std::string Render() const;
  int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // non-cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  const std::string version_;
  std::atomic<int64_t> in_flight_{0};
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mu_)
  std::map<std::string, Histogram> latency_;                                // GUARDED_BY(mu_)
};

// Escapes a Prometheus label value (backslash, quote, newline).
std::string EscapeLabel(const std::string& v);

}  // namespace byteback::server

#endif  // BYTEBACK_SERVER_METRICS_INTERNAL_H_
