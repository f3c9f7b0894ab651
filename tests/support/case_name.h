#pragma once
// Names for table tests' cases, as gtest allows them.

#include <gtest/gtest.h>

#include <cctype>
#include <string>

namespace certkeep::testing {

/// A case's `name` as gtest allows it: "fail/rsa-1024" becomes "fail_rsa_1024". Pass it
/// as INSTANTIATE_TEST_SUITE_P's last argument: CaseName<MyCase>.
template <typename Case>
std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string out = info.param.name;
  for (char& ch : out) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return out;
}

}  // namespace certkeep::testing
