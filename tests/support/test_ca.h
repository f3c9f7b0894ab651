#pragma once
// certkeep's own CA over a TestStore, for service tests: the hierarchy (keys in files
// under the store's directory; root.pem and issuing.pem written beside them for the
// openssl command line), the default profiles, the key ring and an Issuer.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "pki/file_key_store.h"
#include "pki/random.h"
#include "service/hierarchy_setup.h"
#include "service/issuer.h"
#include "support/test_store.h"

namespace certkeep::testing {

struct TestCa {
  std::unique_ptr<pki::FileKeyStore> files;
  std::unique_ptr<service::KeyRing> keys;
  std::unique_ptr<service::Issuer> issuer;
};

/// Sets `ca` up over `db`; a failure fails the calling test (call it through
/// ASSERT_NO_FATAL_FAILURE).
inline void StartTestCa(TestStore& db, const core::Clock& clock, core::RandomSource& random,
                        TestCa& ca) {
  ca.files = std::make_unique<pki::FileKeyStore>(db.dir().path() / "keys", "pass");
  service::HierarchyOptions options{.root_name = {"Test Root", "certkeep tests", "FI"},
                                    .issuing_name = {"Test Issuing", "certkeep tests", "FI"}};
  auto h = service::EnsureHierarchy(db.store(), *ca.files, clock, random, options);
  ASSERT_TRUE(h) << h.error().internal();
  db.dir().Write("root.pem", h->root.certificate_pem);
  db.dir().Write("issuing.pem", h->issuing.certificate_pem);
  ASSERT_TRUE(service::EnsureDefaultProfiles(db.store(), clock));
  ca.keys = std::make_unique<service::KeyRing>(*ca.files);
  ca.issuer = std::make_unique<service::Issuer>(db.store(), clock, random, *ca.keys,
                                                "http://ca.example.test");
}

}  // namespace certkeep::testing
