#include "core/base64.h"

#include <gtest/gtest.h>

namespace certkeep::core {
namespace {

TEST(Base64UrlDecode, ReadsRfc4648Vectors) {
  EXPECT_EQ(Base64UrlDecode(""), "");
  EXPECT_EQ(Base64UrlDecode("Zg"), "f");
  EXPECT_EQ(Base64UrlDecode("Zm8"), "fo");
  EXPECT_EQ(Base64UrlDecode("Zm9v"), "foo");
  EXPECT_EQ(Base64UrlDecode("Zm9vYg"), "foob");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmE"), "fooba");
  EXPECT_EQ(Base64UrlDecode("Zm9vYmFy"), "foobar");
}

TEST(Base64UrlDecode, UsesTheUrlAlphabet) {
  EXPECT_EQ(Base64UrlDecode("-_8"), std::string("\xfb\xff", 2));
  EXPECT_EQ(Base64UrlDecode("+/8"), std::nullopt);
}

TEST(Base64UrlDecode, RefusesEveryOtherSpelling) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);  // padding
  EXPECT_EQ(Base64UrlDecode("Zm9 v"), std::nullopt);  // whitespace
  EXPECT_EQ(Base64UrlDecode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Z"), std::nullopt);    // a lone character
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);   // "f" with non-zero spare bits
  EXPECT_EQ(Base64UrlDecode("Zm9"), std::nullopt);  // "fo" with non-zero spare bits
}

}  // namespace
}  // namespace certkeep::core
