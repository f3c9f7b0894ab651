#pragma once
// tests/support/smtp_sink.py (aiosmtpd) as a child process: a real SMTP server that keeps
// every message it accepts as <n>.eml (and its envelope as <n>.json), refuses (550) or
// defers (451) chosen recipients, and can offer STARTTLS.

#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/parsed_mail.h"

namespace certkeep::testing {

class SmtpSink {
 public:
  explicit SmtpSink(std::filesystem::path dir) : dir_(std::move(dir)) {}
  ~SmtpSink() { Stop(); }
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  /// Starts the sink with `args` (e.g. {"--reject-rcpt", "nobody@"}) and waits until it
  /// has written its port. Use with ASSERT_NO_FATAL_FAILURE.
  void Start(std::vector<std::string> args = {}) {
    auto port_file = (dir_ / "port").string();
    std::vector<std::string> argv = {CERTKEEP_PYTHON3, SupportScript("smtp_sink.py"),
                                     "--port",         "0",
                                     "--port-file",    port_file,
                                     "--maildir",      maildir().string()};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> c_argv;
    for (auto& a : argv) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);
    ASSERT_EQ(posix_spawn(&pid_, c_argv[0], nullptr, nullptr, c_argv.data(), environ), 0);
    // Polling a child's start-up is the one wait here; the sink writes the file by rename.
    for (int i = 0; i < 500 && port_ == 0; ++i) {
      std::ifstream(port_file) >> port_;
      if (port_ != 0) break;
      int status = 0;
      ASSERT_EQ(waitpid(pid_, &status, WNOHANG), 0) << "smtp_sink.py exited early";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_NE(port_, 0) << "smtp_sink.py did not start";
  }

  void Stop() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      pid_ = 0;
    }
  }

  [[nodiscard]] int port() const { return port_; }
  [[nodiscard]] std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::filesystem::path maildir() const { return dir_ / "mail"; }
  /// How many messages it has accepted.
  [[nodiscard]] int Received() const {
    int n = 0;
    if (!std::filesystem::exists(maildir())) return 0;
    for (const auto& e : std::filesystem::directory_iterator(maildir())) {
      n += e.path().extension() == ".eml";
    }
    return n;
  }

 private:
  std::filesystem::path dir_;
  pid_t pid_ = 0;
  int port_ = 0;
};

}  // namespace certkeep::testing
