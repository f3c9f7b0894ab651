#include "service/hierarchy_setup.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "service/audit_log.h"

namespace certkeep::service {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kActor = "system";
constexpr std::string_view kRootName = "root";
constexpr std::string_view kIssuingName = "issuing-1";

core::Result<HierarchySummary> FindHierarchy(store::Transaction& tx) {
  auto cas = tx.cas().List();
  if (!cas) return core::Fail(cas.error());
  HierarchySummary out;
  bool has_root = false, has_issuing = false;
  for (auto& ca : *cas) {
    if (ca.role == core::CaRole::kRoot && !has_root) {
      out.root = ca;
      has_root = true;
    } else if (ca.role == core::CaRole::kIssuing) {
      out.issuing = ca;  // the newest issuing CA signs
      has_issuing = true;
    }
  }
  if (!has_root || !has_issuing) {
    return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                      "the CA hierarchy has not been created (run certkeep init)");
  }
  return out;
}

core::Result<core::CaId> InsertCa(store::Transaction& tx, const core::Clock& clock,
                                  core::CertificateAuthority ca) {
  ca.created_at = clock.Now();
  auto id = tx.cas().Insert(ca);
  if (!id) return core::Fail(id.error());
  core::AuditRecord audit{
      .actor = std::string(kActor),
      .action = "ca.create",
      .object_type = "ca",
      .object_id = std::to_string(id->value),
      .detail = nlohmann::json{{"name", ca.name}, {"role", core::ToString(ca.role)}}.dump()};
  if (auto a = RecordAudit(tx, clock, audit); !a) return core::Fail(a.error());
  return id;
}

}  // namespace

core::Result<HierarchySummary> EnsureHierarchy(store::Store& store, pki::FileKeyStore& keys,
                                               const core::Clock& clock, core::RandomSource& random,
                                               const HierarchyOptions& options) {
  auto existing = store.Transact(FindHierarchy);
  if (existing) return existing;
  if (existing.error().code() != core::ErrorCode::kNotFound) return core::Fail(existing.error());

  // Each key: an existing one (a token's), or a new one written to the file key store
  // under a random suffix, so a failed, retried init never collides with leftovers.
  std::string suffix = core::Hex(random.Bytes(4));
  std::vector<std::string> written;
  auto key_for = [&](const std::optional<ExistingKey>& existing,
                     std::string_view name) -> core::Result<ExistingKey> {
    if (existing) return *existing;
    auto key = pki::PrivateKey::Generate(options.algorithm);
    if (!key) return core::Fail(key.error());
    auto ref = keys.Put(std::string(name) + "-" + suffix, *key);
    if (!ref) return core::Fail(ref.error());
    written.push_back(*ref);
    return ExistingKey{*ref, std::make_shared<const pki::PrivateKey>(std::move(*key))};
  };
  auto undo = [&] {
    for (const auto& ref : written) keys.Remove(ref);
  };
  auto root_key = key_for(options.root_key, kRootName);
  if (!root_key) return core::Fail(root_key.error());
  auto issuing_key = key_for(options.issuing_key, kIssuingName);
  if (!issuing_key) {
    undo();
    return core::Fail(issuing_key.error());
  }
  auto root_cert = pki::MakeRootCertificate(*root_key->key, options.root_name,
                                            {clock.Now(), options.root_validity}, random);
  auto issuing_cert =
      root_cert ? pki::MakeIssuingCaCertificate(*root_cert, *root_key->key, *issuing_key->key,
                                                options.issuing_name,
                                                {clock.Now(), options.issuing_validity}, random)
                : core::Result<pki::Certificate>(core::Fail(root_cert.error()));
  if (!issuing_cert) {
    undo();
    return core::Fail(issuing_cert.error());
  }
  auto root_pem = root_cert->ToPem();
  auto issuing_pem = issuing_cert->ToPem();
  if (!root_pem || !issuing_pem) {
    undo();
    return core::Fail((root_pem ? issuing_pem : root_pem).error());
  }
  auto root_ref = &root_key->key_ref;
  auto issuing_ref = &issuing_key->key_ref;

  auto summary = store.Transact([&](store::Transaction& tx) -> core::Result<HierarchySummary> {
    core::CertificateAuthority root{.name = std::string(kRootName),
                                    .role = core::CaRole::kRoot,
                                    .certificate_pem = *root_pem,
                                    .key_ref = *root_ref};
    auto root_id = InsertCa(tx, clock, root);
    if (!root_id) return core::Fail(root_id.error());
    core::CertificateAuthority issuing{.name = std::string(kIssuingName),
                                       .role = core::CaRole::kIssuing,
                                       .parent_id = *root_id,
                                       .certificate_pem = *issuing_pem,
                                       .key_ref = *issuing_ref};
    if (auto id = InsertCa(tx, clock, issuing); !id) return core::Fail(id.error());
    return FindHierarchy(tx);
  });
  if (!summary) {
    undo();
    return summary;
  }
  summary->created = true;
  return summary;
}

core::Result<core::CertificateAuthority> AddIssuingCa(
    store::Store& store, pki::FileKeyStore& keys, KeyRing& ring, const core::Clock& clock,
    core::RandomSource& random, const std::string& name, const pki::CaName& subject,
    std::chrono::days validity, pki::KeyAlgorithm algorithm,
    const std::optional<ExistingKey>& key) {
  auto root =
      store.Transact([](store::Transaction& tx) -> core::Result<core::CertificateAuthority> {
        auto cas = tx.cas().List();
        if (!cas) return core::Fail(cas.error());
        for (auto& ca : *cas) {
          if (ca.role == core::CaRole::kRoot) return ca;
        }
        return core::Fail(core::ErrorCode::kNotFound, core::Reason::kUnspecified,
                          "no root CA (run certkeep ca init)");
      });
  if (!root) return core::Fail(root.error());
  auto root_key = ring.Get(*root);
  if (!root_key) return core::Fail(root_key.error());
  auto root_cert = pki::Certificate::FromPem(root->certificate_pem);
  if (!root_cert) return core::Fail(root_cert.error());
  ExistingKey subject_key;
  bool wrote = false;
  if (key) {
    subject_key = *key;
  } else {
    auto generated = pki::PrivateKey::Generate(algorithm);
    if (!generated) return core::Fail(generated.error());
    auto ref = keys.Put(name + "-" + core::Hex(random.Bytes(4)), *generated);
    if (!ref) return core::Fail(ref.error());
    subject_key = {*ref, std::make_shared<const pki::PrivateKey>(std::move(*generated))};
    wrote = true;
  }
  auto cert = pki::MakeIssuingCaCertificate(*root_cert, **root_key, *subject_key.key, subject,
                                            {clock.Now(), validity}, random);
  auto pem = cert ? cert->ToPem() : core::Result<std::string>(core::Fail(cert.error()));
  auto added =
      pem ? store.Transact([&](store::Transaction& tx) -> core::Result<core::CertificateAuthority> {
        core::CertificateAuthority ca{.name = name,
                                      .role = core::CaRole::kIssuing,
                                      .parent_id = root->id,
                                      .certificate_pem = *pem,
                                      .key_ref = subject_key.key_ref};
        auto id = InsertCa(tx, clock, ca);
        if (!id) return core::Fail(id.error());
        return tx.cas().Get(*id);
      })
          : core::Result<core::CertificateAuthority>(core::Fail(pem.error()));
  if (!added && wrote) keys.Remove(subject_key.key_ref);
  return added;
}

core::Result<core::CertificateAuthority> ImportCa(store::Store& store, pki::FileKeyStore& keys,
                                                  const core::Clock& clock, const ImportedCa& in) {
  auto cert = pki::Certificate::FromPem(in.certificate_pem);
  if (!cert) return core::Fail(cert.error());
  if (!cert->IsCa()) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                      "the certificate is not a CA certificate");
  }
  if (!cert->MatchesKey(*in.key.key)) {
    return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadKey,
                      "the key does not belong to the certificate");
  }
  auto cas = store.Transact([](store::Transaction& tx) { return tx.cas().List(); });
  if (!cas) return core::Fail(cas.error());
  core::CertificateAuthority ca{.name = in.name,
                                .role = core::CaRole::kRoot,
                                .certificate_pem = in.certificate_pem,
                                .key_ref = in.key.key_ref};
  if (!cert->IsSignedBy(*cert)) {
    for (const auto& candidate : *cas) {
      auto parent = pki::Certificate::FromPem(candidate.certificate_pem);
      if (parent && cert->IsSignedBy(*parent)) {
        ca.role = core::CaRole::kIssuing;
        ca.parent_id = candidate.id;
      }
    }
    if (!ca.parent_id) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kBadCertificate,
                        "no CA in certkeep signed this certificate: import its issuer first");
    }
  }
  if (in.key_is_file) {
    auto ref = keys.Put(in.name + "-imported", *in.key.key);
    if (!ref) return core::Fail(ref.error());
    ca.key_ref = *ref;
  }
  auto added =
      store.Transact([&](store::Transaction& tx) -> core::Result<core::CertificateAuthority> {
        auto id = InsertCa(tx, clock, ca);
        if (!id) return core::Fail(id.error());
        return tx.cas().Get(*id);
      });
  if (!added && in.key_is_file) keys.Remove(ca.key_ref);
  return added;
}

core::Result<bool> EnsureServerCertificate(store::Store& store, KeyRing& keys,
                                           const core::Clock& clock, core::RandomSource& random,
                                           const ServerCertificateOptions& options) {
  if (fs::exists(options.chain_file) && fs::exists(options.key_file)) {
    auto pem = pki::ReadFile(options.chain_file);
    if (!pem) return core::Fail(pem.error());
    if (auto current = pki::Certificate::FromPem(*pem)) {
      auto have = current->DnsNames();
      auto want = options.dns_names;
      std::sort(have.begin(), have.end());
      std::sort(want.begin(), want.end());
      if (have == want && current->NotAfter() - options.renew_before > clock.Now()) return false;
    }
  }

  auto hierarchy = store.Transact(FindHierarchy);
  if (!hierarchy) return core::Fail(hierarchy.error());
  auto issuer_cert = pki::Certificate::FromPem(hierarchy->issuing.certificate_pem);
  if (!issuer_cert) return core::Fail(issuer_cert.error());
  auto issuer_key = keys.Get(hierarchy->issuing);
  if (!issuer_key) return core::Fail(issuer_key.error());
  auto key = pki::PrivateKey::Generate(pki::KeyAlgorithm::kEcP256);
  if (!key) return core::Fail(key.error());
  auto cert =
      pki::MakeServerCertificate(*issuer_cert, **issuer_key, *key, options.dns_names,
                                 options.ip_addresses, {clock.Now(), options.validity}, random);
  if (!cert) return core::Fail(cert.error());
  auto leaf_pem = cert->ToPem();
  auto key_pem = key->ToPem();
  if (!leaf_pem || !key_pem) return core::Fail((leaf_pem ? key_pem : leaf_pem).error());

  using fs::perms;
  if (auto r = pki::WriteFileAtomically(options.key_file, *key_pem,
                                        perms::owner_read | perms::owner_write);
      !r) {
    return core::Fail(r.error());
  }
  if (auto r = pki::WriteFileAtomically(
          options.chain_file, *leaf_pem + hierarchy->issuing.certificate_pem,
          perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
      !r) {
    return core::Fail(r.error());
  }
  auto audited = store.Transact([&](store::Transaction& tx) -> core::Result<void> {
    return RecordAudit(tx, clock,
                       {.actor = std::string(kActor),
                        .action = "tls.server_certificate.issue",
                        .object_type = "certificate",
                        .object_id = cert->SerialNumberHex(),
                        .detail = nlohmann::json{{"issuer", hierarchy->issuing.name}}.dump()});
  });
  if (!audited) return core::Fail(audited.error());
  return true;
}

}  // namespace certkeep::service
