#include "dcv/control_check.h"

#include <algorithm>

namespace certkeep::dcv {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

core::Error Mismatch(std::string detail) {
  return core::Error(core::ErrorCode::kRejectedIdentifier, core::Reason::kDcvContentMismatch,
                     std::move(detail));
}

std::string TxtName(const Evidence& e) {
  return "_pki-validation." + e.name;
}

std::string CnameName(const Evidence& e) {
  return "_" + e.token + "." + e.name;
}

std::string FileUrl(const Evidence& e) {
  return std::string(e.method == core::DcvMethod::kHttps ? "https" : "http") + "://" + e.name +
         "/.well-known/pki-validation/" + e.token + ".txt";
}

}  // namespace

std::string EvidenceLocation(const Evidence& e) {
  switch (e.method) {
    case core::DcvMethod::kTxt:
      return TxtName(e) + ".";
    case core::DcvMethod::kCname:
      return CnameName(e) + ".";
    case core::DcvMethod::kHttp:
    case core::DcvMethod::kHttps:
      return FileUrl(e);
    case core::DcvMethod::kEmail:
      break;
  }
  return e.name;
}

core::Result<void> NetworkControlCheck::Check(const Evidence& e) {
  switch (e.method) {
    case core::DcvMethod::kTxt: {
      auto records = dns_.Txt(TxtName(e));
      if (!records) return core::Fail(records.error());
      for (const auto& r : *records) {
        if (Trim(r) == e.expected) return core::Ok();
      }
      return core::Fail(Mismatch("none of the " + std::to_string(records->size()) +
                                 " TXT records at " + TxtName(e) + " holds the expected value"));
    }
    case core::DcvMethod::kCname: {
      auto targets = dns_.Cname(CnameName(e));
      if (!targets) return core::Fail(targets.error());
      auto want = e.expected;
      if (want.ends_with('.')) want.pop_back();
      if (std::find(targets->begin(), targets->end(), want) != targets->end()) return core::Ok();
      return core::Fail(Mismatch(CnameName(e) + " points to " +
                                 (targets->empty() ? std::string("nothing") : targets->front()) +
                                 ", not to " + want));
    }
    case core::DcvMethod::kHttp:
    case core::DcvMethod::kHttps: {
      auto got = fetcher_.Get(FileUrl(e));
      if (!got) return core::Fail(got.error());
      std::string_view body = got->body;
      auto first = Trim(body.substr(0, body.find('\n')));
      if (first == e.expected) return core::Ok();
      return core::Fail(Mismatch(FileUrl(e) + " was found, but its first line is not the "
                                              "expected value"));
    }
    case core::DcvMethod::kEmail:
      break;
  }
  return core::Fail(core::ErrorCode::kMalformed, core::Reason::kDcvNotStarted,
                    "email validation is confirmed by its recipient, not checked");
}

}  // namespace certkeep::dcv
