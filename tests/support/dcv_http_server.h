#pragma once
// tests/support/dcv_http_server.py, run for one test: the web server that the HTTP
// fetcher and the file-based DCV methods fetch from. The including target needs the
// CERTKEEP_SOURCE_DIR definition (tests/CMakeLists.txt).

#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace certkeep::testing {

/// dcv_http_server.py on 127.0.0.1, stopped when this object goes.
class DcvHttpServer {
 public:
  /// Serves the files under `root` on a port the server picks; over TLS when given a
  /// certificate and its key (PEM files).
  explicit DcvHttpServer(const std::filesystem::path& root,
                         const std::filesystem::path& tls_cert = {},
                         const std::filesystem::path& tls_key = {}) {
    std::string cmd = "echo $$; exec python3 '" CERTKEEP_SOURCE_DIR
                      "/tests/support/dcv_http_server.py' --bind 127.0.0.1 --port 0 --root '" +
                      root.string() + "'";
    if (!tls_cert.empty()) {
      cmd += " --tls-cert '" + tls_cert.string() + "' --tls-key '" + tls_key.string() + "'";
    }
    // The shell prints its pid and becomes the server, which prints its port once it
    // listens: no polling.
    pipe_ = ::popen(cmd.c_str(), "r");
    if (pipe_ != nullptr && std::fscanf(pipe_, "%d %d", &pid_, &port_) != 2) port_ = 0;
  }
  ~DcvHttpServer() {
    // SIGKILL: a test server needs no graceful stop, and pclose must never wait on it.
    if (pid_ > 0) ::kill(pid_, SIGKILL);
    if (pipe_ != nullptr) ::pclose(pipe_);
  }
  DcvHttpServer(const DcvHttpServer&) = delete;
  DcvHttpServer& operator=(const DcvHttpServer&) = delete;

  /// True once the server listens.
  [[nodiscard]] bool ok() const { return port_ > 0; }
  [[nodiscard]] int port() const { return port_; }

 private:
  FILE* pipe_ = nullptr;
  int pid_ = 0;
  int port_ = 0;
};

}  // namespace certkeep::testing
