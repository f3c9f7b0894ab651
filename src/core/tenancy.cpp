#include "core/tenancy.h"

#include <algorithm>

namespace certkeep::core {

bool IsValidCustomerUri(std::string_view uri) {
  if (uri.empty() || uri.size() > 64) return false;
  return std::all_of(uri.begin(), uri.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

bool IsPlausibleEmail(std::string_view email) {
  auto at = email.find('@');
  return at != std::string_view::npos && at != 0 && at + 1 != email.size() &&
         email.find_first_of(" \t\r\n,;") == std::string_view::npos;
}

}  // namespace certkeep::core
