// idleforgectl wallet create, import, derive and restore: a payout wallet and node identity
// from a new phrase, a typed phrase or a backup file (Wallet.h).
#include "Wallet.h"

#include "secrets/EncryptedFileStore.h"
#include "secrets/OpenStore.h"
#include "secrets/PasswordSource.h"
#include "wallet/Bip39.h"

#include <QDateTime>
#include <QFileInfo>

#include <unistd.h>

namespace idleforge::ctl::wallet_cli {

namespace {

using crypto::SecureBuffer;

// Stores the payout secret + a node identity and writes the public record.
int finishSetup(const Options &o, secrets::SecretStore &store, const wallet::PayoutSecret &secret,
                const SecureBuffer *showMnemonic, const SecureBuffer *identitySeed = nullptr)
{
    wallet::WalletVault vault(store);
    if (!o.isSet("force") && vault.hasPayout())
        return cli.fail(makeError("wallet.exists",
                              QStringLiteral("%1 already holds a payout wallet; back it up, then use --force to "
                                             "replace it")
                                  .arg(store.describe())));
    auto w = vault.storePayout(secret);
    if (!w)
        return cli.fail(w.error());
    if (identitySeed && identitySeed->size() == 32)
        if (auto r = secrets::writeNow(store, wallet::kIdentitySecretName, identitySeed->span()); !r)
            return cli.fail(r.error());
    auto id = vault.loadOrCreateIdentity();
    if (!id)
        return cli.fail(id.error());
    wallet::WalletInfo info{w->address(), w->path(), w->account(), id->nodeId(), secrets::normalisedStoreSpec(storeSpec(o)),
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODate)};
    if (auto r = info.save(); !r)
        return cli.fail(r.error());
    if (o.json()) {
        QJsonObject j{{QStringLiteral("address"), info.address}, {QStringLiteral("path"), info.path},
                      {QStringLiteral("nodeId"), info.nodeId}, {QStringLiteral("store"), info.store}};
        if (showMnemonic)
            j.insert(QStringLiteral("mnemonic"), QString::fromUtf8(showMnemonic->view().data(), qsizetype(showMnemonic->size())));
        printCompact(j);
    } else {
        if (showMnemonic) {
            printLine(QStringLiteral("Recovery phrase (write it down, keep it offline; anyone who has it has your funds):\n\n  ") +
                QString::fromUtf8(showMnemonic->view().data(), qsizetype(showMnemonic->size())) + QLatin1Char('\n'));
        }
        printLine(QStringLiteral("address   %1\npath      %2\nnode id   %3\nstored in %4")
                .arg(info.address, info.path, info.nodeId, store.describe()));
    }
    return 0;
}

Result<wallet::PayoutSecret> readPhrase(const Options &o)
{
    wallet::PayoutSecret secret;
    auto account = accountOption(o);
    if (!account)
        return account.error();
    secret.account = *account;
    Result<SecureBuffer> phrase = o.isSet("mnemonic-stdin") ? secrets::readSecretLine(STDIN_FILENO)
                                                            : secrets::passwordFromPrompt(QStringLiteral("Recovery phrase: "), false);
    if (!phrase)
        return phrase.error();
    if (auto check = wallet::bip39::entropyFromMnemonic(phrase->view()); !check)
        return check.error();
    secret.mnemonic = std::move(*phrase);
    if (o.isSet("passphrase-stdin")) {
        auto p = secrets::readSecretLine(STDIN_FILENO);
        if (!p)
            return p.error();
        secret.passphrase = std::move(*p);
    }
    return secret;
}



int cmdCreate(const Options &o)
{
    const int words = o.isSet("words") ? o.value("words").toInt() : 24;
    if (words != 12 && words != 24)
        return cli.fail(makeError("wallet.usage", QStringLiteral("--words takes 12 or 24")));
    auto account = accountOption(o);
    if (!account)
        return cli.fail(account.error());
    wallet::PayoutSecret secret;
    secret.account = *account;
    if (o.isSet("passphrase-stdin")) {
        auto p = secrets::readSecretLine(STDIN_FILENO);
        if (!p)
            return cli.fail(p.error());
        secret.passphrase = std::move(*p);
    }
    secret.mnemonic = wallet::bip39::generateMnemonic(words);
    auto store = openWalletStore(storeSpec(o), o);
    if (!store)
        return cli.fail(store.error());
    const SecureBuffer shown = SecureBuffer::copyOf(secret.mnemonic.span());
    return finishSetup(o, **store, secret, &shown);
}

int cmdImport(const Options &o)
{
    auto secret = readPhrase(o);
    if (!secret)
        return cli.fail(secret.error());
    auto store = openWalletStore(storeSpec(o), o);
    if (!store)
        return cli.fail(store.error());
    return finishSetup(o, **store, *secret, nullptr);
}

int cmdDerive(const Options &o)
{
    if (!o.isSet("mnemonic-stdin"))
        return cli.fail(makeError("wallet.usage", QStringLiteral("derive reads the phrase from stdin: pass --mnemonic-stdin")));
    auto secret = readPhrase(o);
    if (!secret)
        return cli.fail(secret.error());
    auto w = secret->wallet();
    if (!w)
        return cli.fail(w.error());
    if (o.json())
        printCompact({{QStringLiteral("address"), w->address()}, {QStringLiteral("path"), w->path()}});
    else
        printLine(w->address() + QLatin1Char(' ') + w->path());
    return 0;
}

int cmdRestore(const Options &o)
{
    const QString file = o.value("in");
    if (file.isEmpty())
        return cli.fail(makeError("wallet.usage", QStringLiteral("restore needs --in FILE")));
    if (!QFileInfo::exists(file))
        return cli.fail(makeError("wallet.usage", QStringLiteral("%1 does not exist").arg(file)));
    auto pw = backupPassword(o, QStringLiteral("Password of the backup file: "), false);
    if (!pw)
        return cli.fail(pw.error());
    auto backup = secrets::EncryptedFileStore::open(file, pw->span());
    if (!backup)
        return cli.fail(backup.error());
    auto raw = (*backup)->readSync(wallet::kPayoutSecretName);
    if (!raw)
        return cli.fail(raw.error());
    auto secret = wallet::PayoutSecret::decode(raw->span());
    if (!secret)
        return cli.fail(secret.error());
    auto store = openWalletStore(storeSpec(o), o);
    if (!store)
        return cli.fail(store.error());
    auto identity = (*backup)->readSync(wallet::kIdentitySecretName);
    return finishSetup(o, **store, *secret, nullptr, identity ? &*identity : nullptr);
}

} // namespace

const CommandTable &setupCommands()
{
    static const CommandTable table{{QStringLiteral("create"), cmdCreate}, {QStringLiteral("import"), cmdImport},
                                    {QStringLiteral("derive"), cmdDerive}, {QStringLiteral("restore"), cmdRestore}};
    return table;
}

} // namespace idleforge::ctl::wallet_cli
