#include "http/internal/access_log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace certkeep::http::internal {
namespace {

TEST(AccessLogLine, IsOneValidJsonObjectWhateverTheClientSent) {
  std::string hostile = "/a\"b\\c\n\x01\xff\xc3\x28";
  auto line = AccessLogLine({.request_id = "r1",
                             .remote = "127.0.0.1",
                             .method = "GET",
                             .path = hostile,
                             .route = "",
                             .status = 404,
                             .bytes_in = 0,
                             .bytes_out = 12,
                             .seconds = 0.0015,
                             .tls = true,
                             .user_agent = "curl/8",
                             .write_error = ""});
  EXPECT_EQ(line.find('\n'), std::string::npos);
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["type"], "access");
  EXPECT_EQ(j["status"], 404);
  EXPECT_EQ(j["tls"], true);
  EXPECT_EQ(j["user_agent"], "curl/8");
  EXPECT_FALSE(j.contains("write_error"));
  EXPECT_EQ(j["path"], "/a\"b\\c\n\x01\xef\xbf\xbd\xef\xbf\xbd(");
  EXPECT_NEAR(j["duration_ms"].get<double>(), 1.5, 0.001);
}

TEST(AppendJsonString, KeepsValidUtf8) {
  std::string out;
  AppendJsonString(out, "Université");
  EXPECT_EQ(out, "\"Université\"");
}

}  // namespace
}  // namespace certkeep::http::internal
