#include "http/static_site.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace certkeep::http {
namespace {

std::string HeaderOf(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("certkeep-site-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root_ / "assets");
    Write("index.html", "<!doctype html><div id=root></div>");
    Write("assets/index-4f2a.js", "console.log(1)");
    Write("assets/index-9c1b.css", "body{}");
    Write("favicon.svg", "<svg/>");
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  void Write(const std::string& name, const std::string& body) {
    std::ofstream(root_ / name, std::ios::binary) << body;
  }
  Response Get(const StaticSite& site, std::string path, std::string if_none_match = "") {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    if (!if_none_match.empty()) r.headers.emplace_back("if-none-match", if_none_match);
    auto response = site.Serve(r);
    if (!response) return Response::Text(404, response.error().detail());
    return *response;
  }
  std::filesystem::path root_;
};

TEST_F(StaticSiteTest, HashedAssetsAreCachedForGoodAndIndexIsRevalidated) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site) << site.error().detail();
  EXPECT_EQ(site->size(), 4U);
  auto js = Get(*site, "/assets/index-4f2a.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(HeaderOf(js, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(js, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(Get(*site, "/assets/index-9c1b.css"), "Content-Type"),
            "text/css; charset=utf-8");
  auto index = Get(*site, "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(HeaderOf(index, "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(index, "Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(HeaderOf(index, "Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(HeaderOf(Get(*site, "/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticSiteTest, ClientRoutesGetIndexButMissingFilesAre404) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site);
  auto route = Get(*site, "/certificates/ssl/42");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, "<!doctype html><div id=root></div>");
  EXPECT_EQ(Get(*site, "/assets/index-0000.js").status, 404);
  EXPECT_EQ(Get(*site, "/assets/later").status, 404);
  EXPECT_EQ(Get(*site, "/robots.txt").status, 404);
}

TEST_F(StaticSiteTest, PathsCannotLeaveTheSite) {
  std::ofstream(root_.parent_path() / "certkeep-secret.txt") << "secret";
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site);
  EXPECT_EQ(Get(*site, "/../certkeep-secret.txt").status, 404);
  EXPECT_EQ(Get(*site, "/assets/../../certkeep-secret.txt").status, 404);
  // Without an extension it is a client route: index.html, never the file.
  EXPECT_EQ(Get(*site, "/../etc/passwd").body, "<!doctype html><div id=root></div>");
  std::filesystem::remove(root_.parent_path() / "certkeep-secret.txt");
}

TEST_F(StaticSiteTest, IfNoneMatchGets304WithTheSameTag) {
  auto site = StaticSite::Load(root_);
  ASSERT_TRUE(site);
  auto first = Get(*site, "/assets/index-4f2a.js");
  auto tag = HeaderOf(first, "ETag");
  ASSERT_EQ(tag.size(), 34U);  // 128 bits in hex, quoted
  auto again = Get(*site, "/assets/index-4f2a.js", "\"other\", W/" + tag);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(HeaderOf(again, "ETag"), tag);
  EXPECT_EQ(Get(*site, "/assets/index-4f2a.js", "\"other\"").status, 200);
  EXPECT_NE(HeaderOf(Get(*site, "/"), "ETag"), tag);
}

TEST_F(StaticSiteTest, ARootWithoutIndexIsRefused) {
  std::filesystem::remove(root_ / "index.html");
  auto site = StaticSite::Load(root_);
  ASSERT_FALSE(site);
  EXPECT_NE(site.error().detail().find("index.html"), std::string::npos);
}

}  // namespace
}  // namespace certkeep::http
