// Mnemonic import (wallet/Bip39.h: what `idleforgectl wallet import` checks a typed phrase
// with) and the stored payout secret it becomes (wallet/WalletVault.h: PayoutSecret, also the
// form in wallet backups). The first byte picks which; the rest is the input.
// Properties: an accepted phrase is the phrase of its entropy (normalised); a decoded secret
// encodes to bytes that decode to the same secret.
#include "FuzzUtil.h"

#include "wallet/Bip39.h"
#include "wallet/WalletVault.h"

#include <string_view>

using namespace idleforge;
using namespace idleforge::wallet;

namespace {

void importPhrase(std::string_view phrase)
{
    const auto entropy = bip39::entropyFromMnemonic(phrase);
    if (!entropy)
        return;
    const SecureBuffer words = bip39::mnemonicFromEntropy(entropy->span());
    const SecureBuffer normal = bip39::normalizeMnemonic(phrase);
    FUZZ_CHECK(words.view() == normal.view());
}

void decodeSecret(std::span<const std::uint8_t> bytes)
{
    const auto secret = PayoutSecret::decode(bytes);
    if (!secret)
        return;
    const SecureBuffer encoded = secret->encode();
    const auto again = PayoutSecret::decode(encoded.span());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->account == secret->account);
    FUZZ_CHECK(again->mnemonic.view() == secret->mnemonic.view());
    FUZZ_CHECK(again->passphrase.view() == secret->passphrase.view());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    // An exact-size copy, so reading past the input is an ASan report.
    const QByteArray rest = fuzz::bytes(data + 1, size - 1);
    if (data[0] & 1)
        decodeSecret(fuzz::span(rest));
    else
        importPhrase(std::string_view(rest.constData(), std::size_t(rest.size())));
    return 0;
}
