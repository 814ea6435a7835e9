// metrics.cc: Prometheus text exposition of the server's counters.
#include <cstdio>
#include <string>

#include "server/metrics_internal.h"

namespace byteback::server {

std::string EscapeLabel(const std::string& v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void Metrics::Observe(const std::string& method, const std::string& route,
                      int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  size_t i = 0;
  while (i < kBuckets.size() && seconds > kBuckets[i]) ++i;
  if (i < kBuckets.size()) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

namespace {

std::string FormatDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP byteback_build_info Build information.\n";
  out += "# TYPE byteback_build_info gauge\n";
  out += "byteback_build_info{version=\"" + EscapeLabel(version_) + "\"} 1\n";
  out += "# HELP byteback_http_requests_in_flight Requests being served.\n";
  out += "# TYPE byteback_http_requests_in_flight gauge\n";
  out += "byteback_http_requests_in_flight " + std::to_string(in_flight()) + "\n";
  std::lock_guard<std::mutex> lock(mu_);
  out += "# HELP byteback_http_requests_total HTTP requests by method, route template and status.\n";
  out += "# TYPE byteback_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    out += "byteback_http_requests_total{method=\"" + EscapeLabel(method) +
           "\",route=\"" + EscapeLabel(route) + "\",status=\"" +
           std::to_string(status) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP byteback_http_request_duration_seconds Request latency by route template.\n";
  out += "# TYPE byteback_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = "route=\"" + EscapeLabel(route) + "\"";
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += "byteback_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             FormatDouble(kBuckets[i]) + "\"} " + std::to_string(cumulative) + "\n";
    }
    out += "byteback_http_request_duration_seconds_bucket{" + label +
           ",le=\"+Inf\"} " + std::to_string(h.count) + "\n";
    out += "byteback_http_request_duration_seconds_sum{" + label + "} " +
           FormatDouble(h.sum) + "\n";
    out += "byteback_http_request_duration_seconds_count{" + label + "} " +
           std::to_string(h.count) + "\n";
  }
  return out;
}

}  // namespace byteback::server
