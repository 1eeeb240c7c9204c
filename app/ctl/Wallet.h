#pragma once
// idleforgectl wallet, shared by its files: WalletCommand.cpp (usage, options, dispatch),
// WalletSetup.cpp (create, import, derive, restore) and WalletKeys.cpp (show, address, backup,
// sign, verify).
#include "Cli.h"

#include "crypto/SecureBuffer.h"
#include "secrets/SecretStore.h"
#include "wallet/WalletVault.h"

#include <QCommandLineParser>

#include <memory>

namespace idleforge::ctl::wallet_cli {

inline const Cli cli("wallet");

// The wallet's JSON is one compact line.
inline void printCompact(const QJsonObject &o) { printJson(o, QJsonDocument::Compact); }

struct Options {
    QCommandLineParser parser;
    bool json() const { return parser.isSet(QStringLiteral("json")); }
    QString value(const char *name) const { return parser.value(QString::fromLatin1(name)); }
    bool isSet(const char *name) const { return parser.isSet(QString::fromLatin1(name)); }
};

Result<std::uint32_t> accountOption(const Options &o);
// A backup file's password: --backup-password-env / --backup-password-fd / the terminal.
Result<crypto::SecureBuffer> backupPassword(const Options &o, const QString &prompt, bool confirm);
// Opens the store `spec` names ("keychain" or "file:PATH") with --password-env/-fd or a prompt.
Result<std::unique_ptr<secrets::SecretStore>> openWalletStore(const QString &spec, const Options &o);
// --store, else the store the wallet was created in, else the keychain.
QString storeSpec(const Options &o);

int cmdCreate(const Options &o);
int cmdImport(const Options &o);
int cmdDerive(const Options &o);
int cmdRestore(const Options &o);
int cmdShow(const Options &o);
int cmdAddress(const Options &o);
int cmdBackup(const Options &o);
int cmdSign(const Options &o);
int cmdVerify(const Options &o);

} // namespace idleforge::ctl::wallet_cli
