#include "core/date_format.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
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

std::optional<TimePoint> ParseIsoTime(std::string_view text) {
  auto number = [&text](std::size_t from, std::size_t length) {
    if (from + length > text.size()) return -1;
    int n = 0;
    for (auto c : text.substr(from, length)) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int y = number(0, 4), mo = number(5, 2), d = number(8, 2);
  int h = 0, mi = 0, s = 0, offset = 0;
  if (text.size() > 10) {
    if ((text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text.size() < 19 ||
        text[13] != ':' || text[16] != ':') {
      return std::nullopt;
    }
    h = number(11, 2), mi = number(14, 2), s = number(17, 2);
    std::size_t at = 19;
    if (at < text.size() && text[at] == '.') {
      auto digits = text.find_first_not_of("0123456789", at + 1);
      at = digits == std::string_view::npos ? text.size() : digits;
      if (at == 20) return std::nullopt;  // a dot without digits
    }
    auto zone = text.substr(at);
    bool utc = zone.empty() || zone == "Z" || zone == "z";
    if (!utc) {
      if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || zone[3] != ':') {
        return std::nullopt;
      }
      int oh = number(at + 1, 2), om = number(at + 4, 2);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return std::nullopt;
      offset = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
    }
  }
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60) {
    return std::nullopt;
  }
  std::chrono::year_month_day ymd{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd) + std::chrono::hours(h) + std::chrono::minutes(mi - offset) +
         std::chrono::seconds(s);
}

}  // namespace certkeep::core
