#include "cli/ca_commands.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/operator.h"
#include "core/base64.h"
#include "pki/crl.h"
#include "pki/encoding.h"
#include "pki/file_key_store.h"
#include "service/audit_log.h"
#include "service/ca_certificates.h"
#include "service/crl_service.h"

namespace certkeep::cli {

namespace {

// An RFC 5280 §5.3.1 reason name, or the number itself.
std::optional<int> ParseReason(const std::string& text) {
  if (auto named = pki::ParseRevocationReason(text)) return named;
  if (!text.empty() && text.size() < 3 && std::all_of(text.begin(), text.end(), ::isdigit))
    return std::stoi(text);
  return std::nullopt;
}

// The chain above a CA's certificates: the issuing CA up to the root.
core::Result<std::vector<pki::Certificate>> IssuersOf(store::Store& store, core::CaId ca_id) {
  return store.Read([&](store::Transaction& tx) -> core::Result<std::vector<pki::Certificate>> {
    auto path = service::IssuerChain(tx, ca_id);
    if (!path) return core::Fail(path.error());
    return std::move(path->certificates);
  });
}

void PrintRecord(const core::CertificateRecord& r) {
  std::cout << "serial:     " << r.serial << "\n"
            << "status:     " << core::ToString(r.status) << "\n"
            << "subject:    " << r.subject << "\n"
            << "names:      ";
  for (std::size_t i = 0; i < r.names.size(); ++i) std::cout << (i ? ", " : "") << r.names[i];
  std::cout << "\nnot before: " << core::ToRfc3339(r.not_before) << "\n"
            << "not after:  " << core::ToRfc3339(r.not_after) << "\n";
  if (r.revoked_at) {
    std::cout << "revoked:    " << core::ToRfc3339(*r.revoked_at) << " (reason "
              << r.revocation_reason.value_or(0) << ")\n";
  }
}

struct IssueArgs {
  std::string csr_file, profile = "ssl-dv", ca, out, format = "x509";
  std::vector<std::string> dns, ips, emails;
  pki::SubjectAttributes subject;
  int days = 0;
};

int Issue(const ConfigSource& source, const IssueArgs& a) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto format = pki::ParseCertificateFormat(a.format);
  if (!format) return Report(format.error());
  auto csr = pki::ReadFile(a.csr_file == "-" ? "/dev/stdin" : a.csr_file);
  if (!csr) return Report(csr.error());
  service::IssueRequest request{.actor = "cli",
                                .profile = a.profile,
                                .ca = a.ca,
                                .csr = *csr,
                                .dns_names = a.dns,
                                .ip_addresses = a.ips,
                                .emails = a.emails,
                                .subject = a.subject,
                                .validity_days = a.days};
  auto record = (*op)->issuer->Issue(request);
  if (!record) return Report(record.error());
  auto leaf = pki::Certificate::FromPem(record->pem);
  auto issuers = IssuersOf(*(*op)->store, record->issuer_id);
  if (!leaf || !issuers) return Report(leaf ? issuers.error() : leaf.error());
  auto encoded = pki::EncodeCertificate(*format, *leaf, *issuers);
  if (!encoded) return Report(encoded.error());
  std::cerr << "issued serial " << record->serial << "\n";
  return Output(a.out, encoded->body);
}

int Show(const ConfigSource& source, const std::string& serial, const std::string& format_name,
         const std::string& out) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto record = (*op)->store->Transact([&](store::Transaction& tx) {
    return tx.certificates().FindBySerial(core::NormalizeSerialHex(serial));
  });
  if (!record) return Report(record.error());
  if (format_name.empty()) {
    PrintRecord(*record);
    return 0;
  }
  auto format = pki::ParseCertificateFormat(format_name);
  if (!format) return Report(format.error());
  auto leaf = pki::Certificate::FromPem(record->pem);
  auto issuers = IssuersOf(*(*op)->store, record->issuer_id);
  if (!leaf || !issuers) return Report(leaf ? issuers.error() : leaf.error());
  auto encoded = pki::EncodeCertificate(*format, *leaf, *issuers);
  if (!encoded) return Report(encoded.error());
  return Output(out, encoded->body);
}

int Revoke(const ConfigSource& source, const std::string& serial, const std::string& reason_text) {
  auto reason = ParseReason(reason_text);
  if (!reason) {
    std::cerr << "certkeep: unknown revocation reason '" << reason_text << "'\n";
    return 2;
  }
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto record = (*op)->issuer->Revoke(serial, *reason, "cli");
  if (!record) return Report(record.error());
  PrintRecord(*record);
  return 0;
}

int ListCas(const ConfigSource& source);

// A key given on the command line: a pkcs11: URI (loaded from the token) or a PEM file.
core::Result<service::ExistingKey> KeyFromArgument(Operator& op, const std::string& key,
                                                   const std::string& passphrase_file) {
  if (key.starts_with("pkcs11:")) {
    if (key.find("pin-value") != std::string::npos) {
      return core::Fail(
          core::ErrorCode::kMalformed, core::Reason::kPkcs11,
          "give the PIN as pin-source=file:/path or pin-source=env:VAR: the key URI is stored");
    }
    if (!op.tokens) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kPkcs11,
                        "set ca.pkcs11_module (or CERTKEEP_CA_PKCS11_MODULE) to use a token key");
    }
    auto loaded = op.tokens->Load(key);
    if (!loaded) return core::Fail(loaded.error());
    return service::ExistingKey{key, std::make_shared<const pki::PrivateKey>(std::move(*loaded))};
  }
  auto pem = pki::ReadFile(key);
  if (!pem) return core::Fail(pem.error());
  std::string passphrase;
  if (!passphrase_file.empty()) {
    auto text = pki::ReadFile(passphrase_file);
    if (!text) return core::Fail(text.error());
    passphrase = text->substr(0, text->find_first_of("\r\n"));
  }
  auto loaded = pki::PrivateKey::FromPem(*pem, passphrase);
  if (!loaded) return core::Fail(loaded.error());
  return service::ExistingKey{"", std::make_shared<const pki::PrivateKey>(std::move(*loaded))};
}

struct CaAddArgs {
  std::string name, cn, key, cert, key_passphrase_file, pkcs12, pkcs12_password_file;
};

int AddIssuing(const ConfigSource& source, const CaAddArgs& a) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  std::optional<service::ExistingKey> key;
  if (!a.key.empty()) {
    if (!a.key.starts_with("pkcs11:")) {
      std::cerr
          << "certkeep: --key takes a pkcs11: URI here (a new file key is generated otherwise)\n";
      return 2;
    }
    auto k = KeyFromArgument(**op, a.key, "");
    if (!k) return Report(k.error());
    key = *k;
  }
  auto algorithm = pki::ParseKeyAlgorithm((*op)->config.ca.key_algorithm);
  if (!algorithm) return Report(algorithm.error());
  const auto& c = (*op)->config.ca;
  auto ca = service::AddIssuingCa(
      *(*op)->store, *(*op)->key_files, *(*op)->keys, (*op)->clock, (*op)->random, a.name,
      {a.cn.empty() ? c.organization + " " + a.name : a.cn, c.organization, c.country},
      std::chrono::days(c.issuing_validity_days), *algorithm, key);
  if (!ca) return Report(ca.error());
  return ListCas(source);
}

int ImportCa(const ConfigSource& source, const CaAddArgs& a) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  service::ImportedCa in{.name = a.name};
  if (!a.pkcs12.empty()) {
    auto der = pki::ReadFile(a.pkcs12);
    auto password = a.pkcs12_password_file.empty() ? core::Result<std::string>(std::string())
                                                   : pki::ReadFile(a.pkcs12_password_file);
    if (!der || !password) return Report(der ? password.error() : der.error());
    auto contents = pki::ReadPkcs12(*der, password->substr(0, password->find_first_of("\r\n")));
    if (!contents) return Report(contents.error());
    auto pem = contents->certificate.ToPem();
    if (!pem) return Report(pem.error());
    in.certificate_pem = *pem;
    in.key = {"", std::make_shared<const pki::PrivateKey>(std::move(contents->key))};
  } else {
    if (a.cert.empty() || a.key.empty()) {
      std::cerr << "certkeep: ca import needs --cert and --key, or --pkcs12\n";
      return 2;
    }
    auto pem = pki::ReadFile(a.cert);
    if (!pem) return Report(pem.error());
    in.certificate_pem = *pem;
    auto key = KeyFromArgument(**op, a.key, a.key_passphrase_file);
    if (!key) return Report(key.error());
    in.key = *key;
    in.key_is_file = !a.key.starts_with("pkcs11:");
  }
  auto ca = service::ImportCa(*(*op)->store, *(*op)->key_files, (*op)->clock, in);
  if (!ca) return Report(ca.error());
  return ListCas(source);
}

struct CaInitArgs {
  std::string key_algorithm, root_key, issuing_key;
};

// `ca init`: the hierarchy, optionally with keys that already live in a PKCS#11 token.
int InitCa(const ConfigSource& source, const CaInitArgs& a) {
  auto config = LoadFor(source);
  if (!config) return Report(config.error());
  service::HierarchyOptions existing;
  std::unique_ptr<pki::Pkcs11KeyStore> tokens;
  for (auto [uri, slot] : {std::pair{&a.root_key, &existing.root_key},
                           std::pair{&a.issuing_key, &existing.issuing_key}}) {
    if (uri->empty()) continue;
    if (!uri->starts_with("pkcs11:")) {
      std::cerr << "certkeep: --root-key and --issuing-key take an RFC 7512 pkcs11: URI\n";
      return 2;
    }
    // The ref is stored in the database: it may say where the PIN is, never what it is.
    if (uri->find("pin-value") != std::string::npos) {
      std::cerr << "certkeep: give the PIN as pin-source=file:/path or pin-source=env:VAR, not "
                   "pin-value: "
                   "the key URI is stored\n";
      return 2;
    }
    if (!tokens) {
      auto opened = OpenTokens(*config);
      if (!opened) return Report(opened.error());
      if (!*opened) {
        std::cerr
            << "certkeep: set ca.pkcs11_module (or CERTKEEP_CA_PKCS11_MODULE) to use a token key\n";
        return 2;
      }
      tokens = std::move(*opened);
    }
    auto key = tokens->Load(*uri);
    if (!key) return Report(key.error());
    *slot = service::ExistingKey{*uri, std::make_shared<const pki::PrivateKey>(std::move(*key))};
  }
  auto op = OpenOperator(
      source, &existing,
      a.key_algorithm.empty() ? std::nullopt : std::optional<std::string>(a.key_algorithm));
  if (!op) return Report(op.error());
  return ListCas(source);
}

// `crl`: build and publish a new CRL of an issuing CA now, and write it out.
int WriteCrl(const ConfigSource& source, const std::string& ca_name, const std::string& out,
             bool pem) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto ca =
      (*op)->store->Transact([&](store::Transaction& tx) { return tx.cas().FindByName(ca_name); });
  if (!ca) return Report(ca.error());
  service::CrlService crls(*(*op)->store, (*op)->clock, *(*op)->keys);
  auto crl = crls.Regenerate(*ca);
  if (!crl) return Report(crl.error());
  std::cerr << "CRL number " << crl->crl_number << " of " << ca_name << ": " << crl->entries
            << " revoked certificate(s), next update " << core::ToRfc3339(crl->next_update) << "\n";
  if (!pem) return Output(out, crl->der);
  std::string b64 = core::Base64Encode(crl->der), text = "-----BEGIN X509 CRL-----\n";
  for (std::size_t i = 0; i < b64.size(); i += 64) text += b64.substr(i, 64) + "\n";
  return Output(out, text + "-----END X509 CRL-----\n");
}

// `profile list|show|set`: the profiles are data, edited here (and later over the API).
int ListProfiles(const ConfigSource& source) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto profiles =
      (*op)->store->Transact([](store::Transaction& tx) { return tx.profiles().List(); });
  if (!profiles) return Report(profiles.error());
  for (const auto& p : *profiles) {
    std::cout << p.name << "\t" << core::ToString(p.kind) << "\t"
              << (p.is_active ? "active" : "inactive") << "\tmax " << p.max_validity_days
              << " days\t" << p.description << "\n";
  }
  return 0;
}

int ShowProfile(const ConfigSource& source, const std::string& name) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto p = (*op)->store->Transact(
      [&](store::Transaction& tx) { return tx.profiles().FindByName(name); });
  if (!p) return Report(p.error());
  auto join = [](const auto& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ",") + std::string(x);
    return out;
  };
  std::vector<std::string> terms, fields;
  for (int t : p->terms) terms.push_back(std::to_string(t));
  for (auto f : p->subject_fields) fields.emplace_back(core::ToString(f));
  std::cout << "name:               " << p->name << "\n"
            << "kind:               " << core::ToString(p->kind) << "\n"
            << "active:             " << (p->is_active ? "yes" : "no") << "\n"
            << "terms (days):       " << join(terms) << "\n"
            << "max validity days:  " << p->max_validity_days << "\n"
            << "key usage:          " << join(p->key_usage) << "\n"
            << "extended key usage: " << join(p->extended_key_usage) << "\n"
            << "policies:           " << join(p->policies) << "\n"
            << "subject fields:     " << join(fields) << "\n"
            << "keys:               "
            << (p->allow_rsa ? "RSA " + std::to_string(p->min_rsa_bits) + "-" +
                                   std::to_string(p->max_rsa_bits) + " "
                             : "")
            << (p->allow_ec ? "EC P-256/P-384 " : "") << (p->allow_ed25519 ? "Ed25519" : "") << "\n"
            << "names:              at most " << p->max_names
            << (p->allow_wildcard ? ", wildcards" : "") << (p->allow_ip ? ", IP addresses" : "")
            << (p->allow_email ? ", email" : "")
            << (p->allow_internal_names ? ", internal names" : "") << "\n";
  return 0;
}

struct ProfileEdit {
  std::optional<int> max_validity_days;
  std::vector<int> terms;
  std::optional<bool> active, allow_wildcard;
  std::vector<std::string> policies;
};

int SetProfile(const ConfigSource& source, const std::string& name, const ProfileEdit& edit) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto done = (*op)->store->Transact([&](store::Transaction& tx) -> core::Result<void> {
    auto p = tx.profiles().FindByName(name);
    if (!p) return core::Fail(p.error());
    if (edit.max_validity_days) p->max_validity_days = *edit.max_validity_days;
    if (!edit.terms.empty()) p->terms = edit.terms;
    if (edit.active) p->is_active = *edit.active;
    if (edit.allow_wildcard) p->allow_wildcard = *edit.allow_wildcard;
    if (!edit.policies.empty()) p->policies = edit.policies;
    if (auto why = core::ValidateProfile(*p)) {
      return core::Fail(core::ErrorCode::kMalformed, core::Reason::kProfileInvalid,
                        "profile '" + name + "': " + *why);
    }
    if (auto r = tx.profiles().Update(*p, (*op)->clock.Now()); !r) return r;
    auto audit = service::RecordAudit(tx, (*op)->clock,
                                      {.actor = "cli",
                                       .action = "profile.update",
                                       .object_type = "profile",
                                       .object_id = std::to_string(p->id.value),
                                       .detail = "{}"});
    if (!audit) return core::Fail(audit.error());
    return core::Ok();
  });
  if (!done) return Report(done.error());
  return ShowProfile(source, name);
}

int ListCas(const ConfigSource& source) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto cas = (*op)->store->Transact([](store::Transaction& tx) { return tx.cas().List(); });
  if (!cas) return Report(cas.error());
  for (const auto& ca : *cas) {
    auto cert = pki::Certificate::FromPem(ca.certificate_pem);
    std::cout << ca.name << "\t" << core::ToString(ca.role) << "\t"
              << (cert ? cert->Subject() : std::string("?")) << "\tuntil "
              << (cert ? core::ToRfc3339(cert->NotAfter()) : std::string("?")) << "\n";
  }
  return 0;
}

int ShowCa(const ConfigSource& source, const std::string& name) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto ca =
      (*op)->store->Transact([&](store::Transaction& tx) { return tx.cas().FindByName(name); });
  if (!ca) return Report(ca.error());
  auto cert = pki::Certificate::FromPem(ca->certificate_pem);
  if (!cert) return Report(cert.error());
  std::cout << "name:       " << ca->name << "\n"
            << "role:       " << core::ToString(ca->role) << "\n"
            << "subject:    " << cert->Subject() << "\n"
            << "issuer:     " << cert->Issuer() << "\n"
            << "serial:     " << cert->SerialNumberHex() << "\n"
            << "not before: " << core::ToRfc3339(cert->NotBefore()) << "\n"
            << "not after:  " << core::ToRfc3339(cert->NotAfter()) << "\n"
            << "key:        " << ca->key_ref << "\n"
            << ca->certificate_pem;
  auto crosses =
      (*op)->store->Transact([&](store::Transaction& tx) { return tx.cas().Crosses(ca->id); });
  if (!crosses) return Report(crosses.error());
  for (const auto& cross : *crosses) {
    auto c = pki::Certificate::FromPem(cross.certificate_pem);
    if (!c) return Report(c.error());
    std::cout << "cross-certificate " << cross.id << ": issuer " << c->Issuer() << ", serial "
              << c->SerialNumberHex() << ", not after " << core::ToRfc3339(c->NotAfter()) << "\n";
  }
  return 0;
}

int AddCross(const ConfigSource& source, const std::string& name, const std::string& cert,
             const std::string& chain) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  auto pem = pki::ReadFile(cert);
  auto above = chain.empty() ? core::Result<std::string>(std::string()) : pki::ReadFile(chain);
  if (!pem || !above) return Report(pem ? above.error() : pem.error());
  auto added = service::AddCrossCertificate(*(*op)->store, (*op)->clock,
                                            {.ca_name = name, .certificate_pem = *pem,
                                             .chain_pem = *above});
  if (!added) return Report(added.error());
  std::cout << "cross-certificate " << added->id << " of " << name << " added\n";
  return 0;
}

int RemoveCross(const ConfigSource& source, const std::string& name, std::int64_t id) {
  auto op = OpenOperator(source);
  if (!op) return Report(op.error());
  if (auto r = service::RemoveCrossCertificate(*(*op)->store, (*op)->clock, name, id); !r) {
    return Report(r.error());
  }
  std::cout << "cross-certificate " << id << " of " << name << " removed\n";
  return 0;
}

}  // namespace

void AddCaCommands(CLI::App& app, std::function<int()>& run) {
  // Options live as long as the App: one holder shared by the callbacks.
  struct State {
    ConfigSource source;
    std::string config_file, data_dir;
    IssueArgs issue;
    std::string serial, format, out, reason = "unspecified", ca_name, chain;
    std::int64_t cross_id = 0;
    CaInitArgs ca_init;
    CaAddArgs ca_add;
    ProfileEdit edit;
    bool pem = false;
  };
  auto s = std::make_shared<State>();
  auto common = [s](CLI::App* cmd) {
    cmd->add_option("-c,--config", s->config_file, "configuration file");
    cmd->add_option("-d,--data-dir", s->data_dir, "data directory (default: var)");
  };
  auto source = [s] {
    if (!s->config_file.empty()) s->source.file = s->config_file;
    if (!s->data_dir.empty()) s->source.data_dir = s->data_dir;
    return s->source;
  };

  auto* ca = app.add_subcommand("ca", "the CA hierarchy");
  ca->require_subcommand(1);
  auto* init = ca->add_subcommand("init", "create the root and issuing CA (if the store has none)");
  common(init);
  init->add_option("--key-algorithm", s->ca_init.key_algorithm,
                   "ec-p256 (default), ec-p384, rsa-3072, rsa-4096");
  init->add_option("--root-key", s->ca_init.root_key,
                   "the root's key in a PKCS#11 token: pkcs11:token=...;object=...;type=private;"
                   "pin-source=file:/path (needs ca.pkcs11_module)");
  init->add_option("--issuing-key", s->ca_init.issuing_key,
                   "the issuing CA's key in a PKCS#11 token (as --root-key)");
  init->callback([&run, s, source] { run = [s, source] { return InitCa(source(), s->ca_init); }; });
  auto* add = ca->add_subcommand("add-issuing", "add another issuing CA under the root");
  common(add);
  add->add_option("--name", s->ca_add.name, "CA name, e.g. issuing-2")->required();
  add->add_option("--cn", s->ca_add.cn, "subject CN");
  add->add_option("--key", s->ca_add.key,
                  "its key in a PKCS#11 token (pkcs11: URI); default: a new file key");
  add->callback(
      [&run, s, source] { run = [s, source] { return AddIssuing(source(), s->ca_add); }; });
  auto* import = ca->add_subcommand("import", "import an existing CA certificate and its key");
  common(import);
  import->add_option("--name", s->ca_add.name, "CA name")->required();
  import->add_option("--cert", s->ca_add.cert, "CA certificate, PEM");
  import->add_option("--key", s->ca_add.key, "its key: a PEM file, or a pkcs11: URI");
  import->add_option("--key-passphrase-file", s->ca_add.key_passphrase_file,
                     "passphrase of an encrypted PEM key");
  import->add_option("--pkcs12", s->ca_add.pkcs12, "certificate and key as PKCS#12 instead");
  import->add_option("--pkcs12-password-file", s->ca_add.pkcs12_password_file,
                     "the PKCS#12 password");
  import->callback([&run, s, source] {
    run = [s, source] { return ImportCa(source(), s->ca_add); };
  });
auto* list = ca->add_subcommand("list", "list the CAs");
common(list);
list->callback([&run, s, source] { run = [source] { return ListCas(source()); }; });
auto* show_ca = ca->add_subcommand("show", "show one CA and its certificate");
common(show_ca);
show_ca->add_option("name", s->ca_name, "CA name (see ca list)")->required();
show_ca->callback([&run, s, source] {
  run = [s, source] { return ShowCa(source(), s->ca_name); };
});
auto* add_cross = ca->add_subcommand(
    "add-cross", "add a cross-certificate of a CA: what it issues gets an alternative chain");
common(add_cross);
add_cross->add_option("name", s->ca_name, "CA name (see ca list)")->required();
add_cross->add_option("--cert", s->ca_add.cert, "the cross-certificate, PEM")->required();
add_cross->add_option("--chain", s->chain, "the certificates above it, PEM, nearest first");
add_cross->callback([&run, s, source] {
  run = [s, source] { return AddCross(source(), s->ca_name, s->ca_add.cert, s->chain); };
});
auto* remove_cross = ca->add_subcommand("remove-cross", "remove a cross-certificate of a CA");
common(remove_cross);
remove_cross->add_option("name", s->ca_name, "CA name (see ca list)")->required();
remove_cross->add_option("id", s->cross_id, "the cross-certificate's id (see ca show)")->required();
remove_cross->callback([&run, s, source] {
  run = [s, source] { return RemoveCross(source(), s->ca_name, s->cross_id); };
});

auto* crl = app.add_subcommand("crl", "build and publish a new CRL of an issuing CA now");
common(crl);
crl->add_option("--ca", s->ca_name, "issuing CA name")->default_val("issuing-1");
crl->add_option("-o,--out", s->out, "output file (default stdout)");
crl->add_flag("--pem", s->pem, "write PEM instead of DER");
crl->callback([&run, s, source] {
  run = [s, source] { return WriteCrl(source(), s->ca_name, s->out, s->pem); };
});

auto* profile = app.add_subcommand("profile", "certificate profiles");
profile->require_subcommand(1);
auto* plist = profile->add_subcommand("list", "list the profiles");
common(plist);
plist->callback([&run, source] { run = [source] { return ListProfiles(source()); }; });
auto* pshow = profile->add_subcommand("show", "show a profile");
common(pshow);
pshow->add_option("name", s->ca_name, "profile name")->required();
pshow->callback([&run, s, source] {
  run = [s, source] { return ShowProfile(source(), s->ca_name); };
});
auto* pset = profile->add_subcommand("set", "change a profile (checked before it is stored)");
common(pset);
pset->add_option("name", s->ca_name, "profile name")->required();
pset->add_option("--max-validity-days", s->edit.max_validity_days, "longest validity");
pset->add_option("--terms", s->edit.terms, "validity choices in days")->delimiter(',');
pset->add_option("--active", s->edit.active, "true or false");
pset->add_option("--allow-wildcard", s->edit.allow_wildcard, "true or false");
pset->add_option("--policies", s->edit.policies, "certificate policy OIDs")->delimiter(',');
pset->callback([&run, s, source] {
  run = [s, source] { return SetProfile(source(), s->ca_name, s->edit); };
});

auto* cert = app.add_subcommand("cert", "certificates");
cert->require_subcommand(1);
auto* issue = cert->add_subcommand("issue", "issue a certificate from a CSR");
common(issue);
issue->add_option("--csr", s->issue.csr_file, "CSR file, PEM or DER ('-' = stdin)")->required();
issue->add_option("--profile", s->issue.profile, "profile name (default ssl-dv)");
issue->add_option("--ca", s->issue.ca, "issuing CA name (default: the newest)");
issue->add_option("--days", s->issue.days, "validity in days (default: the profile's longest)");
issue->add_option("--dns", s->issue.dns, "authorized DNS name (repeat; default: the CSR's)");
issue->add_option("--ip", s->issue.ips, "authorized IP address (repeat)");
issue->add_option("--email", s->issue.emails, "authorized email address (repeat)");
issue->add_option("--cn", s->issue.subject.common_name, "subject CN");
issue->add_option("--org", s->issue.subject.organization, "subject O");
issue->add_option("--locality", s->issue.subject.locality, "subject L");
issue->add_option("--state", s->issue.subject.state, "subject ST");
issue->add_option("--country", s->issue.subject.country, "subject C");
issue->add_option("--format", s->issue.format, "output format (x509, pem, der, base64, bin, ...)");
issue->add_option("-o,--out", s->issue.out, "output file (default stdout)");
issue->callback([&run, s, source] { run = [s, source] { return Issue(source(), s->issue); }; });

auto* show = cert->add_subcommand("show", "show a certificate by serial");
common(show);
show->add_option("serial", s->serial, "serial number (hex)")->required();
show->add_option("--format", s->format, "print the certificate in this format instead");
show->add_option("-o,--out", s->out, "output file (default stdout)");
show->callback([&run, s, source] {
  run = [s, source] { return Show(source(), s->serial, s->format, s->out); };
});

auto* revoke = cert->add_subcommand("revoke", "revoke a certificate by serial");
common(revoke);
revoke->add_option("serial", s->serial, "serial number (hex)")->required();
revoke->add_option("--reason", s->reason, "RFC 5280 reason name or number (default unspecified)");
revoke->callback([&run, s, source] {
  run = [s, source] { return Revoke(source(), s->serial, s->reason); };
});
}

}  // namespace certkeep::cli
