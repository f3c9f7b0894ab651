#include "pki/encoding.h"

#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <set>
#include <sstream>

#include "pki/hierarchy.h"
#include "pki/random.h"
#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

using std::chrono::days;
using Names = std::vector<std::string>;

// Root -> "Test Policy" -> "Test Issuing" -> leaf: two CAs between leaf and root, so the
// tests see the order of the issuers and not only their presence. (The policy CA's
// pathLenConstraint 0 makes the chain fail `openssl verify`; no test here verifies it.)
struct Chain {
  PrivateKey leaf_key;
  Certificate leaf;
  std::vector<Certificate> issuers;  // issuing, policy, root
};

constexpr const char* kLeaf = "www.example.test";
constexpr const char* kIssuing = "Test Issuing";
constexpr const char* kPolicy = "Test Policy";
constexpr const char* kRoot = "Test Root";

std::unique_ptr<Chain> MakeChain() {
  OpenSslRandom random;
  auto now = core::SystemClock().Now();
  auto root_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto root =
      MakeRootCertificate(*root_key, {kRoot, "certkeep tests", "FI"}, {now, days(3650)}, random);
  auto policy_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto policy = MakeIssuingCaCertificate(
      *root, *root_key, *policy_key, {kPolicy, "certkeep tests", "FI"}, {now, days(1825)}, random);
  auto issuing_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto issuing =
      MakeIssuingCaCertificate(*policy, *policy_key, *issuing_key,
                               {kIssuing, "certkeep tests", "FI"}, {now, days(1825)}, random);
  auto leaf_key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto leaf = MakeServerCertificate(*issuing, *issuing_key, *leaf_key, {kLeaf}, {}, {now, days(90)},
                                    random);
  EXPECT_TRUE(root && policy && issuing && leaf);
  return std::make_unique<Chain>(
      Chain{std::move(*leaf_key), std::move(*leaf), {*issuing, *policy, *root}});
}

// The common names on the "subject=" lines openssl prints, in order.
Names SubjectCommonNames(const std::string& openssl_output) {
  static const std::regex kSubjectCn(R"(^subject=.*CN ?= ?([^,\n]+))");
  Names out;
  std::istringstream lines(openssl_output);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_search(line, m, kSubjectCn)) out.push_back(m[1]);
  }
  return out;
}

// Splits PEM text into certificate blocks, failing the test if anything else is in it, and
// has openssl read each block.
Names PemCommonNames(const testing::TempDir& dir, const std::string& pem) {
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----\n";
  Names out;
  std::size_t at = 0;
  while (at < pem.size()) {
    EXPECT_EQ(pem.compare(at, 27, "-----BEGIN CERTIFICATE-----"), 0) << pem.substr(at);
    std::size_t end = pem.find(kEnd, at);
    if (end == std::string::npos) {
      ADD_FAILURE() << "unterminated PEM block";
      break;
    }
    end += kEnd.size();
    auto file = dir.Write("block.pem", pem.substr(at, end - at));
    std::string text;
    EXPECT_EQ(testing::RunCommand("openssl x509 -noout -subject -in " + file.string(), &text), 0)
        << text;
    Names one = SubjectCommonNames(text);
    out.insert(out.end(), one.begin(), one.end());
    at = end;
  }
  return out;
}

Names Pkcs7CommonNames(const testing::TempDir& dir, const std::string& body, bool pem) {
  auto file = dir.Write("bundle.p7b", body);
  std::string text;
  EXPECT_EQ(testing::RunCommand(std::string("openssl pkcs7 -print_certs -noout -inform ") +
                                    (pem ? "PEM" : "DER") + " -in " + file.string(),
                                &text),
            0)
      << text;
  return SubjectCommonNames(text);
}

// ---------------------------------------------------------------------------------------
// The format table

TEST(ParseCertificateFormat, AcceptsTheScmSpellingsInAnyCase) {
  struct Case {
    const char* name;
    CertificateFormat want;
  };
  for (const Case& c : std::vector<Case>{
           {"x509", CertificateFormat::kX509},
           {"X509", CertificateFormat::kX509},
           {"x509CO", CertificateFormat::kX509CO},
           {"x509co", CertificateFormat::kX509CO},
           {"X509IO", CertificateFormat::kX509IO},
           {"x509ior", CertificateFormat::kX509IOR},
           {"x509R", CertificateFormat::kX509R},
           {"x509r", CertificateFormat::kX509R},
           {"base64", CertificateFormat::kBase64},
           {"BASE64", CertificateFormat::kBase64},
           {"bin", CertificateFormat::kBin},
           {"pem", CertificateFormat::kPem},
           {"PemCo", CertificateFormat::kPemCO},
           {"pemia", CertificateFormat::kPemIA},
           {"der", CertificateFormat::kDer},
           {"DER", CertificateFormat::kDer},
       }) {
    auto got = ParseCertificateFormat(c.name);
    ASSERT_TRUE(got) << c.name << ": " << got.error().detail();
    EXPECT_EQ(*got, c.want) << c.name;
  }
}

TEST(ParseCertificateFormat, RefusesUnknownNamesWithUnsupportedFormat) {
  for (const char* name : {"xyz", "", "x509 ", "p12", "pkcs7", "x509CO\n"}) {
    auto got = ParseCertificateFormat(name);
    ASSERT_FALSE(got) << name;
    EXPECT_EQ(got.error().code(), core::ErrorCode::kMalformed);
    EXPECT_EQ(got.error().reason(), core::Reason::kUnsupportedFormat);
    EXPECT_NE(got.error().detail().find("x509IOR"), std::string::npos) << got.error().detail();
  }
  EXPECT_EQ(ParseCertificateFormat("xyz").error().detail(),
            "unknown certificate format 'xyz' (expected one of x509, x509CO, x509IO, x509IOR, "
            "x509R, base64, bin, pem, pemco, pemia, der)");
}

TEST(CertificateFormats, HasOneRowPerFormatInEnumOrder) {
  auto rows = CertificateFormats();
  ASSERT_EQ(rows.size(), static_cast<std::size_t>(CertificateFormat::kDer) + 1);
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(rows[i].format), i);
    EXPECT_FALSE(rows[i].content.empty()) << rows[i].name;
    EXPECT_TRUE(names.insert(rows[i].name).second) << "duplicate " << rows[i].name;
    EXPECT_EQ(ToString(rows[i].format), rows[i].name);
    auto parsed = ParseCertificateFormat(rows[i].name);
    ASSERT_TRUE(parsed) << rows[i].name;
    EXPECT_EQ(*parsed, rows[i].format);
  }
}

// ---------------------------------------------------------------------------------------
// EncodeCertificate: every format's content and order, read back by openssl

enum class Shape { kPem, kPkcs7Pem, kPkcs7Der, kDer };

struct FormatCase {
  CertificateFormat format;
  Names common_names;  // in the order the file must hold them
  Shape shape;
  const char* content_type;
  const char* suffix;
};

const FormatCase kCases[] = {
    {CertificateFormat::kX509,
     {kLeaf, kIssuing, kPolicy, kRoot},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kX509CO, {kLeaf}, Shape::kPem, "application/pem-certificate-chain", ".crt"},
    {CertificateFormat::kX509IO,
     {kIssuing, kPolicy, kRoot},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kX509IOR,
     {kRoot, kPolicy, kIssuing},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kX509R,
     {kRoot, kPolicy, kIssuing, kLeaf},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kBase64,
     {kLeaf, kIssuing, kPolicy, kRoot},
     Shape::kPkcs7Pem,
     "application/pkcs7-mime",
     ".p7b"},
    {CertificateFormat::kBin,
     {kLeaf, kIssuing, kPolicy, kRoot},
     Shape::kPkcs7Der,
     "application/pkcs7-mime",
     ".p7b"},
    {CertificateFormat::kPem,
     {kLeaf, kIssuing, kPolicy, kRoot},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kPemCO, {kLeaf}, Shape::kPem, "application/pem-certificate-chain", ".crt"},
    {CertificateFormat::kPemIA,
     {kLeaf, kIssuing},
     Shape::kPem,
     "application/pem-certificate-chain",
     ".pem"},
    {CertificateFormat::kDer, {kLeaf}, Shape::kDer, "application/pkix-cert", ".cer"},
};

class EncodingTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { chain_ = MakeChain(); }
  static void TearDownTestSuite() { chain_.reset(); }
  static const Chain& chain() { return *chain_; }

 private:
  static inline std::unique_ptr<Chain> chain_;
};

class EncodeCertificateTest : public EncodingTest,
                              public ::testing::WithParamInterface<FormatCase> {};

TEST_P(EncodeCertificateTest, HoldsExactlyTheTableCertificatesInOrder) {
  const FormatCase& c = GetParam();
  testing::TempDir dir;
  auto got = EncodeCertificate(c.format, chain().leaf, chain().issuers);
  ASSERT_TRUE(got) << got.error().internal();
  EXPECT_EQ(got->content_type, c.content_type);
  EXPECT_EQ(got->file_name_suffix, c.suffix);
  switch (c.shape) {
    case Shape::kPem:
      EXPECT_EQ(PemCommonNames(dir, got->body), c.common_names);
      break;
    case Shape::kPkcs7Pem:
      EXPECT_EQ(got->body.rfind("-----BEGIN PKCS7-----\n", 0), 0u) << got->body;
      EXPECT_EQ(Pkcs7CommonNames(dir, got->body, true), c.common_names);
      break;
    case Shape::kPkcs7Der:
      EXPECT_EQ(got->body.find("-----"), std::string::npos);
      EXPECT_EQ(Pkcs7CommonNames(dir, got->body, false), c.common_names);
      break;
    case Shape::kDer: {
      auto file = dir.Write("leaf.cer", got->body);
      std::string pem;
      ASSERT_EQ(
          testing::RunCommand("openssl x509 -inform DER -outform PEM -in " + file.string(), &pem),
          0)
          << pem;
      EXPECT_EQ(pem, *chain().leaf.ToPem());
      break;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, EncodeCertificateTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<FormatCase>& info) {
                           return std::string(ToString(info.param.format));
                         });

TEST_P(EncodeCertificateTest, FromStoredPemGivesTheSameBytes) {
  const FormatCase& c = GetParam();
  auto parsed = EncodeCertificate(c.format, chain().leaf, chain().issuers);
  ASSERT_TRUE(parsed) << parsed.error().internal();
  // As certkeep stores it, and as another writer might have: CRLF line ends.
  std::string stored = *chain().leaf.ToPem();
  std::string crlf;
  for (char ch : stored) crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  for (const std::string& pem : {stored, crlf}) {
    auto got = EncodeStoredCertificate(c.format, pem, chain().issuers);
    ASSERT_TRUE(got) << got.error().internal();
    EXPECT_EQ(got->body, parsed->body);
    EXPECT_EQ(got->content_type, parsed->content_type);
    EXPECT_EQ(got->file_name_suffix, parsed->file_name_suffix);
  }
}

TEST_F(EncodingTest, AStoredTextThatIsNotPemIsAnInternalError) {
  for (std::string_view text : {"", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----\n",
                                "-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n"}) {
    auto got = EncodeStoredCertificate(CertificateFormat::kX509CO, text, chain().issuers);
    ASSERT_FALSE(got) << text;
    EXPECT_EQ(got.error().code(), core::ErrorCode::kInternal);
  }
}

TEST_F(EncodingTest, EveryFormatHasACase) {
  std::set<CertificateFormat> covered;
  for (const FormatCase& c : kCases) covered.insert(c.format);
  for (const FormatRow& row : CertificateFormats()) {
    EXPECT_TRUE(covered.count(row.format)) << row.name << " has no case in kCases";
  }
}

TEST_F(EncodingTest, RefusesIssuersOutOfOrder) {
  const auto& i = chain().issuers;
  auto got = EncodeCertificate(CertificateFormat::kX509, chain().leaf, {i[1], i[0], i[2]});
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code(), core::ErrorCode::kInternal);
  EXPECT_EQ(got.error().reason(), core::Reason::kBadCertificate);
}

TEST_F(EncodingTest, IssuerFormatsNeedIssuers) {
  for (auto format :
       {CertificateFormat::kX509IO, CertificateFormat::kX509IOR, CertificateFormat::kPemIA}) {
    auto got = EncodeCertificate(format, chain().leaf, {});
    ASSERT_FALSE(got) << ToString(format);
    EXPECT_EQ(got.error().reason(), core::Reason::kBadCertificate);
  }
  auto alone = EncodeCertificate(CertificateFormat::kX509, chain().leaf, {});
  ASSERT_TRUE(alone);
  EXPECT_EQ(alone->body, *chain().leaf.ToPem());
}

TEST_F(EncodingTest, ToDerRoundTripsThroughOpenSsl) {
  testing::TempDir dir;
  for (const Certificate& cert : chain().issuers) {
    auto der = ToDer(cert);
    ASSERT_TRUE(der);
    auto file = dir.Write("c.der", *der);
    std::string pem;
    ASSERT_EQ(
        testing::RunCommand("openssl x509 -inform DER -outform PEM -in " + file.string(), &pem), 0)
        << pem;
    EXPECT_EQ(pem, *cert.ToPem());
  }
}

TEST_F(EncodingTest, Pkcs7KeepsTheOrderGivenAndHasNoContentOrSigners) {
  testing::TempDir dir;
  const auto& i = chain().issuers;
  auto der = Pkcs7({i[2], chain().leaf, i[1]}, false);
  ASSERT_TRUE(der) << der.error().internal();
  EXPECT_EQ(Pkcs7CommonNames(dir, *der, false), (Names{kRoot, kLeaf, kPolicy}));
  auto file = dir.Write("p.p7b", *der);
  std::string text;
  ASSERT_EQ(
      testing::RunCommand("openssl pkcs7 -inform DER -print -noout -in " + file.string(), &text), 0)
      << text;
  // RFC 5652 §5.2: a degenerate SignedData has id-data content that is omitted.
  EXPECT_NE(text.find("type: pkcs7-data"), std::string::npos) << text;
  EXPECT_NE(text.find("d.data: <ABSENT>"), std::string::npos) << text;
  EXPECT_FALSE(Pkcs7({}, true));
}

// ---------------------------------------------------------------------------------------
// PKCS#12

constexpr const char* kPassword = "correct horse";

class Pkcs12Test : public EncodingTest {
 protected:
  // Writes the PKCS#12 to a file and returns its path.
  std::string WriteBundle(const testing::TempDir& dir) {
    auto p12 = Pkcs12(chain().leaf_key, chain().leaf, chain().issuers, kPassword, "My Server");
    EXPECT_TRUE(p12) << p12.error().internal();
    return dir.Write("bundle.p12", p12.value_or("")).string();
  }
};

TEST_F(Pkcs12Test, UsesAes256Pbkdf2AndASha256Mac) {
  testing::TempDir dir;
  auto file = WriteBundle(dir);
  // -nokeys -nocerts: only the structure, so no base64 can match a legacy name by chance.
  std::string info;
  ASSERT_EQ(testing::RunCommand("openssl pkcs12 -info -nokeys -nocerts -in " + file +
                                    " -passin pass:'" + kPassword + "'",
                                &info),
            0)
      << info;
  EXPECT_NE(info.find("MAC: sha256, Iteration 10000"), std::string::npos) << info;
  EXPECT_NE(info.find("salt length: 16"), std::string::npos) << info;
  EXPECT_NE(info.find("PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF "
                      "hmacWithSHA256"),
            std::string::npos)
      << info;
  EXPECT_NE(info.find("Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF "
                      "hmacWithSHA256"),
            std::string::npos)
      << info;
  for (const char* legacy : {"RC2", "3DES", "DES-EDE", "pbeWithSHA1", "sha1"}) {
    EXPECT_EQ(info.find(legacy), std::string::npos) << legacy << " in\n" << info;
  }
}

TEST_F(Pkcs12Test, HoldsTheChainLeafFirstWithTheFriendlyName) {
  testing::TempDir dir;
  auto file = WriteBundle(dir);
  std::string out;
  ASSERT_EQ(testing::RunCommand(
                "openssl pkcs12 -nokeys -in " + file + " -passin pass:'" + kPassword + "'", &out),
            0)
      << out;
  EXPECT_NE(out.find("friendlyName: My Server"), std::string::npos) << out;
  EXPECT_EQ(SubjectCommonNames(out), (Names{kLeaf, kIssuing, kPolicy, kRoot}));
}

TEST_F(Pkcs12Test, GivesTheKeyBackToTheRightPassword) {
  testing::TempDir dir;
  auto file = WriteBundle(dir);
  auto key_file = (dir.path() / "key.pem").string();
  std::string out;
  ASSERT_EQ(testing::RunCommand("openssl pkcs12 -nocerts -nodes -in " + file + " -passin pass:'" +
                                    kPassword + "' -out " + key_file,
                                &out),
            0)
      << out;
  ASSERT_EQ(testing::RunCommand("openssl pkey -pubout -in " + key_file, &out), 0) << out;
  EXPECT_EQ(out, *chain().leaf_key.PublicKeyPem());
}

TEST_F(Pkcs12Test, WrongPasswordFails) {
  testing::TempDir dir;
  auto file = WriteBundle(dir);
  std::string out;
  EXPECT_NE(
      testing::RunCommand("openssl pkcs12 -info -nokeys -in " + file + " -passin pass:wrong", &out),
      0)
      << out;
  EXPECT_NE(testing::RunCommand("openssl pkcs12 -nocerts -nodes -in " + file +
                                    " -passin pass:wrong -out " + (dir.path() / "k.pem").string(),
                                &out),
            0)
      << out;
}

TEST_F(Pkcs12Test, RefusesAnEmptyPasswordAndAForeignKey) {
  auto empty = Pkcs12(chain().leaf_key, chain().leaf, chain().issuers, "", "");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().reason(), core::Reason::kBadPassphrase);
  auto other = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto foreign = Pkcs12(*other, chain().leaf, chain().issuers, kPassword, "");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().reason(), core::Reason::kBadKey);
}

}  // namespace
}  // namespace certkeep::pki
