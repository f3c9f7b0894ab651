#include "core/random.h"

#include <gtest/gtest.h>

#include "support/fake_random.h"

namespace certkeep::core {
namespace {

std::vector<std::uint8_t> Bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

// RFC 4648 §10 test vectors, in the URL-safe alphabet without padding.
TEST(Base64Url, MatchesRfc4648Vectors) {
  EXPECT_EQ(Base64Url(Bytes("")), "");
  EXPECT_EQ(Base64Url(Bytes("f")), "Zg");
  EXPECT_EQ(Base64Url(Bytes("fo")), "Zm8");
  EXPECT_EQ(Base64Url(Bytes("foo")), "Zm9v");
  EXPECT_EQ(Base64Url(Bytes("foob")), "Zm9vYg");
  EXPECT_EQ(Base64Url(Bytes("fooba")), "Zm9vYmE");
  EXPECT_EQ(Base64Url(Bytes("foobar")), "Zm9vYmFy");
}

TEST(Base64Url, UsesTheUrlSafeAlphabet) {
  EXPECT_EQ(Base64Url({0xfb, 0xff, 0xbf}), "-_-_");
}

TEST(Hex, IsLowerCase) {
  EXPECT_EQ(Hex({0x00, 0xab, 0x10, 0xff}), "00ab10ff");
}

TEST(RandomToken, EncodesTheRequestedBytes) {
  testing::CountingRandom random;
  EXPECT_EQ(RandomToken(random, 3), "AAEC");
  EXPECT_EQ(RandomToken(random, 32).size(), 43u);
}

}  // namespace
}  // namespace certkeep::core
