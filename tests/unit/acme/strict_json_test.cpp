#include "acme/strict_json.h"

#include <gtest/gtest.h>

namespace certkeep::acme {
namespace {

TEST(ParseStrictObject, ReadsAnObject) {
  auto v = ParseStrictObject(R"({"a":1,"b":[true,null,{"c":"d"}],"e":{"f":2.5}})");
  ASSERT_TRUE(v.has_value()) << v.error().detail();
  EXPECT_EQ((*v)["a"], 1);
  EXPECT_EQ((*v)["b"][2]["c"], "d");
  EXPECT_EQ((*v)["e"]["f"], 2.5);
}

TEST(ParseStrictObject, RefusesWhatTwoParsersCouldReadDifferently) {
  struct Case {
    const char* name;
    std::string text;
  };
  const Case cases[] = {
      {"fail/duplicate", R"({"a":1,"a":2})"},
      {"fail/nested-duplicate", R"({"a":{"b":1,"b":1}})"},
      {"fail/trailing-data", R"({"a":1} {"a":2})"},
      {"fail/trailing-comma", R"({"a":1,})"},
      {"fail/array", R"([1,2])"},
      {"fail/string", R"("x")"},
      {"fail/empty", ""},
      {"fail/bad-utf8", "{\"a\":\"\xff\"}"},
      {"fail/too-deep", std::string(40, '[') + std::string(40, ']')},
  };
  for (const auto& c : cases) {
    auto v = ParseStrictObject(c.text);
    ASSERT_FALSE(v.has_value()) << c.name;
    EXPECT_EQ(v.error().reason(), core::Reason::kBadJson) << c.name;
  }
  EXPECT_NE(ParseStrictObject(R"({"a":1,"a":2})").error().detail().find("duplicate member \"a\""),
            std::string::npos);
}

TEST(ParseStrictObject, AllowsTheSameNameInSiblingObjects) {
  EXPECT_TRUE(ParseStrictObject(R"({"x":{"a":1},"y":{"a":2},"z":[{"a":1},{"a":2}]})").has_value());
}

}  // namespace
}  // namespace certkeep::acme
