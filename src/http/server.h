#pragma once
// The HTTP server: Boost.Beast on C++20 coroutines, TLS 1.2+ and an optional plain
// listener, limits on everything a client controls, graceful shutdown. Beast lives
// only in server.cpp; this header keeps it out of every other translation unit.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace spdlog {
class logger;
}

namespace certkeep::http {

/// Everything the server needs to know; built from the [http] config section.
struct ServerOptions {
  std::string tls_listen;    ///< "host:port" (port 0 = any free port); empty = none
  std::string plain_listen;  ///< "host:port" for plain HTTP (CRL/OCSP); empty = none
  std::string tls_chain_file;
  std::string tls_key_file;
  /// CA certificates (PEM) a client certificate may chain to. When set, the server asks
  /// for a client certificate (never requires one) and refuses the handshake if one that
  /// does not verify is sent; empty = no client certificates.
  std::string client_ca_file;
  int threads = 0;  ///< I/O threads, each with its own connections; 0 = two per core
                    ///< (certkeep serve sets it by its store, cli::HttpThreads)
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;
  std::chrono::milliseconds request_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds shutdown_grace{10'000};
  int max_connections = 1024;
  bool handle_signals = true;  ///< SIGINT/SIGTERM start a graceful stop
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics,
         std::shared_ptr<spdlog::logger> log, std::shared_ptr<spdlog::logger> access_log);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Loads the TLS context and binds every listener. Ports are known afterwards.
  [[nodiscard]] core::Result<void> Start();
  /// The base URLs actually listened on, e.g. "https://127.0.0.1:8443".
  [[nodiscard]] std::vector<std::string> urls() const;
  /// Serves until stopped; returns when every connection has finished (or the grace
  /// period ran out).
  void Run();
  /// Starts a graceful stop from any thread: listeners close, idle connections close,
  /// requests in flight complete with "Connection: close".
  void Stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace certkeep::http
