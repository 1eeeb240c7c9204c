#include "wallet/PayoutWallet.h"

#include "crypto/Base58.h"
#include "wallet/Bip39.h"
#include "wallet/Slip10.h"

namespace idleforge::wallet {

QString solanaPath(std::uint32_t account)
{
    return QStringLiteral("m/44'/501'/%1'/0'").arg(account);
}

QString addressOf(const crypto::PublicKey &key)
{
    return QString::fromStdString(crypto::base58Encode(key));
}

std::optional<crypto::PublicKey> publicKeyFromAddress(const QString &address)
{
    const auto bytes = crypto::base58Decode(address.trimmed().toStdString());
    if (!bytes)
        return std::nullopt;
    return crypto::publicKeyFromBytes(*bytes);
}

Result<PayoutWallet> PayoutWallet::fromMnemonic(std::string_view mnemonic, std::string_view passphrase,
                                                std::uint32_t account)
{
    if (account >= slip10::kHardened)
        return makeError("wallet.bad_account", QStringLiteral("account index must be below 2^31"));
    if (auto entropy = bip39::entropyFromMnemonic(mnemonic); !entropy)
        return entropy.error();
    const crypto::SecureBuffer seed = bip39::mnemonicToSeed(mnemonic, passphrase);
    const std::vector<std::uint32_t> path{44 | slip10::kHardened, 501 | slip10::kHardened,
                                          account | slip10::kHardened, 0 | slip10::kHardened};
    const slip10::ExtendedKey k = slip10::derive(seed.span(), path);
    return PayoutWallet(crypto::Ed25519KeyPair::fromSeed(k.key.span()), account);
}

} // namespace idleforge::wallet
