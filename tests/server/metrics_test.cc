#include "server/metrics_internal.h"

#include <gtest/gtest.h>

namespace byteback::server {
namespace {

TEST(MetricsTest, RendersCountersHistogramAndGauge) {
  Metrics m("1.2.3");
  m.RequestStarted();
  m.Observe("GET", "/api/v1/incidents/{id}", 200, 0.003);
  m.Observe("GET", "/api/v1/incidents/{id}", 404, 0.2);
  std::string text = m.Render();
  EXPECT_NE(text.find("byteback_build_info{version=\"1.2.3\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("byteback_http_requests_in_flight 1\n"), std::string::npos);
  EXPECT_NE(text.find("byteback_http_requests_total{method=\"GET\",route=\"/api/v1/incidents/{id}\","
                      "status=\"404\"} 1\n"),
            std::string::npos);
  // Buckets are cumulative: 0.003 falls in le=0.005, 0.2 in le=0.25.
  EXPECT_NE(text.find("le=\"0.0025\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("le=\"0.005\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("le=\"0.25\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("le=\"+Inf\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("_count{route=\"/api/v1/incidents/{id}\"} 2\n"), std::string::npos);
}

TEST(MetricsTest, EscapesLabelValues) {
  EXPECT_EQ(EscapeLabel("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
}

}  // namespace
}  // namespace byteback::server
