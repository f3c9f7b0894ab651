#include "auth/internal/common_passwords.h"

#include <algorithm>
#include <array>

namespace certkeep::auth::internal {
namespace {

// The most common passwords of breach corpora that meet the length rule: keyboard walks,
// number runs and the words people pad to 12 characters ("password1234", "iloveyou123!").
// Keep it lower-case, sorted (byte order) and unique: the unit test checks all three.
constexpr std::array<std::string_view, 240> kCommonPasswords = {
    "!qaz@wsx#edc",       "112233445566",     "121212121212",        "123123123123",
    "123412341234",       "123456654321",     "123456789012",        "1234567890123",
    "12345678901234",     "123456789123",     "123456abcdef",        "123456qwerty",
    "1234abcd1234",       "1234qwerasdf",     "1234qwerasdfzxcv",    "123654789123",
    "123qweasdzxc",       "147258369123",     "159753159753",        "1q2w3e4r5t6y",
    "1q2w3e4r5t6y7u",     "1q2w3e4r5t6y7u8i", "1qaz2wsx3edc",        "1qaz2wsx3edc4rfv",
    "1qazxsw23edc",       "abc123456789",     "abc123abc123",        "abcabcabcabc",
    "abcd12345678",       "abcdefg12345",     "abcdefghijkl",        "abcdefghijklmnop",
    "access123456",       "admin1234567",     "admin123456789",      "admin@123456",
    "adminadmin123",      "administrator",    "administrator1",      "administrator123",
    "arsenal1234!",       "arsenal12345",     "arsenal123456",       "asdf1234asdf",
    "asdfasdfasdf",       "asdfghjkl123",     "asdfghjkl1234",       "ashley123456",
    "autumn2024!!",       "baseball123!",     "baseball1234",        "baseball1234!",
    "baseball12345",      "baseball123456",   "baseball2024",        "basketball12",
    "basketball123",      "batman123456",     "buster123456",        "changeme123!",
    "changeme1234",       "changemenow!",     "charlie1234!",        "charlie12345",
    "charlie123456",      "chelsea1234!",     "chelsea12345",        "chelsea123456",
    "computer123!",       "computer1234",     "computer1234!",       "computer12345",
    "computer123456",     "computer2024",     "cookie123456",        "correcthorsebatterystaple",
    "daniel123456",       "december2023",     "dragon123456",        "football123!",
    "football1234",       "football1234!",    "football12345",       "football123456",
    "football2024",       "freedom1234!",     "freedom12345",        "freedom123456",
    "ginger123456",       "google123456",     "harley123456",        "hockey123456",
    "hunter123456",       "iloveyou123!",     "iloveyou1234",        "iloveyou1234!",
    "iloveyou12345",      "iloveyou123456",   "iloveyou2020",        "iloveyou2024",
    "iloveyoubaby",       "iloveyouforever",  "internet1234",        "january2024!",
    "jennifer123!",       "jennifer1234",     "jennifer1234!",       "jennifer12345",
    "jennifer123456",     "jennifer2024",     "jessica1234!",        "jessica12345",
    "jessica123456",      "jordan123456",     "killer123456",        "letmein1234!",
    "letmein12345",       "letmein123456",    "letmeinletmein",      "liverpool123!",
    "liverpool1234",      "liverpool1234!",   "liverpool12345",      "liverpool123456",
    "liverpool2024",      "maggie123456",     "master123456",        "masterpassword",
    "matrix123456",       "michael1234!",     "michael12345",        "michael123456",
    "monkey123456",       "mustang1234!",     "mustang12345",        "mustang123456",
    "mypassword123",      "mypassword1234",   "newpassword123",      "p@ssw0rd123!",
    "p@ssw0rd1234",       "p@ssword1234",     "passw0rd123!",        "passw0rd1234",
    "password1!password", "password123!",     "password1234",        "password1234!",
    "password12345",      "password123456",   "password2020",        "password2021",
    "password2022",       "password2023",     "password2024",        "password2025",
    "password@123",       "passwordpassword", "pepper123456",        "pokemon1234!",
    "pokemon12345",       "pokemon123456",    "princess123!",        "princess1234",
    "princess1234!",      "princess12345",    "princess123456",      "princess2024",
    "q1w2e3r4t5y6",       "qazwsxedc123",     "qazwsxedcrfv",        "qweasdzxc123",
    "qwer1234qwer",       "qwerty123456",     "qwerty1234567",       "qwerty123456789",
    "qwertyqwerty",       "qwertyuiop12",     "qwertyuiop123",       "qwertyuiop1234",
    "qwertyuiopasdf",     "qwertyuiopasdfgh", "qwertyuiopasdfghjkl", "qwertyuiopasdfghjklzxcvbnm",
    "ranger123456",       "samsung1234!",     "samsung12345",        "samsung123456",
    "secret123456",       "secretpassword",   "shadow123456",        "soccer123456",
    "spring2024!!",       "starwars123!",     "starwars1234",        "starwars1234!",
    "starwars12345",      "starwars123456",   "starwars2024",        "summer123456",
    "summer2023!!",       "summer2024!!",     "sunshine123!",        "sunshine1234",
    "sunshine1234!",      "sunshine12345",    "sunshine123456",      "sunshine2024",
    "superman123!",       "superman1234",     "superman1234!",       "superman12345",
    "superman123456",     "superman2024",     "supersecret123",      "thisisapassword",
    "thisismypassword",   "thomas123456",     "trustno1123!",        "trustno11234",
    "trustno11234!",      "trustno112345",    "trustno1123456",      "trustno12024",
    "trustno1trustno1",   "welcome1234!",     "welcome12345",        "welcome123456",
    "welcome2024!",       "whatever123!",     "whatever1234",        "whatever1234!",
    "whatever12345",      "whatever123456",   "whatever2024",        "winter2024!!",
    "zaq12wsxcde3",       "zaq1zaq1zaq1",     "zxcvbnm12345",        "zxcvbnm123456",
};

}  // namespace

std::span<const std::string_view> CommonPasswords() {
  return kCommonPasswords;
}

bool IsCommonPassword(std::string_view lowercase) {
  return std::binary_search(kCommonPasswords.begin(), kCommonPasswords.end(), lowercase);
}

}  // namespace certkeep::auth::internal
