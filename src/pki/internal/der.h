#pragma once
// A small DER writer (ITU-T X.690) for the structures pki/ builds byte by byte:
// certificate templates, CRLs streamed from the store, OCSP responses. Each function
// returns a complete TLV; callers concatenate them. Only pki/ includes this header.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace certkeep::pki::internal::der {

// Universal tags.
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kEnumerated = 0x0a;
inline constexpr std::uint8_t kUtf8String = 0x0c;
inline constexpr std::uint8_t kPrintableString = 0x13;
inline constexpr std::uint8_t kIa5String = 0x16;
inline constexpr std::uint8_t kUtcTime = 0x17;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kSet = 0x31;

/// Appends a DER length.
void AppendLength(std::string& out, std::size_t length);
/// tag, length, content.
[[nodiscard]] std::string Tlv(std::uint8_t tag, std::string_view content);
/// Appends tag, length, content to `out` (no temporary).
void AppendTlv(std::string& out, std::uint8_t tag, std::string_view content);
/// SEQUENCE { content }.
[[nodiscard]] std::string Sequence(std::string_view content);
/// A non-negative INTEGER from big-endian magnitude bytes (leading zeros trimmed, a 0x00
/// prepended when the high bit is set).
[[nodiscard]] std::string UnsignedInteger(std::span<const std::uint8_t> magnitude);
/// Appends UnsignedInteger(magnitude) to `out` (no temporary: the CRL entry loop uses it).
void AppendUnsignedInteger(std::string& out, std::span<const std::uint8_t> magnitude);
/// An INTEGER from a small signed value.
[[nodiscard]] std::string Integer(std::int64_t value);
/// An OBJECT IDENTIFIER from dotted text, e.g. "1.3.6.1.5.5.7.3.1".
[[nodiscard]] std::string Oid(std::string_view dotted);
/// RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
[[nodiscard]] std::string Time(core::TimePoint t);
/// GeneralizedTime "YYYYMMDDHHMMSSZ" (what OCSP always uses).
[[nodiscard]] std::string GeneralizedTime(core::TimePoint t);
/// Appends Time(t) to `out` (no temporary, no locale: the CRL entry loop uses it).
void AppendTime(std::string& out, core::TimePoint t);
/// Appends GeneralizedTime(t) to `out`.
void AppendGeneralizedTime(std::string& out, core::TimePoint t);
/// BIT STRING with no unused bits.
[[nodiscard]] std::string BitString(std::string_view bytes);
/// OCTET STRING.
[[nodiscard]] std::string OctetString(std::string_view bytes);
/// BOOLEAN.
[[nodiscard]] std::string Boolean(bool value);
/// ENUMERATED from a small value.
[[nodiscard]] std::string Enumerated(int value);
/// [n] EXPLICIT: a constructed context tag around `content` (a complete TLV).
[[nodiscard]] std::string Explicit(int n, std::string_view content);
/// [n] IMPLICIT primitive: context tag n replacing the inner tag of a primitive value.
[[nodiscard]] std::string ImplicitPrimitive(int n, std::string_view value_bytes);

}  // namespace certkeep::pki::internal::der
