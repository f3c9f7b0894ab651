#include "pki/file_key_store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace certkeep::pki {
namespace {

TEST(FileKeyStore, PutWritesAnEncryptedOwnerOnlyFile) {
  testing::TempDir dir;
  FileKeyStore keys(dir.path() / "keys", "s3cret");
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto ref = keys.Put("root-1", *key);
  ASSERT_TRUE(ref) << ref.error().internal();
  EXPECT_EQ(*ref, "file:root-1.key.pem");
  auto path = dir.path() / "keys" / "root-1.key.pem";
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  auto text = ReadFile(path);
  EXPECT_NE(text->find("ENCRYPTED PRIVATE KEY"), std::string::npos);
  auto loaded = keys.Load(*ref);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(*loaded->PublicKeyPem(), *key->PublicKeyPem());
}

TEST(FileKeyStore, RefusesToOverwriteAKey) {
  testing::TempDir dir;
  FileKeyStore keys(dir.path(), "s3cret");
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  ASSERT_TRUE(keys.Put("k", *key));
  auto again = keys.Put("k", *key);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kConflict);
}

TEST(FileKeyStore, WrongPassphraseFailsToLoad) {
  testing::TempDir dir;
  auto key = PrivateKey::Generate(KeyAlgorithm::kEcP256);
  auto ref = FileKeyStore(dir.path(), "one").Put("k", *key);
  auto loaded = FileKeyStore(dir.path(), "two").Load(*ref);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().reason(), core::Reason::kBadPassphrase);
}

TEST(FileKeyStore, RejectsRefsThatLeaveTheDirectory) {
  testing::TempDir dir;
  FileKeyStore keys(dir.path(), "x");
  EXPECT_FALSE(keys.Load("file:../../etc/passwd"));
  EXPECT_FALSE(keys.Load("pkcs11:token=x"));
}

}  // namespace
}  // namespace certkeep::pki
