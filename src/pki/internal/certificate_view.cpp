#include "pki/internal/certificate_view.h"

#include <ctime>

#include "pki/internal/der.h"
#include "pki/internal/der_reader.h"

namespace certkeep::pki::internal {

namespace {

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Num(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

std::optional<std::int64_t> ParseTime(std::uint8_t tag, std::string_view c) {
  // RFC 5280 §4.1.2.5.1/2: seconds present, 'Z', no fractions.
  std::size_t year_digits = tag == der::kUtcTime ? 2 : tag == der::kGeneralizedTime ? 4 : 0;
  if (year_digits == 0 || c.size() != year_digits + 11 || c.back() != 'Z' ||
      !Digits(c.substr(0, c.size() - 1))) {
    return std::nullopt;
  }
  int year = Num(c.substr(0, year_digits));
  if (year_digits == 2) year += year < 50 ? 2000 : 1900;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = Num(c.substr(year_digits, 2)) - 1;
  tm.tm_mday = Num(c.substr(year_digits + 2, 2));
  tm.tm_hour = Num(c.substr(year_digits + 4, 2));
  tm.tm_min = Num(c.substr(year_digits + 6, 2));
  tm.tm_sec = Num(c.substr(year_digits + 8, 2));
  if (tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
      tm.tm_min > 59 || tm.tm_sec > 59) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(timegm(&tm));
}

core::Result<CertificateView> ParseCertificateView(std::string_view der_bytes,
                                                   core::Reason reason) {
  auto malformed = [&](std::string what) {
    return core::Fail(core::ErrorCode::kMalformed, reason, "certificate: " + std::move(what));
  };
  CertificateView v;
  der::Reader top(der_bytes, reason);
  auto cert = top.Enter(der::kSequence);
  if (!cert) return core::Fail(cert.error());
  if (!top.AtEnd()) return malformed("trailing bytes");
  auto tbs = cert->Enter(der::kSequence);
  if (!tbs) return core::Fail(tbs.error());
  auto outer_alg = cert->Read(der::kSequence);
  auto signature = cert->Read(der::kBitString);
  if (!outer_alg || !signature || !cert->AtEnd()) return malformed("bad signature fields");
  v.outer_signature_algorithm = outer_alg->encoding;

  if (tbs->PeekTag() == 0xa0) {
    auto version = tbs->Enter(0xa0);
    if (!version) return core::Fail(version.error());
    auto n = version->ReadUnsignedInteger();
    if (!n || n->size() != 1 || !version->AtEnd()) return malformed("bad version");
    v.version = static_cast<unsigned char>((*n)[0]);
  }
  auto serial = tbs->ReadUnsignedInteger();
  if (!serial) return core::Fail(serial.error());
  v.serial = *serial;
  auto alg = tbs->Read(der::kSequence);
  auto issuer = tbs->Read(der::kSequence);
  if (!alg || !issuer) return malformed("bad algorithm or issuer");
  v.signature_algorithm = alg->encoding;
  v.issuer = issuer->encoding;
  auto validity = tbs->Enter(der::kSequence);
  if (!validity) return core::Fail(validity.error());
  for (std::int64_t* out : {&v.not_before, &v.not_after}) {
    auto tag = validity->PeekTag();
    auto t = validity->ReadAny();
    if (!t || !tag) return malformed("bad validity");
    auto seconds = ParseTime(*tag, t->content);
    if (!seconds) return malformed("bad time");
    *out = *seconds;
  }
  if (!validity->AtEnd()) return malformed("bad validity");
  auto subject = tbs->Read(der::kSequence);
  if (!subject) return malformed("bad subject");
  v.subject = subject->encoding;
  auto spki = tbs->Enter(der::kSequence);
  if (!spki) return core::Fail(spki.error());
  v.spki = spki->encoding();
  auto key_alg = spki->Enter(der::kSequence);
  if (!key_alg) return core::Fail(key_alg.error());
  auto oid = key_alg->Read(der::kOid);
  if (!oid) return malformed("bad key algorithm");
  v.key_algorithm_oid = oid->encoding;
  if (!key_alg->AtEnd()) {
    auto params = key_alg->ReadAny();
    if (!params || !key_alg->AtEnd()) return malformed("bad key parameters");
    v.key_parameters = params->encoding;
  }
  auto bits = spki->Read(der::kBitString);
  if (!bits || bits->content.empty() || bits->content[0] != '\0' || !spki->AtEnd()) {
    return malformed("bad public key");
  }
  v.key_bits = bits->content.substr(1);
  // issuerUniqueID [1] and subjectUniqueID [2] are not allowed in what certkeep issues.
  if (!tbs->AtEnd()) {
    auto ext_wrapper = tbs->Enter(0xa3);
    if (!ext_wrapper) return core::Fail(ext_wrapper.error());
    auto exts = ext_wrapper->Enter(der::kSequence);
    if (!exts || !ext_wrapper->AtEnd()) return malformed("bad extensions");
    while (!exts->AtEnd()) {
      auto ext = exts->Enter(der::kSequence);
      if (!ext) return core::Fail(ext.error());
      ExtensionView e;
      auto ext_oid = ext->Read(der::kOid);
      if (!ext_oid) return malformed("bad extension id");
      e.oid = ext_oid->encoding;
      if (ext->PeekTag() == der::kBoolean) {
        auto crit = ext->Read(der::kBoolean);
        // DER: DEFAULT FALSE is never encoded, so an encoded critical is TRUE (0xff).
        if (!crit || crit->content != std::string_view("\xff", 1))
          return malformed("bad critical flag");
        e.critical = true;
      }
      auto value = ext->Read(der::kOctetString);
      if (!value || !ext->AtEnd()) return malformed("bad extension value");
      e.value = value->content;
      v.extensions.push_back(e);
    }
    if (!tbs->AtEnd()) return malformed("unexpected fields after the extensions");
  }
  return v;
}

}  // namespace certkeep::pki::internal
