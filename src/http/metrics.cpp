#include "http/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <atomic>
#include <unordered_map>

namespace certkeep::http {

namespace {

const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return kBuckets;
}

std::uint64_t NextId() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1);
}

}  // namespace

Metrics::Metrics()
    : id_(NextId()),
      registry_(std::make_shared<prometheus::Registry>()),
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
  // Family::Add hashes the labels and takes the family's lock on every call. The set of
  // (route, method, status) is small and metrics live as long as the server, so each
  // thread remembers the handles it has used.
  struct Handles {
    prometheus::Counter* requests;
    prometheus::Histogram* latency;
  };
  thread_local std::unordered_map<std::string, Handles> cache;
  thread_local std::uint64_t cache_owner = 0;
  if (cache_owner != id_) {  // ids are never reused, unlike addresses
    cache.clear();
    cache_owner = id_;
  }
  std::string key = route;
  key += '\n';
  key += method;
  key += '\n';
  key += std::to_string(status);
  auto it = cache.find(key);
  if (it == cache.end()) {
    std::string r = route.empty() ? std::string("unmatched") : route;
    Handles h{
        &requests_->Add({{"route", r}, {"method", method}, {"status", std::to_string(status)}}),
        &latency_->Add({{"route", r}}, LatencyBuckets())};
    it = cache.emplace(std::move(key), h).first;
  }
  it->second.requests->Increment();
  it->second.latency->Observe(seconds);
}

void Metrics::ConnectionRejected() {
  rejected_->Increment();
}

std::string Metrics::Render() const {
  return prometheus::TextSerializer().Serialize(registry_->Collect());
}

}  // namespace certkeep::http
