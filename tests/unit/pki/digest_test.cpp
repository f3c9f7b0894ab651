#include "pki/digest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/random.h"

namespace certkeep::pki {
namespace {

std::vector<std::uint8_t> Bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

// RFC 4231 §4.2, §4.3 and §4.7, checked with
// printf '%s' DATA | openssl dgst -sha256 -mac HMAC -macopt hexkey:KEY
TEST(HmacSha256, MatchesRfc4231Vectors) {
  struct Case {
    const char* name;
    std::vector<std::uint8_t> key;
    std::string data;
    std::string mac;
  };
  const Case cases[] = {
      {"ok/test-case-1", std::vector<std::uint8_t>(20, 0x0b), "Hi There",
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
      {"ok/test-case-2", Bytes("Jefe"), "what do ya want for nothing?",
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
      {"ok/test-case-6-key-longer-than-block", std::vector<std::uint8_t>(131, 0xaa),
       "Test Using Larger Than Block-Size Key - Hash Key First",
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto mac = HmacSha256(c.key, c.data);
    ASSERT_TRUE(mac) << mac.error().internal();
    EXPECT_EQ(core::Hex(*mac), c.mac);
  }
}

// An empty key is zero-padded to the block size (RFC 2104 §2), as is the key 00:
// printf '' | openssl dgst -sha256 -mac HMAC -macopt hexkey:00
TEST(HmacSha256, AcceptsAnEmptyKeyAndMessage) {
  auto mac = HmacSha256({}, "");
  ASSERT_TRUE(mac) << mac.error().internal();
  EXPECT_EQ(core::Hex(*mac), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
}

TEST(ConstantTimeEquals, ComparesLengthAndBytes) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokem"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
}

}  // namespace
}  // namespace certkeep::pki
