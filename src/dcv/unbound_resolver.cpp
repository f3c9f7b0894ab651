#include <unbound.h>

#include <algorithm>
#include <mutex>

#include "dcv/dns_resolver.h"

namespace certkeep::dcv {

namespace {

constexpr int kTypeCname = 5;
constexpr int kTypeTxt = 16;
constexpr int kClassIn = 1;

core::Error SetupError(const std::string& what, int rc) {
  return core::InternalError(core::Reason::kDnsFailure,
                             "libunbound " + what + ": " + ub_strerror(rc));
}

// A domain name in wire format (RFC 1035 §3.1, uncompressed in rdata) as dotted text.
std::string NameFromWire(const unsigned char* p, std::size_t len) {
  std::string out;
  std::size_t i = 0;
  while (i < len && p[i] != 0) {
    std::size_t label = p[i++];
    if (label > 63 || i + label > len) return {};
    if (!out.empty()) out += '.';
    for (std::size_t k = 0; k < label; ++k) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(p[i + k])));
    }
    i += label;
  }
  return out;
}

// TXT rdata: one or more <length><bytes> character-strings, joined (RFC 1035 §3.3.14).
std::string TextFromWire(const unsigned char* p, std::size_t len) {
  std::string out;
  std::size_t i = 0;
  while (i < len) {
    std::size_t n = p[i++];
    if (i + n > len) break;
    out.append(reinterpret_cast<const char*>(p + i), n);
    i += n;
  }
  return out;
}

class UnboundResolver final : public DnsResolver {
 public:
  explicit UnboundResolver(ub_ctx* ctx) : ctx_(ctx) {}
  ~UnboundResolver() override { ub_ctx_delete(ctx_); }
  UnboundResolver(const UnboundResolver&) = delete;
  UnboundResolver& operator=(const UnboundResolver&) = delete;

  core::Result<std::vector<std::string>> Txt(const std::string& name) override {
    return Resolve(name, kTypeTxt, TextFromWire);
  }
  core::Result<std::vector<std::string>> Cname(const std::string& name) override {
    return Resolve(name, kTypeCname, NameFromWire);
  }

 private:
  template <typename Decode>
  core::Result<std::vector<std::string>> Resolve(const std::string& name, int type, Decode decode) {
    ub_result* result = nullptr;
    int rc = 0;
    {
      std::lock_guard lock(mu_);
      rc = ub_resolve(ctx_, name.c_str(), type, kClassIn, &result);
    }
    std::unique_ptr<ub_result, decltype(&ub_resolve_free)> owned(result, ub_resolve_free);
    if (rc != 0 || result == nullptr) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "DNS lookup of " + name + " failed", ub_strerror(rc));
    }
    if (result->bogus) {
      return core::Fail(core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
                        "DNSSEC validation failed for " + name,
                        result->why_bogus ? result->why_bogus : "");
    }
    if (result->rcode == 3 /* NXDOMAIN */ || !result->havedata) {
      if (result->rcode != 0 && result->rcode != 3) {
        return core::Fail(
            core::ErrorCode::kUnavailable, core::Reason::kDnsFailure,
            "DNS server failure for " + name + " (rcode " + std::to_string(result->rcode) + ")");
      }
      return core::Fail(core::ErrorCode::kNotFound, core::Reason::kDnsNoRecord,
                        std::string(result->nxdomain ? "NXDOMAIN" : "no record") + " for " + name);
    }
    std::vector<std::string> out;
    for (int i = 0; result->data[i] != nullptr; ++i) {
      out.push_back(decode(reinterpret_cast<const unsigned char*>(result->data[i]),
                           static_cast<std::size_t>(result->len[i])));
    }
    return out;
  }

  std::mutex mu_;
  ub_ctx* ctx_;
};

}  // namespace

core::Result<std::unique_ptr<DnsResolver>> MakeUnboundResolver(const UnboundOptions& options) {
  ub_ctx* ctx = ub_ctx_create();
  if (ctx == nullptr) {
    return core::Fail(core::InternalError(core::Reason::kDnsFailure, "ub_ctx_create failed"));
  }
  auto resolver = std::make_unique<UnboundResolver>(ctx);
  // Order matters: every option first, the local-zone removal last (after it the
  // context is final and later settings fail with UB_AFTERFINAL).
  if (!options.trust_anchor_file.empty()) {
    if (int rc = ub_ctx_add_ta_autr(ctx, options.trust_anchor_file.c_str()); rc != 0) {
      if (int rc2 = ub_ctx_add_ta_file(ctx, options.trust_anchor_file.c_str()); rc2 != 0) {
        return core::Fail(SetupError("trust anchor " + options.trust_anchor_file, rc2));
      }
    }
  }
  if (!options.forwarder.empty()) {
    if (int rc = ub_ctx_set_fwd(ctx, options.forwarder.c_str()); rc != 0) {
      return core::Fail(SetupError("forwarder " + options.forwarder, rc));
    }
  }
  for (const auto& d : options.insecure_domains) {
    auto zone = d.ends_with('.') ? d : d + ".";
    if (int rc = ub_ctx_set_option(ctx, "domain-insecure:", zone.c_str()); rc != 0) {
      return core::Fail(SetupError("domain-insecure " + zone, rc));
    }
  }
  for (const auto& d : options.insecure_domains) {
    auto zone = d.ends_with('.') ? d : d + ".";
    // RFC 6761 zones (test., localhost., ...) are answered locally by default.
    int rc = ub_ctx_zone_remove(ctx, zone.c_str());
    if (rc != 0 && rc != UB_NOERROR) return core::Fail(SetupError("zone remove " + zone, rc));
  }
  return std::unique_ptr<DnsResolver>(std::move(resolver));
}

}  // namespace certkeep::dcv
