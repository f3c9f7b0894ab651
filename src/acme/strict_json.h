#pragma once
// ACME's JSON is read strictly (RFC 8555 §6.2 leaves no room for "liberal" here: a
// signature covers exact bytes, and two parsers that disagree about a duplicated member
// are an attack). One top-level object, UTF-8, no duplicate member names (RFC 7493 §2.3),
// nothing after it.

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/result.h"

namespace certkeep::acme {

/// Parses `text` as one JSON object under those rules; kMalformed with the reason otherwise.
[[nodiscard]] core::Result<nlohmann::json> ParseStrictObject(std::string_view text);

}  // namespace certkeep::acme
