#pragma once
// Request metrics in Prometheus text format: requests by route, method and status, and
// a latency histogram by route. Routes are patterns, never raw paths, so the label set
// stays bounded whatever clients send.

#include <cstdint>
#include <memory>
#include <string>

namespace prometheus {
class Registry;
class Histogram;
template <typename T>
class Family;
class Counter;
}  // namespace prometheus

namespace certkeep::http {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  /// Counts one finished request.
  void Observe(const std::string& route, const std::string& method, int status, double seconds);
  /// Counts a connection refused because the server was at its connection limit.
  void ConnectionRejected();
  /// Everything, in the Prometheus text exposition format 0.0.4.
  [[nodiscard]] std::string Render() const;

 private:
  std::uint64_t id_;
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>* requests_;
  prometheus::Family<prometheus::Histogram>* latency_;
  prometheus::Counter* rejected_;
};

}  // namespace certkeep::http
