#include "cli/notify_commands.h"

#include <unistd.h>

#include <iostream>

#include "cli/dcv_setup.h"
#include "cli/setup.h"
#include "core/random.h"
#include "core/tenancy.h"
#include "notify/mail_message.h"
#include "pki/random.h"

namespace certkeep::cli {

namespace {

// Sends the test message; 0 when the server accepted it.
int SendTest(Common& common, const std::string& address) {
  if (!core::IsPlausibleEmail(address)) {
    std::cerr << "certkeep: '" << address << "' is not an email address\n";
    return 2;
  }
  if (!common.config_file.empty()) common.source.file = common.config_file;
  if (!common.data_dir.empty()) common.source.data_dir = common.data_dir;
  auto config = LoadFor(common.source);
  if (!config) {
    std::cerr << "certkeep: " << config.error().detail() << "\n";
    return 2;
  }
  auto smtp = MakeSmtpTransport(*config);
  if (!smtp) {
    std::cerr << "certkeep: " << smtp.error().detail() << "\n";
    return 2;
  }
  if (!*smtp) {
    std::cerr << "certkeep: mail.smtp_url is empty: no SMTP server is configured\n";
    return 2;
  }
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  pki::OpenSslRandom random;
  core::SystemClock clock;
  auto domain = notify::AddressOf(config->mail.from);
  domain = domain.substr(domain.find('@') + 1);
  notify::MailMessage message{
      .from = config->mail.from,
      .to = {address},
      .subject = "certkeep test message",
      .text = "This is a test message from certkeep on " + std::string(host) + ", sent at " +
              core::ToRfc3339(clock.Now()) + " through " + config->mail.smtp_url +
              ".\n\nIf you read this, certkeep's notifications reach you.\n",
      .message_id = "<test-" + core::Hex(random.Bytes(16)) + "@" + domain + ">",
      .date = clock.Now()};
  if (auto r = (*smtp)->Send(message); !r) {
    std::cerr << "certkeep: not sent: " << r.error().detail() << "\n";
    return 1;
  }
  std::cout << "sent " << message.message_id << " to " << address << " through "
            << config->mail.smtp_url << "\n";
  return 0;
}

}  // namespace

void AddNotifyCommands(CLI::App& app, Common& common, std::function<int()>& run) {
  auto* notify = app.add_subcommand("notify", "email notifications");
  notify->require_subcommand(1);
  auto* test = notify->add_subcommand(
      "test", "send one test message through the configured SMTP server (mail.smtp_url)");
  AddCommon(test, common, false);
  auto address = std::make_shared<std::string>();
  test->add_option("address", *address, "recipient")->required();
  test->callback([&common, &run, address] {
    run = [&common, address] { return SendTest(common, *address); };
  });
}

}  // namespace certkeep::cli
