// idleforgectl wallet: create, import, show, address, backup, restore, sign, verify, derive.
//
// The payout mnemonic and the node identity live in a SecretStore: the OS keychain by default,
// or with --store file:PATH a password-encrypted file (password from --password-env NAME,
// --password-fd N, or a prompt). The public record (<data dir>/wallet.json) remembers the
// address and which store holds the secrets, so `address` and `show` need no unlocking.
#include "Commands.h"

#include "crypto/Base58.h"
#include "crypto/PasswordBox.h"
#include "secrets/EncryptedFileStore.h"
#include "secrets/KeychainStore.h"
#include "secrets/PasswordSource.h"
#include "wallet/Bip39.h"
#include "wallet/WalletVault.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <map>
#include <memory>

#include <unistd.h>

namespace idleforge::ctl {

namespace {

using crypto::SecureBuffer;

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

void out(const QString &s) { std::fputs(qPrintable(s + QLatin1Char('\n')), stdout); }
void err(const QString &s) { std::fputs(qPrintable(QStringLiteral("idleforgectl wallet: ") + s + QLatin1Char('\n')), stderr); }

int fail(const Error &e)
{
    err(e.message + QStringLiteral(" [") + e.code + QLatin1Char(']'));
    return 1;
}

void printJson(const QJsonObject &o) { std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).append('\n').constData(), stdout); }

struct Options {
    QCommandLineParser parser;
    bool json() const { return parser.isSet(QStringLiteral("json")); }
    QString value(const char *name) const { return parser.value(QString::fromLatin1(name)); }
    bool isSet(const char *name) const { return parser.isSet(QString::fromLatin1(name)); }
};

void addOptions(QCommandLineParser &p)
{
    const auto opt = [&](const char *name, const char *value = nullptr) {
        p.addOption(value ? QCommandLineOption(QString::fromLatin1(name), QString(), QString::fromLatin1(value))
                          : QCommandLineOption(QString::fromLatin1(name)));
    };
    for (const char *flag : {"json", "force", "mnemonic-stdin", "passphrase-stdin", "mnemonic", "yes", "help"})
        opt(flag);
    for (const char *valued : {"words", "account", "store", "password-env", "password-fd", "backup-password-env",
                               "backup-password-fd", "out", "in", "message", "file", "key", "address", "signature"})
        opt(valued, "value");
}

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

// A password from --<prefix>password-env / --<prefix>password-fd / the terminal.
Result<SecureBuffer> password(const Options &o, const QString &prefix, const QString &prompt, bool confirm)
{
    const QString env = o.parser.value(prefix + QStringLiteral("password-env"));
    if (!env.isEmpty())
        return secrets::passwordFromEnv(env);
    const QString fd = o.parser.value(prefix + QStringLiteral("password-fd"));
    if (!fd.isEmpty()) {
        bool ok = false;
        const int n = fd.toInt(&ok);
        if (!ok)
            return makeError("wallet.usage", QStringLiteral("--%1password-fd takes a number").arg(prefix));
        return secrets::passwordFromFd(n);
    }
    return secrets::passwordFromPrompt(prompt, confirm);
}

// Opens the store named by spec ("keychain" or "file:PATH").
Result<std::unique_ptr<secrets::SecretStore>> openStore(const QString &spec, const Options &o)
{
    if (spec.isEmpty() || spec == QLatin1String("keychain"))
        return std::unique_ptr<secrets::SecretStore>(std::make_unique<secrets::KeychainStore>());
    if (!spec.startsWith(QLatin1String("file:")) || spec.size() <= 5)
        return makeError("wallet.usage", QStringLiteral("--store takes \"keychain\" or \"file:PATH\", not \"%1\"").arg(spec));
    const QString path = QFileInfo(spec.mid(5)).absoluteFilePath();
    const bool exists = QFileInfo::exists(path);
    auto pw = password(o, QString(),
                       exists ? QStringLiteral("Password for %1: ").arg(path)
                              : QStringLiteral("New password for %1: ").arg(path),
                       !exists);
    if (!pw)
        return pw.error();
    auto store = secrets::EncryptedFileStore::open(path, pw->span());
    if (!store)
        return store.error();
    return std::unique_ptr<secrets::SecretStore>(std::move(*store));
}

QString storeSpec(const Options &o)
{
    if (o.isSet("store"))
        return o.value("store");
    auto info = wallet::WalletInfo::load();
    return info ? info->store : QStringLiteral("keychain");
}

QString normalisedSpec(const QString &spec)
{
    if (spec.startsWith(QLatin1String("file:")))
        return QStringLiteral("file:") + QFileInfo(spec.mid(5)).absoluteFilePath();
    return QStringLiteral("keychain");
}

// Stores the payout secret + a node identity and writes the public record.
int finishSetup(const Options &o, secrets::SecretStore &store, const wallet::PayoutSecret &secret,
                const SecureBuffer *showMnemonic, const SecureBuffer *identitySeed = nullptr)
{
    wallet::WalletVault vault(store);
    if (!o.isSet("force") && vault.hasPayout())
        return fail(makeError("wallet.exists",
                              QStringLiteral("%1 already holds a payout wallet; back it up, then use --force to "
                                             "replace it")
                                  .arg(store.describe())));
    auto w = vault.storePayout(secret);
    if (!w)
        return fail(w.error());
    if (identitySeed && identitySeed->size() == 32)
        if (auto r = secrets::writeNow(store, wallet::kIdentitySecretName, identitySeed->span()); !r)
            return fail(r.error());
    auto id = vault.loadOrCreateIdentity();
    if (!id)
        return fail(id.error());
    wallet::WalletInfo info{w->address(), w->path(), w->account(), id->nodeId(), normalisedSpec(storeSpec(o)),
                            QDateTime::currentDateTimeUtc().toString(Qt::ISODate)};
    if (auto r = info.save(); !r)
        return fail(r.error());
    if (o.json()) {
        QJsonObject j{{QStringLiteral("address"), info.address}, {QStringLiteral("path"), info.path},
                      {QStringLiteral("nodeId"), info.nodeId}, {QStringLiteral("store"), info.store}};
        if (showMnemonic)
            j.insert(QStringLiteral("mnemonic"), QString::fromUtf8(showMnemonic->view().data(), qsizetype(showMnemonic->size())));
        printJson(j);
    } else {
        if (showMnemonic) {
            out(QStringLiteral("Recovery phrase (write it down, keep it offline; anyone who has it has your funds):\n\n  ") +
                QString::fromUtf8(showMnemonic->view().data(), qsizetype(showMnemonic->size())) + QLatin1Char('\n'));
        }
        out(QStringLiteral("address   %1\npath      %2\nnode id   %3\nstored in %4")
                .arg(info.address, info.path, info.nodeId, store.describe()));
    }
    return 0;
}

int cmdCreate(const Options &o)
{
    const int words = o.isSet("words") ? o.value("words").toInt() : 24;
    if (words != 12 && words != 24)
        return fail(makeError("wallet.usage", QStringLiteral("--words takes 12 or 24")));
    auto account = accountOption(o);
    if (!account)
        return fail(account.error());
    wallet::PayoutSecret secret;
    secret.account = *account;
    if (o.isSet("passphrase-stdin")) {
        auto p = secrets::readSecretLine(STDIN_FILENO);
        if (!p)
            return fail(p.error());
        secret.passphrase = std::move(*p);
    }
    secret.mnemonic = wallet::bip39::generateMnemonic(words);
    auto store = openStore(storeSpec(o), o);
    if (!store)
        return fail(store.error());
    const SecureBuffer shown = SecureBuffer::copyOf(secret.mnemonic.span());
    return finishSetup(o, **store, secret, &shown);
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

int cmdImport(const Options &o)
{
    auto secret = readPhrase(o);
    if (!secret)
        return fail(secret.error());
    auto store = openStore(storeSpec(o), o);
    if (!store)
        return fail(store.error());
    return finishSetup(o, **store, *secret, nullptr);
}

int cmdDerive(const Options &o)
{
    if (!o.isSet("mnemonic-stdin"))
        return fail(makeError("wallet.usage", QStringLiteral("derive reads the phrase from stdin: pass --mnemonic-stdin")));
    auto secret = readPhrase(o);
    if (!secret)
        return fail(secret.error());
    auto w = secret->wallet();
    if (!w)
        return fail(w.error());
    if (o.json())
        printJson({{QStringLiteral("address"), w->address()}, {QStringLiteral("path"), w->path()}});
    else
        out(w->address() + QLatin1Char(' ') + w->path());
    return 0;
}

int cmdAddress(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return fail(info.error());
    o.json() ? printJson({{QStringLiteral("address"), info->address}}) : out(info->address);
    return 0;
}

int cmdShow(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return fail(info.error());
    QJsonObject j{{QStringLiteral("address"), info->address}, {QStringLiteral("path"), info->path},
                  {QStringLiteral("nodeId"), info->nodeId}, {QStringLiteral("store"), info->store},
                  {QStringLiteral("created"), info->createdUtc}};
    if (o.isSet("mnemonic")) {
        const bool confirmed = o.isSet("yes") ||
                               secrets::confirmOnTerminal(QStringLiteral("Anyone who sees the recovery phrase can take your funds. "
                                                                         "Type SHOW to display it: "),
                                                          QStringLiteral("SHOW"));
        if (!confirmed)
            return fail(makeError("wallet.not_confirmed",
                                  QStringLiteral("not showing the recovery phrase without confirmation (type SHOW at the "
                                                 "prompt, or pass --yes when no terminal is attached)")));
        auto store = openStore(info->store, o);
        if (!store)
            return fail(store.error());
        auto secret = wallet::WalletVault(**store).loadPayout();
        if (!secret)
            return fail(secret.error());
        j.insert(QStringLiteral("mnemonic"), QString::fromUtf8(secret->mnemonic.view().data(), qsizetype(secret->mnemonic.size())));
    }
    if (o.json()) {
        printJson(j);
    } else {
        out(QStringLiteral("address   %1\npath      %2\nnode id   %3\nstored in %4\ncreated   %5")
                .arg(info->address, info->path, info->nodeId, info->store, info->createdUtc));
        if (j.contains(QLatin1String("mnemonic")))
            out(QStringLiteral("\nrecovery phrase:\n  ") + j.value(QLatin1String("mnemonic")).toString());
    }
    return 0;
}

int cmdBackup(const Options &o)
{
    const QString file = o.value("out");
    if (file.isEmpty())
        return fail(makeError("wallet.usage", QStringLiteral("backup needs --out FILE")));
    if (QFileInfo::exists(file) && !o.isSet("force"))
        return fail(makeError("wallet.exists", QStringLiteral("%1 exists; pass --force to overwrite it").arg(file)));
    auto info = wallet::WalletInfo::load();
    if (!info)
        return fail(info.error());
    auto store = openStore(info->store, o);
    if (!store)
        return fail(store.error());
    auto payout = secrets::readNow(**store, wallet::kPayoutSecretName);
    if (!payout)
        return fail(payout.error());
    auto identity = secrets::readNow(**store, wallet::kIdentitySecretName);
    auto pw = password(o, QStringLiteral("backup-"), QStringLiteral("Password for the backup file: "), true);
    if (!pw)
        return fail(pw.error());
    QFile::remove(file);
    auto backup = secrets::EncryptedFileStore::open(file, pw->span());
    if (!backup)
        return fail(backup.error());
    if (auto r = (*backup)->writeSync(wallet::kPayoutSecretName, payout->span()); !r)
        return fail(r.error());
    if (identity)
        if (auto r = (*backup)->writeSync(wallet::kIdentitySecretName, identity->span()); !r)
            return fail(r.error());
    o.json() ? printJson({{QStringLiteral("backup"), QFileInfo(file).absoluteFilePath()}, {QStringLiteral("address"), info->address}})
             : out(QStringLiteral("backup written to %1 (address %2)").arg(QFileInfo(file).absoluteFilePath(), info->address));
    return 0;
}

int cmdRestore(const Options &o)
{
    const QString file = o.value("in");
    if (file.isEmpty())
        return fail(makeError("wallet.usage", QStringLiteral("restore needs --in FILE")));
    if (!QFileInfo::exists(file))
        return fail(makeError("wallet.usage", QStringLiteral("%1 does not exist").arg(file)));
    auto pw = password(o, QStringLiteral("backup-"), QStringLiteral("Password of the backup file: "), false);
    if (!pw)
        return fail(pw.error());
    auto backup = secrets::EncryptedFileStore::open(file, pw->span());
    if (!backup)
        return fail(backup.error());
    auto raw = (*backup)->readSync(wallet::kPayoutSecretName);
    if (!raw)
        return fail(raw.error());
    auto secret = wallet::PayoutSecret::decode(raw->span());
    if (!secret)
        return fail(secret.error());
    auto store = openStore(storeSpec(o), o);
    if (!store)
        return fail(store.error());
    auto identity = (*backup)->readSync(wallet::kIdentitySecretName);
    return finishSetup(o, **store, *secret, nullptr, identity ? &*identity : nullptr);
}

Result<QByteArray> messageBytes(const Options &o)
{
    if (o.isSet("message"))
        return o.value("message").toUtf8();
    QFile f;
    if (o.isSet("file")) {
        f.setFileName(o.value("file"));
        if (!f.open(QIODevice::ReadOnly))
            return makeError("wallet.io", QStringLiteral("cannot read %1: %2").arg(o.value("file"), f.errorString()));
    } else if (!f.open(stdin, QIODevice::ReadOnly)) {
        return makeError("wallet.io", QStringLiteral("cannot read standard input"));
    }
    return f.readAll();
}

int cmdSign(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return fail(info.error());
    auto msg = messageBytes(o);
    if (!msg)
        return fail(msg.error());
    auto store = openStore(info->store, o);
    if (!store)
        return fail(store.error());
    wallet::WalletVault vault(**store);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t *>(msg->constData()), std::size_t(msg->size()));
    const QString key = o.isSet("key") ? o.value("key") : QStringLiteral("node");
    crypto::Signature sig{};
    QString signer;
    if (key == QLatin1String("node")) {
        auto id = vault.loadIdentity();
        if (!id)
            return fail(id.error());
        sig = id->sign(bytes);
        signer = id->nodeId();
    } else if (key == QLatin1String("payout")) {
        auto secret = vault.loadPayout();
        auto w = secret ? secret->wallet() : Result<wallet::PayoutWallet>(secret.error());
        if (!w)
            return fail(w.error());
        sig = w->keyPair().sign(bytes);
        signer = w->address();
    } else {
        return fail(makeError("wallet.usage", QStringLiteral("--key takes node or payout")));
    }
    const QString s = QString::fromStdString(crypto::base58Encode(sig));
    o.json() ? printJson({{QStringLiteral("signature"), s}, {QStringLiteral("signer"), signer}}) : out(s);
    return 0;
}

int cmdVerify(const Options &o)
{
    const auto key = wallet::publicKeyFromAddress(o.value("address"));
    if (!key)
        return fail(makeError("wallet.usage", QStringLiteral("--address must be a base58 Ed25519 public key")));
    const auto sigBytes = crypto::base58Decode(o.value("signature").toStdString());
    const auto sig = sigBytes ? crypto::signatureFromBytes(*sigBytes) : std::nullopt;
    if (!sig)
        return fail(makeError("wallet.usage", QStringLiteral("--signature must be a base58 64-byte signature")));
    auto msg = messageBytes(o);
    if (!msg)
        return fail(msg.error());
    const bool ok = crypto::ed25519Verify(
        *key, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(msg->constData()), std::size_t(msg->size())), *sig);
    o.json() ? printJson({{QStringLiteral("valid"), ok}}) : out(ok ? QStringLiteral("valid") : QStringLiteral("INVALID"));
    return ok ? 0 : 1;
}

} // namespace

int runWallet(const QStringList &args)
{
    if (args.size() < 2 || args[1] == QLatin1String("help") || args[1] == QLatin1String("--help")) {
        std::fputs(kUsage, args.size() < 2 ? stderr : stdout);
        return args.size() < 2 ? 2 : 0;
    }
    const QString command = args[1];
    Options o;
    addOptions(o.parser);
    QStringList rest = args.mid(1);
    rest.prepend(QStringLiteral("idleforgectl-wallet"));
    if (!o.parser.parse(rest)) {
        err(o.parser.errorText());
        return 2;
    }
    if (o.parser.positionalArguments().size() != 1) {
        err(QStringLiteral("unexpected arguments: ") + o.parser.positionalArguments().mid(1).join(QLatin1Char(' ')));
        return 2;
    }
    static const std::map<QString, int (*)(const Options &)> commands{
        {QStringLiteral("create"), cmdCreate},   {QStringLiteral("import"), cmdImport},
        {QStringLiteral("show"), cmdShow},       {QStringLiteral("address"), cmdAddress},
        {QStringLiteral("backup"), cmdBackup},   {QStringLiteral("restore"), cmdRestore},
        {QStringLiteral("sign"), cmdSign},       {QStringLiteral("verify"), cmdVerify},
        {QStringLiteral("derive"), cmdDerive},
    };
    const auto it = commands.find(command);
    if (it == commands.end()) {
        err(QStringLiteral("unknown command '%1'").arg(command));
        std::fputs(kUsage, stderr);
        return 2;
    }
    return it->second(o);
}

} // namespace idleforge::ctl
