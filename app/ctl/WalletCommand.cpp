// idleforgectl wallet: create, import, show, address, backup, restore, sign, verify, derive.
//
// The payout mnemonic and the node identity live in a SecretStore: the OS keychain by default,
// or with --store file:PATH a password-encrypted file (password from --password-env NAME,
// --password-fd N, or a prompt). The public record (<data dir>/wallet.json) remembers the
// address and which store holds the secrets, so `address` and `show` need no unlocking.
// The commands are in WalletSetup.cpp and WalletKeys.cpp (see Wallet.h).
#include "Commands.h"
#include "Wallet.h"

#include "secrets/OpenStore.h"
#include "secrets/PasswordSource.h"

#include <cstdio>
#include <map>

namespace idleforge::ctl {

namespace wallet_cli {

Result<std::uint32_t> accountOption(const Options &o)
{
    if (!o.isSet("account"))
        return 0u;
    bool ok = false;
    const uint v = o.value("account").toUInt(&ok);
    if (!ok || v >= 0x80000000u)
        return makeError("wallet.usage", QStringLiteral("--account takes a number from 0 to 2147483647"));
    return static_cast<std::uint32_t>(v);
}

Result<crypto::SecureBuffer> backupPassword(const Options &o, const QString &prompt, bool confirm)
{
    const QString env = o.value("backup-password-env");
    if (!env.isEmpty())
        return secrets::passwordFromEnv(env);
    const QString fd = o.value("backup-password-fd");
    if (!fd.isEmpty()) {
        bool ok = false;
        const int n = fd.toInt(&ok);
        if (!ok)
            return makeError("wallet.usage", QStringLiteral("--backup-password-fd takes a number"));
        return secrets::passwordFromFd(n);
    }
    return secrets::passwordFromPrompt(prompt, confirm);
}

Result<std::unique_ptr<secrets::SecretStore>> openWalletStore(const QString &spec, const Options &o)
{
    return secrets::openStore(spec, secrets::PasswordChoice{o.value("password-env"), o.value("password-fd"), true, QString()});
}

QString storeSpec(const Options &o)
{
    if (o.isSet("store"))
        return o.value("store");
    auto info = wallet::WalletInfo::load();
    return info ? info->store : QStringLiteral("keychain");
}

} // namespace wallet_cli

namespace {

using namespace wallet_cli;

const char *kUsage =
    "usage: idleforgectl wallet <command> [options]\n"
    "\n"
    "commands:\n"
    "  create   [--words 12|24] [--account N] [--passphrase-stdin] [--force]  new payout wallet + node identity\n"
    "  import   [--mnemonic-stdin] [--passphrase-stdin] [--account N] [--force]  restore from a recovery phrase\n"
    "  show     [--mnemonic [--yes]]              address, path, node id, where the keys are\n"
    "  address                                    the payout address only\n"
    "  backup   --out FILE                        encrypted backup of the wallet and node identity\n"
    "  restore  --in FILE [--force]               restore from such a backup\n"
    "  sign     [--message TEXT | --file F] [--key node|payout]   Ed25519 signature (base58)\n"
    "  verify   --address ADDR --signature SIG [--message TEXT | --file F]\n"
    "  derive   --mnemonic-stdin [--passphrase-stdin] [--account N] --json   check a phrase; stores nothing\n"
    "\n"
    "storage (create, import, restore; others use the store the wallet was created in):\n"
    "  --store keychain        the OS keychain (default)\n"
    "  --store file:PATH       a password-encrypted file (Argon2id + XChaCha20-Poly1305)\n"
    "  --password-env NAME     file password from the environment variable NAME\n"
    "  --password-fd N         file password from the first line of file descriptor N\n"
    "  --backup-password-env NAME / --backup-password-fd N   the same for backup files\n"
    "  --json                  machine-readable output\n"
    "\n"
    "Without --mnemonic-stdin, import reads the phrase from the terminal. Messages to sign or\n"
    "verify are read from standard input when neither --message nor --file is given.\n";

void addOptions(QCommandLineParser &p)
{
    const auto opt = [&](const char *name, const char *value = nullptr) {
        p.addOption(value ? QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(value))
                          : QCommandLineOption(QString::fromLatin1(name)));
    };
    for (const char *flag : {"json", "force", "mnemonic-stdin", "passphrase-stdin", "mnemonic", "yes"})
        opt(flag);
    for (const char *valued : {"words", "account", "store", "password-env", "password-fd", "backup-password-env",
                               "backup-password-fd", "out", "in", "message", "file", "key", "address", "signature"})
        opt(valued, "value");
}

} // namespace

int runWallet(const QStringList &args)
{
    if (printHelpIfAsked(args.value(1) == QLatin1String("help") ? QStringList{QStringLiteral("--help")} : args, kUsage))
        return 0;
    if (args.size() < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const QString command = args[1];
    Options o;
    addOptions(o.parser);
    QStringList rest = args.mid(1);
    rest.prepend(QStringLiteral("idleforgectl-wallet"));
    if (!o.parser.parse(rest))
        return cli.fail(o.parser.errorText(), 2);
    if (o.parser.positionalArguments().size() != 1)
        return cli.fail(QStringLiteral("unexpected arguments: ") + o.parser.positionalArguments().mid(1).join(QLatin1Char(' ')), 2);
    CommandTable commands = setupCommands();
    commands.insert(keyCommands().begin(), keyCommands().end());
    const auto it = commands.find(command);
    if (it == commands.end())
        return cli.usageError(QStringLiteral("unknown command '%1'").arg(command), kUsage);
    return it->second(o);
}

} // namespace idleforge::ctl
