#include "devnet/CoordinatorKey.h"

#include "protocol/Envelope.h"
#include "secrets/SecretStore.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace idleforge::devnet {

Result<LoadedKey> loadOrCreateCoordinatorKey(secrets::SecretStore &store)
{
    auto existing = secrets::readNow(store, kCoordinatorKeySecret);
    if (existing) {
        if (existing->size() != 32)
            return makeError("devnet.bad_key", QStringLiteral("the coordinator key in %1 is damaged (%2 bytes, not 32)")
                                                   .arg(store.describe())
                                                   .arg(existing->size()));
        return LoadedKey{crypto::Ed25519KeyPair::fromSeed(existing->span()), false};
    }
    if (existing.error().code != QLatin1String("secrets.not_found"))
        return existing.error();
    auto key = crypto::Ed25519KeyPair::generate();
    if (auto w = secrets::writeNow(store, kCoordinatorKeySecret, key.seed()); !w)
        return w.error();
    return LoadedKey{std::move(key), true};
}

Result<QString> writePublicKeyFile(const QString &dir, const crypto::PublicKey &key)
{
    const QString path = QDir(dir).filePath(QStringLiteral("coordinator.pub"));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return makeError("devnet.io", QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.write(protocol::keyToBase58(key).toLatin1() + '\n');
    if (!f.commit())
        return makeError("devnet.io", QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    return path;
}

Result<crypto::PublicKey> readPublicKeyFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return makeError("devnet.io", QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    const auto key = protocol::keyFromBase58(QString::fromLatin1(f.readLine(256).trimmed()));
    if (!key)
        return makeError("devnet.bad_key", QStringLiteral("%1 does not hold a base58 Ed25519 public key").arg(path));
    return *key;
}

} // namespace idleforge::devnet
