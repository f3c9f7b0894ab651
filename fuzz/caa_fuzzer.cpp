// libFuzzer target for CAA evaluation: the tags and values of a record set are written by
// whoever runs the domain's DNS. Input: a flags byte, a tag up to the first NUL, a value.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dcv/caa.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  auto nul = input.find('\0');
  std::string tag(input.substr(0, nul));
  std::string value(nul == std::string_view::npos ? std::string_view{} : input.substr(nul + 1));
  const std::vector<certkeep::dcv::CaaRecord> records = {
      {data[0], tag, value}, {0, "issue", value}, {0, "issuewild", value}};
  const std::vector<std::string> ours = {"ca.certkeep.test"};
  (void)certkeep::dcv::EvaluateCaa(records, false, ours);
  (void)certkeep::dcv::EvaluateCaa(records, true, ours);
  return 0;
}
