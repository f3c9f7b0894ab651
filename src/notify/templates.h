#pragma once
// The words of each notification: a subject, a plain-text body and an HTML body, with
// placeholders written {{name}}. certkeep ships an English set; a customer may override
// any of them (service/notifications), and a message is rendered from whichever applies
// when it is written to the outbox.

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/notification.h"

namespace certkeep::notify {

struct MailTemplate {
  std::string subject{};
  std::string text{};
  std::string html{};  ///< empty: the message is plain text only
};

/// The values of the placeholders of one message ("commonName" -> "www.uni.example").
using TemplateValues = std::map<std::string, std::string, std::less<>>;

/// The names a template may use.
[[nodiscard]] std::span<const std::string_view> TemplatePlaceholders();

/// certkeep's own template of `type`.
[[nodiscard]] MailTemplate DefaultTemplate(core::NotificationType type);

/// `tmpl` with each {{name}} replaced by its value ("" when the message has none): as is in
/// the subject and text (the subject loses line breaks, so no value can add a header),
/// HTML-escaped in the HTML, so that a certificate's name can never inject markup.
[[nodiscard]] MailTemplate RenderTemplate(const MailTemplate& tmpl, const TemplateValues& values);

/// Longest subject and body a customer may store.
inline constexpr std::size_t kTemplateMaxSubject = 512;
inline constexpr std::size_t kTemplateMaxBody = 64 * 1024;

}  // namespace certkeep::notify
