#include "secrets/KeychainStore.h"

#include "secrets/Log.h"

#include <qt6keychain/keychain.h>

#include <QMetaObject>

namespace idleforge::secrets {

namespace {
const QString kAdvice = QStringLiteral(
    "Unlock or start your keyring (GNOME Keyring, KWallet, KeePassXC with Secret Service), or keep the "
    "wallet in a password-encrypted file instead with --store file:PATH.");

// Wipes our copy of a secret held in a QByteArray (QtKeychain's API speaks QByteArray).
void wipe(QByteArray &b)
{
    if (!b.isEmpty()) {
        b.detach();
        crypto::secureZero(b.data(), static_cast<std::size_t>(b.size()));
    }
    b.clear();
}
} // namespace

KeychainStore::KeychainStore(QString service, QObject *parent) : QObject(parent), m_service(std::move(service)) {}

KeychainStore::~KeychainStore() = default;

QString KeychainStore::describe() const
{
    return QStringLiteral("the OS keychain (service \"%1\")").arg(m_service);
}

Error KeychainStore::errorFor(const QKeychain::Job &job, const QString &what)
{
    const QString detail = job.errorString();
    const QString lower = detail.toLower();
    if (job.error() == QKeychain::NoError)
        return {};
    if (job.error() == QKeychain::EntryNotFound)
        // libsecret also answers "not found" when the item sits in a locked collection and no
        // prompt could unlock it, so say so.
        return makeError("secrets.not_found",
                         QStringLiteral("the keychain has no entry \"%1\" (if your keyring is locked, unlock it "
                                        "and try again)")
                             .arg(what));
    if (lower.contains(QLatin1String("locked")))
        return makeError("secrets.locked",
                         QStringLiteral("the OS keychain is locked and could not be unlocked here (%1). %2")
                             .arg(detail, kAdvice));
    switch (job.error()) {
    case QKeychain::AccessDeniedByUser:
    case QKeychain::AccessDenied:
        return makeError("secrets.denied",
                         QStringLiteral("the keychain refused access to \"%1\" (%2). %3").arg(what, detail, kAdvice));
    case QKeychain::NoBackendAvailable:
    case QKeychain::NotImplemented:
        return makeError("secrets.unavailable",
                         QStringLiteral("no OS keychain is reachable (%1). %2").arg(detail, kAdvice));
    default: break;
    }
    // The libsecret backend reports a missing session bus or Secret Service as OtherError.
    static const char *const unreachable[] = {"could not connect", "dbus", "d-bus", "secret service",
                                             "org.freedesktop.secrets", "not provided by any .service",
                                             "no such file", "prompt", "cancel"};
    for (const char *needle : unreachable)
        if (lower.contains(QLatin1String(needle)))
            return makeError("secrets.unavailable",
                             QStringLiteral("no OS keychain is reachable (%1). %2").arg(detail, kAdvice));
    return makeError("secrets.failed", QStringLiteral("keychain error for \"%1\": %2").arg(what, detail));
}

namespace {
// A job on `key` that deletes itself when done and never falls back to a plain-text file.
template <class Job>
Job *newJob(const QString &service, const QString &key, QObject *parent)
{
    auto *job = new Job(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(key);
    return job;
}
} // namespace

void KeychainStore::read(const QString &key, ReadDone done)
{
    enqueue([this, key, done] {
        auto *job = newJob<QKeychain::ReadPasswordJob>(m_service, key, this);
        connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *j) {
            auto *rj = static_cast<QKeychain::ReadPasswordJob *>(j);
            if (rj->error() != QKeychain::NoError) {
                done(errorFor(*rj, key));
            } else {
                QByteArray data = rj->binaryData();
                SecureBuffer value = SecureBuffer::copyOf(std::span<const std::uint8_t>(
                    reinterpret_cast<const std::uint8_t *>(data.constData()), static_cast<std::size_t>(data.size())));
                wipe(data);
                done(std::move(value));
            }
            jobFinished();
        });
        return job;
    });
}

void KeychainStore::write(const QString &key, std::span<const std::uint8_t> value, Done done)
{
    // The job needs its own copy until it runs; QtKeychain takes a QByteArray.
    auto copy = std::make_shared<SecureBuffer>(SecureBuffer::copyOf(value));
    enqueue([this, key, done, copy] {
        auto *job = newJob<QKeychain::WritePasswordJob>(m_service, key, this);
        QByteArray data(reinterpret_cast<const char *>(copy->data()), static_cast<qsizetype>(copy->size()));
        job->setBinaryData(data);
        wipe(data);
        copy->clear();
        connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *j) {
            done(j->error() == QKeychain::NoError ? Result<void>() : Result<void>(errorFor(*j, key)));
            jobFinished();
        });
        return job;
    });
}

void KeychainStore::remove(const QString &key, Done done)
{
    enqueue([this, key, done] {
        auto *job = newJob<QKeychain::DeletePasswordJob>(m_service, key, this);
        connect(job, &QKeychain::Job::finished, this, [this, key, done](QKeychain::Job *j) {
            // Deleting what is not there is success: the postcondition (no entry) holds.
            const bool ok = j->error() == QKeychain::NoError || j->error() == QKeychain::EntryNotFound;
            done(ok ? Result<void>() : Result<void>(errorFor(*j, key)));
            jobFinished();
        });
        return job;
    });
}

void KeychainStore::enqueue(std::function<QKeychain::Job *()> startJob)
{
    m_queue.push_back(std::move(startJob));
    if (!m_busy) {
        m_busy = true;
        QMetaObject::invokeMethod(this, &KeychainStore::startNext, Qt::QueuedConnection);
    }
}

void KeychainStore::startNext()
{
    if (m_queue.empty()) {
        m_busy = false;
        return;
    }
    auto startJob = std::move(m_queue.front());
    m_queue.pop_front();
    QKeychain::Job *job = startJob();
    qCDebug(lcSecrets) << "keychain job" << job->metaObject()->className() << job->key();
    job->start();
}

void KeychainStore::jobFinished()
{
    // Next job from the event loop, not from inside this finished handler.
    QMetaObject::invokeMethod(this, &KeychainStore::startNext, Qt::QueuedConnection);
}

} // namespace idleforge::secrets
