#include "cli/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

namespace certkeep::cli {

namespace {

// %j: the message as a JSON string literal, so any text logs as valid JSON.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    std::string text(msg.payload.data(), msg.payload.size());
    auto quoted =
        nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(quoted.data(), quoted.data() + quoted.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<JsonMessageFlag>();
  }
};

// Standard output without spdlog's fflush after every line: under load the access log
// would otherwise cost one write(2) per request inside a lock every request thread
// contends for. stdio buffers; the loggers flush every second and at exit, and the
// application log flushes each line (it is rare and is what an operator waits for).
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

}  // namespace

Loggers MakeLoggers(const std::string& level) {
  // Two sinks, since a formatter belongs to a sink; each line is one fwrite, which
  // stdio makes atomic, so lines of the two loggers never interleave.
  auto log = std::make_shared<spdlog::logger>("certkeep", std::make_shared<BufferedStdoutSink>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<JsonMessageFlag>('j').set_pattern(
      R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","msg":%j})");
  log->set_formatter(std::move(formatter));
  log->set_level(spdlog::level::from_str(level));
  log->flush_on(spdlog::level::trace);

  auto access = std::make_shared<spdlog::logger>("access", std::make_shared<BufferedStdoutSink>());
  access->set_pattern("%v");
  access->set_level(spdlog::level::info);
  access->flush_on(spdlog::level::warn);
  spdlog::drop("certkeep");
  spdlog::drop("access");
  spdlog::register_logger(log);
  spdlog::register_logger(access);
  spdlog::flush_every(std::chrono::seconds(1));
  return {log, access};
}

}  // namespace certkeep::cli
