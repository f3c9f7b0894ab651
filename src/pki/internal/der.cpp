#include "pki/internal/der.h"

#include <charconv>
#include <chrono>
#include <vector>

namespace certkeep::pki::internal::der {

void AppendLength(std::string& out, std::size_t length) {
  if (length < 0x80) {
    out += static_cast<char>(length);
    return;
  }
  char bytes[sizeof(std::size_t)];
  int n = 0;
  for (std::size_t v = length; v > 0; v >>= 8) bytes[n++] = static_cast<char>(v & 0xff);
  out += static_cast<char>(0x80 | n);
  while (n > 0) out += bytes[--n];
}

void AppendTlv(std::string& out, std::uint8_t tag, std::string_view content) {
  out += static_cast<char>(tag);
  AppendLength(out, content.size());
  out.append(content);
}

std::string Tlv(std::uint8_t tag, std::string_view content) {
  std::string out;
  out.reserve(content.size() + 6);
  AppendTlv(out, tag, content);
  return out;
}

std::string Sequence(std::string_view content) {
  return Tlv(kSequence, content);
}

void AppendUnsignedInteger(std::string& out, std::span<const std::uint8_t> magnitude) {
  std::size_t i = 0;
  while (i + 1 < magnitude.size() && magnitude[i] == 0) ++i;
  if (magnitude.empty()) {
    out.append("\x02\x01\x00", 3);
    return;
  }
  bool needs_pad = (magnitude[i] & 0x80) != 0;
  out += static_cast<char>(kInteger);
  AppendLength(out, magnitude.size() - i + (needs_pad ? 1 : 0));
  if (needs_pad) out += '\0';
  out.append(reinterpret_cast<const char*>(magnitude.data() + i), magnitude.size() - i);
}

std::string UnsignedInteger(std::span<const std::uint8_t> magnitude) {
  std::string out;
  out.reserve(magnitude.size() + 6);
  AppendUnsignedInteger(out, magnitude);
  return out;
}

std::string Integer(std::int64_t value) {
  // Minimal two's complement, big-endian.
  std::string content;
  for (int shift = 56; shift >= 0; shift -= 8) {
    content += static_cast<char>((static_cast<std::uint64_t>(value) >> shift) & 0xff);
  }
  std::size_t start = 0;
  while (start + 1 < content.size()) {
    auto b0 = static_cast<unsigned char>(content[start]);
    auto b1 = static_cast<unsigned char>(content[start + 1]);
    if ((b0 == 0x00 && !(b1 & 0x80)) || (b0 == 0xff && (b1 & 0x80)))
      ++start;
    else
      break;
  }
  return Tlv(kInteger, std::string_view(content).substr(start));
}

std::string Oid(std::string_view dotted) {
  std::vector<std::uint64_t> arcs;
  while (!dotted.empty()) {
    auto dot = dotted.find('.');
    auto part = dotted.substr(0, dot);
    std::uint64_t v = 0;
    std::from_chars(part.data(), part.data() + part.size(), v);
    arcs.push_back(v);
    dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
  }
  std::string content;
  auto base128 = [&](std::uint64_t v) {
    char buf[10];
    int n = 0;
    do {
      buf[n++] = static_cast<char>(v & 0x7f);
      v >>= 7;
    } while (v > 0);
    while (n > 0) {
      char c = buf[--n];
      content += static_cast<char>(n > 0 ? (c | 0x80) : c);
    }
  };
  if (arcs.size() >= 2) base128(arcs[0] * 40 + arcs[1]);
  for (std::size_t i = 2; i < arcs.size(); ++i) base128(arcs[i]);
  return Tlv(kOid, content);
}

namespace {

// Two or four decimal digits, without the locale machinery of strftime (the CRL entry
// loop formats a million dates).
void AppendDigits(std::string& out, unsigned value, int count) {
  char buf[4];
  for (int i = count - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(buf, static_cast<std::size_t>(count));
}

// UTCTime "YYMMDDHHMMSSZ" or GeneralizedTime "YYYYMMDDHHMMSSZ" (X.690 §11.7, §11.8).
void AppendCalendarTime(std::string& out, core::TimePoint t, bool always_generalized) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const std::chrono::hh_mm_ss hms{t - day};
  const int signed_year = static_cast<int>(ymd.year());
  // RFC 5280 §4.1.2.5: "CAs conforming to this profile MUST always encode certificate
  // validity dates through the year 2049 as UTCTime; certificate validity dates in 2050
  // or later MUST be encoded as GeneralizedTime." (§5.1.2.4 says the same for CRLs.)
  const bool generalized = always_generalized || signed_year < 1950 || signed_year >= 2050;
  const auto year = static_cast<unsigned>(signed_year);
  out += static_cast<char>(generalized ? kGeneralizedTime : kUtcTime);
  out += static_cast<char>(generalized ? 15 : 13);
  AppendDigits(out, generalized ? year : year % 100, generalized ? 4 : 2);
  AppendDigits(out, static_cast<unsigned>(ymd.month()), 2);
  AppendDigits(out, static_cast<unsigned>(ymd.day()), 2);
  AppendDigits(out, static_cast<unsigned>(hms.hours().count()), 2);
  AppendDigits(out, static_cast<unsigned>(hms.minutes().count()), 2);
  AppendDigits(out, static_cast<unsigned>(hms.seconds().count()), 2);
  out += 'Z';
}

}  // namespace

void AppendTime(std::string& out, core::TimePoint t) {
  AppendCalendarTime(out, t, /*always_generalized=*/false);
}

void AppendGeneralizedTime(std::string& out, core::TimePoint t) {
  AppendCalendarTime(out, t, /*always_generalized=*/true);
}

std::string Time(core::TimePoint t) {
  std::string out;
  AppendTime(out, t);
  return out;
}

std::string GeneralizedTime(core::TimePoint t) {
  std::string out;
  AppendGeneralizedTime(out, t);
  return out;
}

std::string BitString(std::string_view bytes) {
  std::string content(1, '\0');
  content.append(bytes);
  return Tlv(kBitString, content);
}

std::string OctetString(std::string_view bytes) {
  return Tlv(kOctetString, bytes);
}

std::string Boolean(bool value) {
  return Tlv(kBoolean, std::string(1, value ? '\xff' : '\0'));
}

std::string Enumerated(int value) {
  auto i = Integer(value);
  i[0] = static_cast<char>(kEnumerated);
  return i;
}

std::string Explicit(int n, std::string_view content) {
  return Tlv(static_cast<std::uint8_t>(0xa0 | n), content);
}

std::string ImplicitPrimitive(int n, std::string_view value_bytes) {
  return Tlv(static_cast<std::uint8_t>(0x80 | n), value_bytes);
}

}  // namespace certkeep::pki::internal::der
