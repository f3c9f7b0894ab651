#include "http/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace certkeep::http {

namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

}  // namespace

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(&prometheus::BuildCounter()
                     .Name("certkeep_http_requests_total")
                     .Help("HTTP requests by route pattern, method and status")
                     .Register(*registry_)),
      latency_(&prometheus::BuildHistogram()
                    .Name("certkeep_http_request_duration_seconds")
                    .Help("Time from a complete request to its response, by route")
                    .Register(*registry_)),
      rejected_(&prometheus::BuildCounter()
                     .Name("certkeep_http_connections_rejected_total")
                     .Help("Connections closed at once because of the connection limit")
                     .Register(*registry_)
                     .Add({})) {}

Metrics::~Metrics() = default;

void Metrics::Observe(const std::string& route, const std::string& method, int status,
                      double seconds) {
  const std::string& r = route.empty() ? std::string("unmatched") : route;
  requests_->Add({{"route", r}, {"method", method}, {"status", std::to_string(status)}})
      .Increment();
  latency_->Add({{"route", r}}, LatencyBuckets()).Observe(seconds);
}

void Metrics::ConnectionRejected() { rejected_->Increment(); }

std::string Metrics::Render() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace certkeep::http
