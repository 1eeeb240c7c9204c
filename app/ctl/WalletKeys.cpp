// idleforgectl wallet show, address, backup, sign and verify: reading what a wallet holds
// (Wallet.h).
#include "Wallet.h"

#include "base/BoundedRead.h"
#include "crypto/Base58.h"
#include "secrets/EncryptedFileStore.h"
#include "secrets/PasswordSource.h"

#include <QFile>
#include <QFileInfo>

namespace idleforge::ctl::wallet_cli {

namespace {

// A message to sign or verify: at most this much, from --file or standard input.
constexpr qint64 kMaxMessageBytes = 16 << 20;

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
    auto bytes = readAtMost(f, kMaxMessageBytes);
    if (!bytes)
        return makeError("wallet.io", QStringLiteral("cannot read %1: %2")
                                          .arg(o.isSet("file") ? o.value("file") : QStringLiteral("standard input"), bytes.error().message));
    return bytes;
}



int cmdAddress(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return cli.fail(info.error());
    o.json() ? printCompact({{QStringLiteral("address"), info->address}}) : printLine(info->address);
    return 0;
}

int cmdShow(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return cli.fail(info.error());
    QJsonObject j{{QStringLiteral("address"), info->address}, {QStringLiteral("path"), info->path},
                  {QStringLiteral("nodeId"), info->nodeId}, {QStringLiteral("store"), info->store},
                  {QStringLiteral("created"), info->createdUtc}};
    if (o.isSet("mnemonic")) {
        const bool confirmed = o.isSet("yes") ||
                               secrets::confirmOnTerminal(QStringLiteral("Anyone who sees the recovery phrase can take your funds. "
                                                                         "Type SHOW to display it: "),
                                                          QStringLiteral("SHOW"));
        if (!confirmed)
            return cli.fail(makeError("wallet.not_confirmed",
                                  QStringLiteral("not showing the recovery phrase without confirmation (type SHOW at the "
                                                 "prompt, or pass --yes when no terminal is attached)")));
        auto store = openWalletStore(info->store, o);
        if (!store)
            return cli.fail(store.error());
        auto secret = wallet::WalletVault(**store).loadPayout();
        if (!secret)
            return cli.fail(secret.error());
        j.insert(QStringLiteral("mnemonic"), QString::fromUtf8(secret->mnemonic.view().data(), qsizetype(secret->mnemonic.size())));
    }
    if (o.json()) {
        printCompact(j);
    } else {
        printLine(QStringLiteral("address   %1\npath      %2\nnode id   %3\nstored in %4\ncreated   %5")
                .arg(info->address, info->path, info->nodeId, info->store, info->createdUtc));
        if (j.contains(QLatin1String("mnemonic")))
            printLine(QStringLiteral("\nrecovery phrase:\n  ") + j.value(QLatin1String("mnemonic")).toString());
    }
    return 0;
}

int cmdBackup(const Options &o)
{
    const QString file = o.value("out");
    if (file.isEmpty())
        return cli.fail(makeError("wallet.usage", QStringLiteral("backup needs --out FILE")));
    if (QFileInfo::exists(file) && !o.isSet("force"))
        return cli.fail(makeError("wallet.exists", QStringLiteral("%1 exists; pass --force to overwrite it").arg(file)));
    auto info = wallet::WalletInfo::load();
    if (!info)
        return cli.fail(info.error());
    auto store = openWalletStore(info->store, o);
    if (!store)
        return cli.fail(store.error());
    auto payout = secrets::readNow(**store, wallet::kPayoutSecretName);
    if (!payout)
        return cli.fail(payout.error());
    auto identity = secrets::readNow(**store, wallet::kIdentitySecretName);
    auto pw = backupPassword(o, QStringLiteral("Password for the backup file: "), true);
    if (!pw)
        return cli.fail(pw.error());
    QFile::remove(file);
    auto backup = secrets::EncryptedFileStore::open(file, pw->span());
    if (!backup)
        return cli.fail(backup.error());
    if (auto r = (*backup)->writeSync(wallet::kPayoutSecretName, payout->span()); !r)
        return cli.fail(r.error());
    if (identity)
        if (auto r = (*backup)->writeSync(wallet::kIdentitySecretName, identity->span()); !r)
            return cli.fail(r.error());
    o.json() ? printCompact({{QStringLiteral("backup"), QFileInfo(file).absoluteFilePath()}, {QStringLiteral("address"), info->address}})
             : printLine(QStringLiteral("backup written to %1 (address %2)").arg(QFileInfo(file).absoluteFilePath(), info->address));
    return 0;
}

int cmdSign(const Options &o)
{
    auto info = wallet::WalletInfo::load();
    if (!info)
        return cli.fail(info.error());
    auto msg = messageBytes(o);
    if (!msg)
        return cli.fail(msg.error());
    auto store = openWalletStore(info->store, o);
    if (!store)
        return cli.fail(store.error());
    wallet::WalletVault vault(**store);
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t *>(msg->constData()), std::size_t(msg->size()));
    const QString key = o.isSet("key") ? o.value("key") : QStringLiteral("node");
    crypto::Signature sig{};
    QString signer;
    if (key == QLatin1String("node")) {
        auto id = vault.loadIdentity();
        if (!id)
            return cli.fail(id.error());
        sig = id->sign(bytes);
        signer = id->nodeId();
    } else if (key == QLatin1String("payout")) {
        auto secret = vault.loadPayout();
        auto w = secret ? secret->wallet() : Result<wallet::PayoutWallet>(secret.error());
        if (!w)
            return cli.fail(w.error());
        sig = w->keyPair().sign(bytes);
        signer = w->address();
    } else {
        return cli.fail(makeError("wallet.usage", QStringLiteral("--key takes node or payout")));
    }
    const QString s = QString::fromStdString(crypto::base58Encode(sig));
    o.json() ? printCompact({{QStringLiteral("signature"), s}, {QStringLiteral("signer"), signer}}) : printLine(s);
    return 0;
}

int cmdVerify(const Options &o)
{
    const auto key = wallet::publicKeyFromAddress(o.value("address"));
    if (!key)
        return cli.fail(makeError("wallet.usage", QStringLiteral("--address must be a base58 Ed25519 public key")));
    const auto sigBytes = crypto::base58Decode(o.value("signature").toStdString());
    const auto sig = sigBytes ? crypto::signatureFromBytes(*sigBytes) : std::nullopt;
    if (!sig)
        return cli.fail(makeError("wallet.usage", QStringLiteral("--signature must be a base58 64-byte signature")));
    auto msg = messageBytes(o);
    if (!msg)
        return cli.fail(msg.error());
    const bool ok = crypto::ed25519Verify(
        *key, std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(msg->constData()), std::size_t(msg->size())), *sig);
    o.json() ? printCompact({{QStringLiteral("valid"), ok}}) : printLine(ok ? QStringLiteral("valid") : QStringLiteral("INVALID"));
    return ok ? 0 : 1;
}

} // namespace

const CommandTable &keyCommands()
{
    static const CommandTable table{{QStringLiteral("show"), cmdShow}, {QStringLiteral("address"), cmdAddress}, {QStringLiteral("backup"), cmdBackup},
                                    {QStringLiteral("sign"), cmdSign}, {QStringLiteral("verify"), cmdVerify}};
    return table;
}

} // namespace idleforge::ctl::wallet_cli
