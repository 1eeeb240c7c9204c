#pragma once
// The official BIP39 English word list, compiled in from resources/bip39-english.txt
// (SHA-256 2f5eed53a4727b4bf8880d8f3f199efc90e58503646d9ff8eff3a2ed3b24dbda, checked at configure time).
#include <array>

namespace idleforge::wallet {

const std::array<const char *, 2048> &bip39EnglishWords(); // sorted, index = 11-bit value

} // namespace idleforge::wallet
