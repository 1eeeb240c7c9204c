#include "WalletTasks.h"

#include "Log.h"
#include "node/OffThread.h"
#include "secrets/EncryptedFileStore.h"
#include "secrets/SecretStore.h"
#include "wallet/Bip39.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPointer>

namespace idleforge::ui {

using crypto::SecureBuffer;
using wallet::WalletInfo;

WalletTasks::WalletTasks(secrets::SecretStore &store, QString storeSpec, QObject *parent)
    : QObject(parent), m_store(store), m_storeSpec(std::move(storeSpec))
{
}

void WalletTasks::loadInfo(Done<WalletInfo> done)
{
    node::offThread<Result<WalletInfo>>(this, [] { return WalletInfo::load(); }, std::move(done));
}

void WalletTasks::store(std::shared_ptr<WalletSetup> setup, Done<WalletInfo> done)
{
    node::offThread<Result<WalletInfo>>(
        this,
        [setup]() -> Result<WalletInfo> {
            auto w = setup->secret.wallet(); // PBKDF2-HMAC-SHA512 and SLIP-0010: the slow part
            if (!w)
                return w.error();
            WalletInfo info;
            info.address = w->address();
            info.path = w->path();
            info.account = w->account();
            return info;
        },
        [this, setup, done](Result<WalletInfo> derived) {
            if (!derived)
                return done(derived.error());
            m_store.read(wallet::kPayoutSecretName, [this, self = QPointer<WalletTasks>(this), setup, done, info = *derived](Result<SecureBuffer> existing) {
                if (!self)
                    return; // the dashboard is gone; nothing waits for the answer
                if (existing && !setup->replace)
                    return done(makeError("wallet.exists", tr("%1 already holds a payout wallet; back it up and confirm "
                                                              "that it may be replaced")
                                                               .arg(m_store.describe())));
                if (!existing && existing.error().code != QLatin1String("secrets.not_found"))
                    return done(existing.error());
                storeChecked(setup, info, done);
            });
        });
}

void WalletTasks::storeChecked(std::shared_ptr<WalletSetup> setup, WalletInfo info, Done<WalletInfo> done)
{
    wallet::PayoutSecret normalised;
    normalised.mnemonic = wallet::bip39::normalizeMnemonic(setup->secret.mnemonic.view());
    normalised.passphrase = SecureBuffer::copyOf(setup->secret.passphrase.span());
    normalised.account = setup->secret.account;
    auto bytes = std::make_shared<SecureBuffer>(normalised.encode());
    m_store.write(wallet::kPayoutSecretName, bytes->span(), [this, self = QPointer<WalletTasks>(this), setup, info, done, bytes](Result<void> written) {
        if (!self)
            return; // the dashboard is gone; nothing waits for the answer
        if (!written)
            return done(written.error());
        qCInfo(lcUi) << "payout wallet stored in" << m_store.describe();
        storeIdentity(setup, info, done);
    });
}

void WalletTasks::storeIdentity(std::shared_ptr<WalletSetup> setup, WalletInfo info, Done<WalletInfo> done)
{
    if (setup->identitySeed.size() == 32) {
        info.nodeId = wallet::NodeIdentity::fromSeed(setup->identitySeed.span()).nodeId();
        m_store.write(wallet::kIdentitySecretName, setup->identitySeed.span(), [this, self = QPointer<WalletTasks>(this), setup, info, done](Result<void> r) {
            if (!self)
                return; // the dashboard is gone; nothing waits for the answer
            if (!r)
                return done(r.error());
            saveInfo(info, done);
        });
        return;
    }
    m_store.read(wallet::kIdentitySecretName, [this, self = QPointer<WalletTasks>(this), info, done](Result<SecureBuffer> existing) mutable {
        if (!self)
            return; // the dashboard is gone; nothing waits for the answer
        if (existing && existing->size() == 32) {
            info.nodeId = wallet::NodeIdentity::fromSeed(existing->span()).nodeId();
            return saveInfo(info, done);
        }
        if (existing || existing.error().code != QLatin1String("secrets.not_found"))
            return done(existing ? makeError("wallet.bad_secret", tr("the stored node identity is not a 32-byte seed"))
                                 : existing.error());
        auto fresh = std::make_shared<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        info.nodeId = fresh->nodeId();
        m_store.write(wallet::kIdentitySecretName, fresh->seed(), [this, self = QPointer<WalletTasks>(this), info, done, fresh](Result<void> r) {
            if (!self)
                return; // the dashboard is gone; nothing waits for the answer
            if (!r)
                return done(r.error());
            saveInfo(info, done);
        });
    });
}

void WalletTasks::saveInfo(WalletInfo info, Done<WalletInfo> done)
{
    info.store = m_storeSpec;
    info.createdUtc = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    node::offThread<Result<WalletInfo>>(
        this,
        [info]() -> Result<WalletInfo> {
            if (auto r = info.save(); !r)
                return r.error();
            return info;
        },
        std::move(done));
}

void WalletTasks::writeBackup(const QString &file, std::shared_ptr<SecureBuffer> password, Done<QString> done)
{
    m_store.read(wallet::kPayoutSecretName, [this, self = QPointer<WalletTasks>(this), file, password, done](Result<SecureBuffer> payout) {
        if (!self)
            return; // the dashboard is gone; nothing waits for the answer
        if (!payout)
            return done(payout.error());
        auto secret = std::make_shared<SecureBuffer>(std::move(*payout));
        m_store.read(wallet::kIdentitySecretName, [this, self = QPointer<WalletTasks>(this), file, password, done, secret](Result<SecureBuffer> id) {
            if (!self)
                return; // the dashboard is gone; nothing waits for the answer
            auto identity = std::make_shared<SecureBuffer>(id ? std::move(*id) : SecureBuffer());
            node::offThread<Result<QString>>(
                this,
                [file, password, secret, identity]() -> Result<QString> {
                    const QString target = QFileInfo(file).absoluteFilePath();
                    const QString temp = target + QStringLiteral(".new");
                    QFile::remove(temp);
                    {
                        auto sealed = secrets::EncryptedFileStore::open(temp, password->span());
                        if (!sealed)
                            return sealed.error();
                        if (auto r = (*sealed)->writeSync(wallet::kPayoutSecretName, secret->span()); !r)
                            return r.error();
                        if (!identity->empty())
                            if (auto r = (*sealed)->writeSync(wallet::kIdentitySecretName, identity->span()); !r)
                                return r.error();
                    }
                    if (QFile::exists(target) && !QFile::remove(target)) {
                        QFile::remove(temp);
                        return makeError("wallet.io", tr("cannot replace %1").arg(target));
                    }
                    if (!QFile::rename(temp, target))
                        return makeError("wallet.io", tr("cannot write %1").arg(target));
                    return target;
                },
                done);
        });
    });
}

void WalletTasks::openBackup(const QString &file, std::shared_ptr<SecureBuffer> password, Done<OpenedBackup> done)
{
    node::offThread<Result<OpenedBackup>>(
        this,
        [file, password]() -> Result<OpenedBackup> {
            if (!QFileInfo(file).isFile())
                return makeError("wallet.usage", tr("%1 is not a file").arg(file));
            auto sealed = secrets::EncryptedFileStore::open(file, password->span());
            if (!sealed)
                return sealed.error();
            auto raw = (*sealed)->readSync(wallet::kPayoutSecretName);
            if (!raw)
                return makeError("wallet.not_a_backup", tr("%1 holds no payout wallet").arg(file));
            auto secret = wallet::PayoutSecret::decode(raw->span());
            if (!secret)
                return secret.error();
            auto w = secret->wallet();
            if (!w)
                return w.error();
            OpenedBackup opened;
            opened.address = w->address();
            opened.setup = std::make_shared<WalletSetup>();
            opened.setup->secret = std::move(*secret);
            if (auto id = (*sealed)->readSync(wallet::kIdentitySecretName); id && id->size() == 32)
                opened.setup->identitySeed = std::move(*id);
            return opened;
        },
        std::move(done));
}

} // namespace idleforge::ui
