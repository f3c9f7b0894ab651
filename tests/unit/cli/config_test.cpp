#include "cli/config.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace certkeep::cli {
namespace {

core::Result<Config> Load(const std::string& toml, Environment env = {}) {
  testing::TempDir dir;
  auto file = dir.Write("certkeep.toml", toml);
  return LoadConfig(file, env);
}

TEST(LoadConfig, DefaultsWithoutAFile) {
  auto c = LoadConfig(std::nullopt, {});
  ASSERT_TRUE(c) << c.error().detail();
  EXPECT_EQ(c->server.data_dir, "var");
  EXPECT_EQ(c->http.listen, "127.0.0.1:8443");
  EXPECT_EQ(c->http.max_body_bytes, 1 << 20);
  EXPECT_EQ(c->store.backend, "sqlite");
  EXPECT_EQ(c->ca.key_algorithm, "ec-p256");
  EXPECT_EQ(c->http.server_names, std::vector<std::string>{"localhost"});
}

TEST(LoadConfig, FileValuesOverrideDefaults) {
  auto c = Load(R"(
[http]
listen = "0.0.0.0:9443"
server_names = ["ck.example.test", "localhost"]
max_body_bytes = 2048
access_log = false
[store]
backend = "postgres"
postgres_dsn = "postgresql://ck@db/ck"
)");
  ASSERT_TRUE(c) << c.error().detail();
  EXPECT_EQ(c->http.listen, "0.0.0.0:9443");
  EXPECT_EQ(c->http.server_names, (std::vector<std::string>{"ck.example.test", "localhost"}));
  EXPECT_EQ(c->http.max_body_bytes, 2048);
  EXPECT_FALSE(c->http.access_log);
  EXPECT_EQ(c->store.backend, "postgres");
}

TEST(LoadConfig, EnvironmentOverridesTheFile) {
  auto c = Load("[http]\nlisten = \"0.0.0.0:9443\"\n",
                {{"CERTKEEP_HTTP_LISTEN", "127.0.0.1:0"},
                 {"CERTKEEP_HTTP_SERVER_NAMES", "a.example.test, b.example.test"},
                 {"CERTKEEP_HTTP_ACCESS_LOG", "false"},
                 {"CERTKEEP_STORE_POOL_SIZE", "3"},
                 {"CERTKEEP_CA_PASSPHRASE", "from env"}});
  ASSERT_TRUE(c) << c.error().detail();
  EXPECT_EQ(c->http.listen, "127.0.0.1:0");
  EXPECT_EQ(c->http.server_names, (std::vector<std::string>{"a.example.test", "b.example.test"}));
  EXPECT_FALSE(c->http.access_log);
  EXPECT_EQ(c->store.pool_size, 3);
  EXPECT_EQ(c->ca.passphrase, "from env");
}

TEST(LoadConfig, VariablesOutsideTheKeySectionsAreNotConfiguration) {
  auto c = LoadConfig(std::nullopt, {{"CERTKEEP_CONFIG", "/x.toml"},
                                     {"CERTKEEP_TEST_POSTGRES_DSN", "postgresql://x"},
                                     {"HOME", "/root"}});
  EXPECT_TRUE(c) << c.error().detail();
}

struct BadCase {
  std::string name;
  std::string toml;
  Environment env;
  std::string expected;  // the message must name the key and say why
};

void PrintTo(const BadCase& c, std::ostream* os) {
  *os << c.name;
}

class BadConfigTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadConfigTest, StopsWithTheKeyAndTheReason) {
  auto c = Load(GetParam().toml, GetParam().env);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().reason(), core::Reason::kBadConfig);
  EXPECT_NE(c.error().detail().find(GetParam().expected), std::string::npos) << c.error().detail();
}

INSTANTIATE_TEST_SUITE_P(
    Cases, BadConfigTest,
    ::testing::Values(
        BadCase{"wrong_type",
                "[http]\nmax_body_bytes = \"big\"\n",
                {},
                "http.max_body_bytes: must be an integer"},
        BadCase{"out_of_range",
                "[http]\nmax_body_bytes = 10\n",
                {},
                "http.max_body_bytes: must be between"},
        BadCase{"unknown_key", "[http]\nlistn = \"x\"\n", {}, "http.listn: unknown key"},
        BadCase{"unknown_section", "[htp]\nlisten = \"x\"\n", {}, "htp: unknown section"},
        BadCase{
            "bad_listen", "[http]\nlisten = \"localhost\"\n", {}, "http.listen: must be host:port"},
        BadCase{
            "bad_port", "[http]\nlisten = \"localhost:99999\"\n", {}, "http.listen: port must be"},
        BadCase{"bad_backend",
                "[store]\nbackend = \"mysql\"\n",
                {},
                "store.backend: must be one of sqlite, postgres"},
        BadCase{"postgres_without_dsn",
                "[store]\nbackend = \"postgres\"\n",
                {},
                "store.backend: postgres needs store.postgres_dsn"},
        BadCase{"bad_algorithm", "[ca]\nkey_algorithm = \"rsa-1024\"\n", {}, "ca.key_algorithm"},
        BadCase{"bad_server_name",
                "[http]\nserver_names = [\"Bad_Name\"]\n",
                {},
                "http.server_names: 'Bad_Name'"},
        BadCase{"env_not_integer",
                "",
                {{"CERTKEEP_HTTP_THREADS", "two"}},
                "http.threads (from CERTKEEP_HTTP_THREADS): 'two' is not an integer"},
        BadCase{"env_unknown_key",
                "",
                {{"CERTKEEP_HTTP_LISTN", "x"}},
                "CERTKEEP_HTTP_LISTN: no such configuration key"},
        BadCase{"env_bad_bool",
                "",
                {{"CERTKEEP_HTTP_ACCESS_LOG", "maybe"}},
                "'maybe' is not true or false"},
        BadCase{"toml_syntax", "[http\n", {}, "certkeep.toml:"}),
    [](const auto& info) { return info.param.name; });

TEST(LoadConfig, MissingFileIsAnError) {
  auto c = LoadConfig(std::filesystem::path("/nonexistent/certkeep.toml"), {});
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().detail().find("not found"), std::string::npos);
}

TEST(DefaultConfigToml, ParsesBackToTheDefaults) {
  auto c = Load(DefaultConfigToml("/srv/certkeep"));
  ASSERT_TRUE(c) << c.error().detail();
  Config defaults;
  EXPECT_EQ(c->server.data_dir, "/srv/certkeep");
  EXPECT_EQ(c->http.listen, defaults.http.listen);
  EXPECT_EQ(c->http.max_connections, defaults.http.max_connections);
  EXPECT_EQ(c->ca.passphrase_file, defaults.ca.passphrase_file);
}

TEST(DefaultConfigToml, CommentsEveryKeyAndLeavesSecretsCommentedOut) {
  auto text = DefaultConfigToml("var");
  EXPECT_NE(text.find("# HTTPS listener"), std::string::npos);
  EXPECT_NE(text.find("# passphrase = \"\""), std::string::npos) << text;
  EXPECT_NE(text.find("# postgres_dsn = \"\""), std::string::npos) << text;
}

TEST(Config, PathsAreInsideTheDataDirUnlessAbsolute) {
  Config c;
  c.server.data_dir = "/srv/ck";
  EXPECT_EQ(c.InDataDir("ca/keys"), std::filesystem::path("/srv/ck/ca/keys"));
  EXPECT_EQ(c.InDataDir("/etc/ck/pass"), std::filesystem::path("/etc/ck/pass"));
}

}  // namespace
}  // namespace certkeep::cli
