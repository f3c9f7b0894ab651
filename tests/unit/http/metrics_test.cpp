#include "http/metrics.h"

#include <gtest/gtest.h>

namespace certkeep::http {
namespace {

TEST(Metrics, RendersCountersAndHistogramInPrometheusText) {
  Metrics m;
  m.Observe("/healthz", "GET", 200, 0.0003);
  m.Observe("/healthz", "GET", 200, 0.002);
  m.Observe("", "GET", 404, 0.001);
  m.ConnectionRejected();
  auto text = m.Render();
  EXPECT_NE(text.find("# TYPE certkeep_http_requests_total counter"), std::string::npos);
  EXPECT_NE(
      text.find(R"(certkeep_http_requests_total{method="GET",route="/healthz",status="200"} 2)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="unmatched",status="404"} 1)"), std::string::npos) << text;
  EXPECT_NE(
      text.find(R"(certkeep_http_request_duration_seconds_bucket{route="/healthz",le="0.0005"} 1)"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("certkeep_http_connections_rejected_total 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace certkeep::http
