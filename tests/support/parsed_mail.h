#pragma once
// A message file as Python's email package reads it (tests/support/parse_mail.py): an
// independent decoder of headers, RFC 2047 words and quoted-printable for notify/ tests.
// The test target defines CERTKEEP_SOURCE_DIR and CERTKEEP_PYTHON3 (tests/CMakeLists.txt).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "support/temp_dir.h"

namespace certkeep::testing {

/// The path of a script in tests/support/.
inline std::string SupportScript(std::string_view name) {
  return (std::filesystem::path(CERTKEEP_SOURCE_DIR) / "tests" / "support" / name).string();
}

/// parse_mail.py's JSON for `file`; {"error": output} when it could not be had.
inline nlohmann::json ParseMail(const std::filesystem::path& file) {
  std::string out;
  int rc = RunCommand(std::string(CERTKEEP_PYTHON3) + " '" + SupportScript("parse_mail.py") +
                          "' '" + file.string() + "'",
                      &out);
  auto json = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (rc != 0 || json.is_discarded()) return {{"error", out}};
  return json;
}

}  // namespace certkeep::testing
