#include <gtest/gtest.h>

#include "service/acme_orders.h"

namespace certkeep::service {
namespace {

// RFC 9773 §4.1's example: keyIdentifier 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4
// and serial 00:87:65:43:21.
TEST(ParseCertId, ReadsTheKeyIdentifierAndTheSerialOctets) {
  auto id = ParseCertId("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
  ASSERT_TRUE(id);
  EXPECT_EQ(id->text, "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
  EXPECT_EQ(id->authority_key_id,
            std::string("\x69\x88\x5B\x6B\x87\x46\x40\x41\xE1\xB3\x7B\x84\x7B\xA0\xAE\x2C\xDE\x01"
                        "\xC8\xD4",
                        20));
  EXPECT_EQ(id->serial, std::string("\x00\x87\x65\x43\x21", 5));
}

TEST(ParseCertId, RefusesWhatIsNoCertId) {
  for (const char* text : {"", ".", "aYhba4dGQEHhs3uEe6CuLN4ByNQ", "aYhba4dGQEHhs3uEe6CuLN4ByNQ.",
                           ".AIdlQyE", "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdl QyE",
                           "aYhba4dGQEHhs3uEe6CuLN4ByNQ=.AIdlQyE", "a.b.c"}) {
    EXPECT_FALSE(ParseCertId(text)) << text;
  }
}

}  // namespace
}  // namespace certkeep::service
