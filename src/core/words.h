#pragma once
// Tables of the words a vocabulary is written with (SCM's "SSL Expiration", "ANYDEPT"):
// one row per enumerator, read both ways. Words are matched without regard to case, as
// people and scripts type them.

#include <algorithm>
#include <cctype>
#include <optional>
#include <span>
#include <string_view>

namespace certkeep::core {

template <typename E>
struct Word {
  E value;
  std::string_view text;
};

/// The word of `value`, "?" if the table lacks it.
template <typename E>
[[nodiscard]] std::string_view WordOf(std::span<const Word<E>> words, E value) {
  for (const auto& w : words) {
    if (w.value == value) return w.text;
  }
  return "?";
}

/// The enumerator written `text`, in any case.
template <typename E>
[[nodiscard]] std::optional<E> ValueOf(std::span<const Word<E>> words, std::string_view text) {
  for (const auto& w : words) {
    if (w.text.size() == text.size() &&
        std::equal(w.text.begin(), w.text.end(), text.begin(), [](char x, char y) {
          return std::toupper(static_cast<unsigned char>(x)) ==
                 std::toupper(static_cast<unsigned char>(y));
        })) {
      return w.value;
    }
  }
  return std::nullopt;
}

}  // namespace certkeep::core
