#pragma once
// BIP39 mnemonics (English list): entropy <-> words with checksum, and the 64-byte seed.
// Mnemonics and seeds are secrets, so they live in SecureBuffers (UTF-8 text for mnemonics).
#include "base/Error.h"
#include "crypto/SecureBuffer.h"

#include <QStringList>

#include <span>
#include <string_view>

namespace idleforge::wallet {

using crypto::SecureBuffer;

namespace bip39 {

// 12, 15, 18, 21 or 24 words <-> 16, 20, 24, 28 or 32 bytes of entropy.
bool isValidWordCount(int words);

SecureBuffer mnemonicFromEntropy(std::span<const std::uint8_t> entropy); // size must be valid
SecureBuffer generateMnemonic(int words = 24);                          // fresh OS randomness

// Checks and decodes a mnemonic typed by a person: case, leading/trailing and repeated
// whitespace are forgiven. Errors (code, message):
//   wallet.word_count    "expected 12, 15, 18, 21 or 24 words, got N"
//   wallet.unknown_word  names the word and its position and suggests the closest valid words
//   wallet.bad_checksum  all words are valid but the checksum does not match (a word is wrong
//                        or the order is)
Result<SecureBuffer> entropyFromMnemonic(std::string_view mnemonic);

// The canonical form: lower case, single spaces. Input is not validated.
SecureBuffer normalizeMnemonic(std::string_view mnemonic);

// PBKDF2-HMAC-SHA512(NFKD(mnemonic), "mnemonic" + NFKD(passphrase), 2048) -> 64 bytes.
// The mnemonic is normalised (normalizeMnemonic) first but not validated.
SecureBuffer mnemonicToSeed(std::string_view mnemonic, std::string_view passphrase);

// Up to `count` list words closest to `word` (edit distance, shared prefix breaking ties); only
// its first 16 letters are compared, so a pasted blob costs no more than a word.
QStringList closestWords(const QString &word, int count = 3);
bool isListWord(std::string_view word);

} // namespace bip39
} // namespace idleforge::wallet
