#include "pki/pkcs11_key_store.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <p11-kit/pkcs11.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/clock.h"
#include "pki/hierarchy.h"
#include "pki/random.h"
#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

// Debian's softhsm2; tests need it (scripts/install-deps --test installs it).
constexpr char kModule[] = "/usr/lib/softhsm/libsofthsm2.so";
constexpr char kPin[] = "1234";

// Runs `command`; returns its output, or an error text in `*error` if it failed.
std::string RunOrNote(const std::string& command, std::string* error) {
  std::string out;
  if (testing::RunCommand(command, &out) != 0 && error->empty()) {
    *error = command + "\n" + out;
  }
  return out;
}

// SoftHSM2 tokens of the test's own (../shared/peers.md): a private config in a temp
// directory, set in SOFTHSM2_CONF before the module is loaded, and keys made by
// pkcs11-tool. Made once per process, because the engine and the module stay loaded for
// the process (pkcs11_key_store.h) and read the configuration once; the directory is
// removed when the suite ends.
//   token label_:     EC P-256 "ca-key" (id 01), RSA-3072 "rsa-key" (id 02)
//   token pin_label_: EC P-256 "ca-key", for the wrong-PIN case only: once a token is
//                     logged in, it stays logged in for the process.
class Pkcs11KeyStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    label_ = "ck-test-" + std::to_string(::getpid());
    // Neither label a prefix of the other: pkcs11-tool --token-label matches prefixes.
    pin_label_ = "ck-pin-" + std::to_string(::getpid());
    if (!std::filesystem::exists(kModule)) {
      setup_error_ = std::string(kModule) + " is missing: install softhsm2 (install-deps --test)";
      return;
    }
    std::filesystem::create_directories(dir_->path() / "tokens");
    auto conf = dir_->Write("softhsm2.conf",
                            "directories.tokendir = " + (dir_->path() / "tokens").string() +
                                "\nobjectstore.backend = file\n");
    ::setenv("SOFTHSM2_CONF", conf.c_str(), 1);
    for (const auto& label : {label_, pin_label_}) {
      RunOrNote("softhsm2-util --init-token --free --label " + label + " --pin " + kPin +
                    " --so-pin 5678",
                &setup_error_);
      RunOrNote(Tool(label) + " --login --pin " + kPin +
                    " --keypairgen --key-type EC:prime256v1 --id 01 --label ca-key",
                &setup_error_);
    }
    RunOrNote(Tool(label_) + " --login --pin " + kPin +
                  " --keypairgen --key-type RSA:3072 --id 02 --label rsa-key",
              &setup_error_);
  }

  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
    auto store = Pkcs11KeyStore::Open(kModule);
    ASSERT_TRUE(store) << store.error().internal();
    store_ = std::move(*store);
  }

  // pkcs11-tool on the token labelled `label`.
  static std::string Tool(const std::string& label) {
    return std::string("pkcs11-tool --module ") + kModule + " --token-label " + label;
  }

  // Runs `command`, failing the test if it fails.
  static std::string Run(const std::string& command) {
    std::string error;
    std::string out = RunOrNote(command, &error);
    EXPECT_TRUE(error.empty()) << error;
    return out;
  }

  static std::string Uri(const std::string& object, const std::string& pin_part,
                         const std::string& label = label_) {
    return "pkcs11:token=" + label + ";object=" + object + ";type=private" + pin_part;
  }

  // The token's own public key object, converted by the openssl command line.
  static std::string TokenPublicKeyPem(const std::string& id) {
    auto der = dir_->path() / ("pub-" + id + ".der");
    Run(Tool(label_) + " --read-object --type pubkey --id " + id + " -o " + der.string());
    return Run("openssl pkey -pubin -inform DER -in " + der.string());
  }

  static inline testing::TempDir* dir_ = nullptr;
  static inline std::string label_;
  static inline std::string pin_label_;
  static inline std::string setup_error_;
  std::unique_ptr<Pkcs11KeyStore> store_;
};

TEST_F(Pkcs11KeyStoreTest, LoadsAKeyWithPinValue) {
  auto key = store_->Load(Uri("ca-key", std::string(";pin-value=") + kPin));
  ASSERT_TRUE(key) << key.error().internal();
  EXPECT_EQ(key->Public().TypeName(), "EC");
  EXPECT_EQ(key->Public().Bits(), 256);
  auto pem = key->PublicKeyPem();
  ASSERT_TRUE(pem) << pem.error().internal();
  EXPECT_EQ(*pem, TokenPublicKeyPem("01"));
}

TEST_F(Pkcs11KeyStoreTest, ReadsThePinFromAFile) {
  auto pin_file = dir_->Write("pin", std::string(kPin) + "\n");
  auto key = store_->Load(Uri("ca-key", "?pin-source=file:" + pin_file.string()));
  ASSERT_TRUE(key) << key.error().internal();
  EXPECT_EQ(*key->PublicKeyPem(), TokenPublicKeyPem("01"));
}

TEST_F(Pkcs11KeyStoreTest, ReadsThePinFromTheEnvironment) {
  ::setenv("CERTKEEP_TEST_TOKEN_PIN", kPin, 1);
  auto key = store_->Load(Uri("ca-key", "?pin-source=env:CERTKEEP_TEST_TOKEN_PIN"));
  ::unsetenv("CERTKEEP_TEST_TOKEN_PIN");
  ASSERT_TRUE(key) << key.error().internal();
  EXPECT_EQ(*key->PublicKeyPem(), TokenPublicKeyPem("01"));
}

// PrivateKey::Sign goes through EVP_DigestSign, which the engine hands to the token.
TEST_F(Pkcs11KeyStoreTest, SignaturesVerifyWithOpenSsl) {
  for (const char* object : {"ca-key", "rsa-key"}) {
    SCOPED_TRACE(object);
    auto key = store_->Load(Uri(object, std::string(";pin-value=") + kPin));
    ASSERT_TRUE(key) << key.error().internal();
    EXPECT_TRUE(key->SignatureAlgorithmDer());
    std::string data = "to be signed by the token";
    auto sig = key->Sign(data);
    ASSERT_TRUE(sig) << sig.error().internal();
    auto pub = dir_->Write("pub.pem", *key->PublicKeyPem());
    auto msg = dir_->Write("msg", data);
    auto sigf = dir_->Write("sig", *sig);
    Run("openssl dgst -sha256 -verify " + pub.string() + " -signature " + sigf.string() + " " +
        msg.string());
  }
}

// X509_sign uses the same EVP_DigestSign path, so a token key signs real certificates.
TEST_F(Pkcs11KeyStoreTest, SignsARootCertificateThatOpenSslVerifies) {
  for (const char* object : {"ca-key", "rsa-key"}) {
    SCOPED_TRACE(object);
    auto key = store_->Load(Uri(object, std::string(";pin-value=") + kPin));
    ASSERT_TRUE(key) << key.error().internal();
    OpenSslRandom random;
    auto root = MakeRootCertificate(*key, {"Token Root", "certkeep tests", "FI"},
                                    {core::SystemClock().Now(), std::chrono::days(365)}, random);
    ASSERT_TRUE(root) << root.error().internal();
    auto file = dir_->Write("root.pem", *root->ToPem());
    Run("openssl verify -x509_strict -CAfile " + file.string() + " " + file.string());
    EXPECT_EQ(Run("openssl x509 -noout -pubkey -in " + file.string()), *key->PublicKeyPem());
  }
}

// Asks the token itself, through the module's own C API, for the private key's value.
struct TokenAnswer {
  CK_RV value_rv = CKR_GENERAL_ERROR;
  CK_BBOOL sensitive = CK_FALSE;
  CK_BBOOL extractable = CK_TRUE;
};

TokenAnswer AskTokenForPrivateValue(const std::string& label, unsigned char id) {
  TokenAnswer answer;
  void* module = ::dlopen(kModule, RTLD_NOW | RTLD_LOCAL);
  EXPECT_NE(module, nullptr) << ::dlerror();
  if (module == nullptr) return answer;
  auto get_list = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(module, "C_GetFunctionList"));
  CK_FUNCTION_LIST_PTR p11 = nullptr;
  EXPECT_EQ(get_list(&p11), CKR_OK);
  CK_RV init = p11->C_Initialize(nullptr);
  // The engine may have initialized the module already: then leave it initialized.
  EXPECT_TRUE(init == CKR_OK || init == CKR_CRYPTOKI_ALREADY_INITIALIZED) << init;
  CK_SLOT_ID slots[16];
  CK_ULONG slot_count = 16;
  EXPECT_EQ(p11->C_GetSlotList(CK_TRUE, slots, &slot_count), CKR_OK);
  for (CK_ULONG i = 0; i < slot_count; ++i) {
    CK_TOKEN_INFO info;
    if (p11->C_GetTokenInfo(slots[i], &info) != CKR_OK) continue;
    std::string token_label(reinterpret_cast<char*>(info.label), sizeof info.label);
    token_label.erase(token_label.find_last_not_of(' ') + 1);
    if (token_label != label) continue;
    CK_SESSION_HANDLE session;
    EXPECT_EQ(p11->C_OpenSession(slots[i], CKF_SERIAL_SESSION, nullptr, nullptr, &session), CKR_OK);
    // Login state is per process: the engine may have logged in already.
    std::string pin = kPin;
    CK_RV login =
        p11->C_Login(session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(pin.data()), pin.size());
    EXPECT_TRUE(login == CKR_OK || login == CKR_USER_ALREADY_LOGGED_IN) << login;
    CK_OBJECT_CLASS klass = CKO_PRIVATE_KEY;
    CK_ATTRIBUTE find[] = {{CKA_CLASS, &klass, sizeof klass}, {CKA_ID, &id, 1}};
    CK_OBJECT_HANDLE object;
    CK_ULONG found = 0;
    EXPECT_EQ(p11->C_FindObjectsInit(session, find, 2), CKR_OK);
    EXPECT_EQ(p11->C_FindObjects(session, &object, 1, &found), CKR_OK);
    EXPECT_EQ(p11->C_FindObjectsFinal(session), CKR_OK);
    EXPECT_EQ(found, 1u);
    if (found == 1) {
      CK_ATTRIBUTE flags[] = {{CKA_SENSITIVE, &answer.sensitive, sizeof answer.sensitive},
                              {CKA_EXTRACTABLE, &answer.extractable, sizeof answer.extractable}};
      EXPECT_EQ(p11->C_GetAttributeValue(session, object, flags, 2), CKR_OK);
      unsigned char value[512];
      CK_ATTRIBUTE secret[] = {{CKA_VALUE, value, sizeof value}};
      answer.value_rv = p11->C_GetAttributeValue(session, object, secret, 1);
      EXPECT_EQ(secret[0].ulValueLen, CK_UNAVAILABLE_INFORMATION);
    }
    if (login == CKR_OK) p11->C_Logout(session);
    p11->C_CloseSession(session);
  }
  if (init == CKR_OK) p11->C_Finalize(nullptr);
  ::dlclose(module);
  return answer;
}

TEST_F(Pkcs11KeyStoreTest, TheKeyNeverLeavesTheToken) {
  // The token's answer: CKA_SENSITIVE, not CKA_EXTRACTABLE, and CKA_VALUE refused.
  TokenAnswer answer = AskTokenForPrivateValue(label_, 0x01);
  EXPECT_EQ(answer.value_rv, CKR_ATTRIBUTE_SENSITIVE);
  EXPECT_EQ(answer.sensitive, CK_TRUE);
  EXPECT_EQ(answer.extractable, CK_FALSE);

  // The same, as pkcs11-tool reads the attributes.
  std::string objects = Run(Tool(label_) + " --list-objects --type privkey --login --pin " + kPin);
  auto at = objects.find("label:      ca-key");
  ASSERT_NE(at, std::string::npos) << objects;
  EXPECT_NE(objects.find("Access:     sensitive, always sensitive, never extractable, local", at),
            std::string::npos)
      << objects;
  // pkcs11-tool will not even try (it refuses private keys itself), and writes nothing.
  auto out = dir_->path() / "private.der";
  std::string read = Run(Tool(label_) + " --login --pin " + kPin +
                         " --read-object --type privkey --id 01 -o " + out.string());
  EXPECT_FALSE(std::filesystem::exists(out)) << read;

  // Nor does certkeep's own API write it out.
  auto key = store_->Load(Uri("ca-key", std::string(";pin-value=") + kPin));
  ASSERT_TRUE(key) << key.error().internal();
  EXPECT_FALSE(key->ToPem());
  EXPECT_FALSE(key->ToEncryptedPem("passphrase"));
}

TEST_F(Pkcs11KeyStoreTest, AWrongPinFailsWithoutShowingThePin) {
  const std::string wrong = "97531";
  auto key = store_->Load(Uri("ca-key", ";pin-value=" + wrong, pin_label_));
  ASSERT_FALSE(key);
  EXPECT_EQ(key.error().reason(), core::Reason::kPkcs11);
  EXPECT_NE(key.error().internal().find("wrong PIN"), std::string::npos) << key.error().internal();
  EXPECT_EQ(key.error().internal().find(wrong), std::string::npos) << key.error().internal();
  EXPECT_EQ(key.error().detail().find(wrong), std::string::npos);
  EXPECT_EQ(key.error().internal().find("pin-value"), std::string::npos);

  // And the right PIN still works afterwards.
  EXPECT_TRUE(store_->Load(Uri("ca-key", std::string(";pin-value=") + kPin, pin_label_)));
}

// Documented in pkcs11_key_store.h: libp11 skips C_Login when the token is logged in.
TEST_F(Pkcs11KeyStoreTest, ALoggedInTokenIgnoresTheUrisPin) {
  ASSERT_TRUE(store_->Load(Uri("ca-key", std::string(";pin-value=") + kPin)));
  EXPECT_TRUE(store_->Load(Uri("ca-key", ";pin-value=97531")));
}

TEST_F(Pkcs11KeyStoreTest, AnUnknownObjectIsAnError) {
  for (const std::string& uri :
       {Uri("no-such-key", std::string(";pin-value=") + kPin),
        "pkcs11:token=no-such-token;object=ca-key;type=private;pin-value=" + std::string(kPin)}) {
    SCOPED_TRACE(uri);
    auto key = store_->Load(uri);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().reason(), core::Reason::kPkcs11);
    EXPECT_EQ(key.error().internal().find(kPin), std::string::npos) << key.error().internal();
  }
}

TEST_F(Pkcs11KeyStoreTest, RefusesUrisItCannotUseSafely) {
  struct Case {
    const char* name;
    std::string uri;
  };
  const Case cases[] = {
      {"fail/no-pin", Uri("ca-key", "")},
      {"fail/no-token", "pkcs11:object=ca-key;type=private;pin-value=1234"},
      {"fail/slot-instead-of-label", "pkcs11:slot-id=0;object=ca-key;pin-value=1234"},
      {"fail/not-pkcs11", "file:ca.key.pem"},
      {"fail/both-pins", Uri("ca-key", ";pin-value=1234?pin-source=env:X")},
      {"fail/unset-variable", Uri("ca-key", "?pin-source=env:CERTKEEP_TEST_UNSET_PIN")},
      {"fail/missing-pin-file", Uri("ca-key", "?pin-source=file:/nonexistent/pin")},
      {"fail/module-in-uri", Uri("ca-key", "?module-path=/tmp/evil.so&pin-value=1234")},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto key = store_->Load(c.uri);
    ASSERT_FALSE(key);
    EXPECT_EQ(key.error().reason(), core::Reason::kPkcs11);
    EXPECT_EQ(key.error().internal().find("1234"), std::string::npos) << key.error().internal();
  }
}

// The engine stays loaded: keys outlive their store, and stores on one module share it.
TEST_F(Pkcs11KeyStoreTest, KeysOutliveTheirStore) {
  auto other = Pkcs11KeyStore::Open(kModule);
  ASSERT_TRUE(other);
  auto key = (*other)->Load(Uri("ca-key", std::string(";pin-value=") + kPin));
  ASSERT_TRUE(key) << key.error().internal();
  other->reset();
  store_.reset();
  auto sig = key->Sign("still signing");
  EXPECT_TRUE(sig) << sig.error().internal();
  PrivateKey moved = std::move(*key);
  EXPECT_TRUE(moved.Sign("after a move"));
}

TEST(Pkcs11KeyStore, OpenFailsWithoutTheModule) {
  auto store = Pkcs11KeyStore::Open("/nonexistent/libpkcs11.so");
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().reason(), core::Reason::kPkcs11);
}

TEST(RedactPkcs11Uri, RemovesPinValueAndKeepsTheRest) {
  struct Case {
    const char* name;
    const char* uri;
    const char* want;
  };
  const Case cases[] = {
      {"ok/path-pin", "pkcs11:token=ck;object=ca-key;type=private;pin-value=1234",
       "pkcs11:token=ck;object=ca-key;type=private"},
      {"ok/query-pin", "pkcs11:token=ck;object=k?pin-value=1234", "pkcs11:token=ck;object=k"},
      {"ok/keeps-pin-source", "pkcs11:token=ck?pin-source=file:/run/pin&pin-value=12%2034",
       "pkcs11:token=ck?pin-source=file:/run/pin"},
      {"ok/first-attribute", "pkcs11:pin-value=1;token=ck;id=%01", "pkcs11:token=ck;id=%01"},
      {"ok/nothing-to-remove", "pkcs11:token=My%20HSM;object=k;type=private",
       "pkcs11:token=My%20HSM;object=k;type=private"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(RedactPkcs11Uri(c.uri), c.want);
  }
}

}  // namespace
}  // namespace certkeep::pki
