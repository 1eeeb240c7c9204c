#pragma once
// idleforgectl wallet, shared by its files: WalletCommand.cpp (usage, options, dispatch),
// WalletSetup.cpp (create, import, derive, restore) and WalletKeys.cpp (show, address, backup,
// sign, verify).
#include "Cli.h"

#include "crypto/SecureBuffer.h"
#include "secrets/SecretStore.h"
#include "wallet/WalletVault.h"

#include <QCommandLineParser>

#include <map>
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

// The commands by name, as each file defines them.
using Command = int (*)(const Options &);
using CommandTable = std::map<QString, Command>;
const CommandTable &setupCommands(); // WalletSetup.cpp: create, import, derive, restore
const CommandTable &keyCommands();   // WalletKeys.cpp: show, address, backup, sign, verify

} // namespace idleforge::ctl::wallet_cli
