#include "core/date_format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <utility>

namespace certkeep::core {

namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kStyles{{
    {"ISO", "yyyy-MM-dd"},
    {"US", "MM/dd/yyyy"},
    {"EU", "dd.MM.yyyy"},
    {"UK", "dd/MM/yyyy"},
    {"JP", "yyyy/MM/dd"},
}};

bool IsPatternLetter(char c) {
  return c == 'y' || c == 'M' || c == 'd' || c == 'H' || c == 'm' || c == 's';
}

std::string Upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Digits(int value, std::size_t width) {
  auto text = std::to_string(value);
  if (text.size() < width) text.insert(0, width - text.size(), '0');
  return text;
}

}  // namespace

std::optional<std::string> DatePattern(std::string_view format) {
  auto name = Upper(format);
  bool with_time = name.ends_with("_HMS");
  auto base = with_time ? std::string_view(name).substr(0, name.size() - 4) : name;
  for (const auto& [style, pattern] : kStyles) {
    if (base == style) return std::string(pattern) + (with_time ? " HH:mm:ss" : "");
  }
  // A raw pattern: known letters, anything else that is no letter, 'quoted' text.
  bool quoted = false;
  bool has_field = false;
  for (char c : format) {
    if (c == '\'') {
      quoted = !quoted;
    } else if (!quoted && std::isalpha(static_cast<unsigned char>(c))) {
      if (!IsPatternLetter(c)) return std::nullopt;
      has_field = true;
    }
  }
  if (quoted || !has_field || format.size() > 64) return std::nullopt;
  return std::string(format);
}

std::string FormatDate(TimePoint t, std::string_view pattern) {
  std::time_t tt = ToUnixSeconds(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::string out;
  for (std::size_t i = 0; i < pattern.size();) {
    char c = pattern[i];
    if (c == '\'') {  // quoted text; '' is a quote
      auto end = pattern.find('\'', i + 1);
      if (end == i + 1) out += '\'';
      out += pattern.substr(i + 1, (end == std::string_view::npos ? pattern.size() : end) - i - 1);
      i = end == std::string_view::npos ? pattern.size() : end + 1;
      continue;
    }
    std::size_t run = 1;
    while (i + run < pattern.size() && pattern[i + run] == c) ++run;
    const int year = tm.tm_year + 1900;
    const std::pair<char, int> fields[] = {{'y', run == 2 ? year % 100 : year},
                                           {'M', tm.tm_mon + 1},
                                           {'d', tm.tm_mday},
                                           {'H', tm.tm_hour},
                                           {'m', tm.tm_min},
                                           {'s', tm.tm_sec}};
    auto field = std::find_if(std::begin(fields), std::end(fields),
                              [c](const auto& f) { return f.first == c; });
    if (field != std::end(fields)) {
      out += Digits(field->second, run);
    } else {
      out.append(run, c);
    }
    i += run;
  }
  return out;
}

}  // namespace certkeep::core
