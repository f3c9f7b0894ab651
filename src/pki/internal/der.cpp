#include "pki/internal/der.h"

#include <charconv>
#include <ctime>
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

std::string Sequence(std::string_view content) { return Tlv(kSequence, content); }

std::string UnsignedInteger(std::span<const std::uint8_t> magnitude) {
  std::size_t i = 0;
  while (i + 1 < magnitude.size() && magnitude[i] == 0) ++i;
  std::string content;
  if (magnitude.empty()) {
    content = std::string(1, '\0');
  } else {
    if (magnitude[i] & 0x80) content += '\0';
    content.append(reinterpret_cast<const char*>(magnitude.data() + i), magnitude.size() - i);
  }
  return Tlv(kInteger, content);
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
    if ((b0 == 0x00 && !(b1 & 0x80)) || (b0 == 0xff && (b1 & 0x80))) ++start;
    else break;
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

std::string Format(core::TimePoint t, const char* pattern) {
  std::time_t tt = core::ToUnixSeconds(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

}  // namespace

std::string Time(core::TimePoint t) {
  std::time_t tt = core::ToUnixSeconds(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  int year = tm.tm_year + 1900;
  if (year >= 1950 && year < 2050) return Tlv(kUtcTime, Format(t, "%y%m%d%H%M%SZ"));
  return GeneralizedTime(t);
}

std::string GeneralizedTime(core::TimePoint t) {
  return Tlv(kGeneralizedTime, Format(t, "%Y%m%d%H%M%SZ"));
}

std::string BitString(std::string_view bytes) {
  std::string content(1, '\0');
  content.append(bytes);
  return Tlv(kBitString, content);
}

std::string OctetString(std::string_view bytes) { return Tlv(kOctetString, bytes); }

std::string Boolean(bool value) { return Tlv(kBoolean, std::string(1, value ? '\xff' : '\0')); }

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
