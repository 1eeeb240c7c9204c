#include "secrets/OpenStore.h"

#include "secrets/EncryptedFileStore.h"
#include "secrets/KeychainStore.h"
#include "secrets/PasswordSource.h"

#include <QFileInfo>

namespace idleforge::secrets {

namespace {

bool isKeychain(const QString &spec) { return spec.isEmpty() || spec == QLatin1String("keychain"); }

Result<SecureBuffer> passwordFor(const QString &path, const PasswordChoice &choice)
{
    if (!choice.env.isEmpty())
        return passwordFromEnv(choice.env);
    if (!choice.fd.isEmpty()) {
        bool ok = false;
        const int fd = choice.fd.toInt(&ok);
        if (!ok || fd < 0)
            return makeError("secrets.usage", QStringLiteral("--password-fd takes a file descriptor number, not \"%1\"").arg(choice.fd));
        return passwordFromFd(fd);
    }
    if (!choice.mayPrompt)
        return makeError("secrets.usage", QStringLiteral("the file store %1 needs a password: pass --password-env NAME").arg(path));
    if (!choice.prompt.isEmpty())
        return passwordFromPrompt(choice.prompt, false);
    const bool exists = QFileInfo::exists(path);
    return passwordFromPrompt(exists ? QStringLiteral("Password for %1: ").arg(path) : QStringLiteral("New password for %1: ").arg(path),
                              !exists);
}

} // namespace

Result<std::unique_ptr<SecretStore>> openStore(const QString &spec, const PasswordChoice &password, const QString &keychainService)
{
    if (isKeychain(spec))
        return std::unique_ptr<SecretStore>(std::make_unique<KeychainStore>(keychainService));
    if (!spec.startsWith(QLatin1String("file:")) || spec.size() <= 5)
        return makeError("secrets.usage", QStringLiteral("a store is \"keychain\" or \"file:PATH\", not \"%1\"").arg(spec));
    const QString path = QFileInfo(spec.mid(5)).absoluteFilePath();
    auto pw = passwordFor(path, password);
    if (!pw)
        return pw.error();
    auto store = EncryptedFileStore::open(path, pw->span());
    if (!store)
        return store.error();
    return std::unique_ptr<SecretStore>(std::move(*store));
}

QString normalisedStoreSpec(const QString &spec)
{
    if (spec.startsWith(QLatin1String("file:")))
        return QStringLiteral("file:") + QFileInfo(spec.mid(5)).absoluteFilePath();
    return QStringLiteral("keychain");
}

} // namespace idleforge::secrets
