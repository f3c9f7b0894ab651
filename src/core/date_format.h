#pragma once
// SCM's `dateFormat` (scm-api.md §1.6): a named style (ISO, US, EU, UK, JP, each also with
// _HMS for the time of day) or a raw pattern in the letters of Java's SimpleDateFormat,
// which dates in REST answers are written in. Times are UTC.

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace certkeep::core {

/// The pattern `format` names ("ISO" → "yyyy-MM-dd", in any case), or `format` itself when
/// it is a pattern of y, M, d, H, m and s with other characters between (letters only
/// inside single quotes); nothing when it is neither.
[[nodiscard]] std::optional<std::string> DatePattern(std::string_view format);

/// `t` written in `pattern` (as DatePattern returns it): yyyy the year, yy its last two
/// digits, MM/dd/HH/mm/ss two digits, M/d/H/m/s as few as needed, 'quoted' text as is.
[[nodiscard]] std::string FormatDate(TimePoint t, std::string_view pattern);

/// An ISO date (yyyy-MM-dd, its midnight) or an RFC 3339 time (yyyy-MM-ddTHH:mm:ss, then
/// optional fractional seconds, and Z or an offset; none is UTC). Digits only, each field
/// in its range, nothing after; nothing when the text is not exactly that.
[[nodiscard]] std::optional<TimePoint> ParseIsoTime(std::string_view text);

}  // namespace certkeep::core
