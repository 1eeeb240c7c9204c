#include "secrets/EncryptedFileStore.h"

#include "base/BoundedRead.h"

#include "secrets/Log.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMetaObject>
#include <QSaveFile>

#include <cstring>

namespace idleforge::secrets {

namespace {
constexpr char kInnerMagic[8] = {'I', 'F', 'S', 'T', 'O', 'R', 'E', '1'};

void putLe(std::vector<std::uint8_t> &out, std::uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t getLe(const std::uint8_t *p, int bytes)
{
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}

Error openErrorToError(crypto::OpenError e, const QString &path)
{
    const QString what = QString::fromUtf8(crypto::describeOpenError(e));
    const QString untouched = QStringLiteral(" (%1 was not changed)").arg(path);
    switch (e) {
    case crypto::OpenError::WrongPasswordOrDamaged:
        return makeError("secrets.bad_password", what + untouched);
    case crypto::OpenError::UnsupportedVersion:
        return makeError("secrets.too_new", what + untouched);
    case crypto::OpenError::OutOfMemory: return makeError("secrets.failed", what + untouched);
    default: return makeError("secrets.damaged", what + untouched);
    }
}
} // namespace

Result<std::map<QString, SecureBuffer>> parseStoreEntries(std::span<const std::uint8_t> plain)
{
    const auto bad = [] {
        return makeError("secrets.damaged", QStringLiteral("the decrypted store has an invalid layout"));
    };
    if (plain.size() < 12 || std::memcmp(plain.data(), kInnerMagic, 8) != 0)
        return bad();
    const std::uint64_t count = getLe(plain.data() + 8, 4);
    std::size_t pos = 12;
    std::map<QString, SecureBuffer> entries;
    for (std::uint64_t i = 0; i < count; ++i) {
        if (pos + 2 > plain.size())
            return bad();
        const std::size_t klen = getLe(plain.data() + pos, 2);
        pos += 2;
        if (pos + klen + 4 > plain.size())
            return bad();
        const QString key = QString::fromUtf8(reinterpret_cast<const char *>(plain.data() + pos),
                                              static_cast<qsizetype>(klen));
        pos += klen;
        const std::size_t vlen = getLe(plain.data() + pos, 4);
        pos += 4;
        if (pos + vlen > plain.size())
            return bad();
        entries.insert_or_assign(key, SecureBuffer::copyOf(plain.subspan(pos, vlen)));
        pos += vlen;
    }
    if (pos != plain.size())
        return bad();
    return entries;
}

EncryptedFileStore::EncryptedFileStore(QString path, crypto::SealingKey key)
    : m_path(std::move(path)), m_key(std::move(key))
{
}

Result<std::unique_ptr<EncryptedFileStore>> EncryptedFileStore::open(const QString &path,
                                                                     std::span<const std::uint8_t> password,
                                                                     const crypto::KdfParams &paramsForNew)
{
    if (password.empty())
        return makeError("secrets.bad_password", QStringLiteral("an empty password is not allowed"));
    QFile f(path);
    if (!f.exists()) {
        auto key = crypto::deriveSealingKey(password, paramsForNew);
        return std::unique_ptr<EncryptedFileStore>(new EncryptedFileStore(path, std::move(key)));
    }
    if (!f.open(QIODevice::ReadOnly))
        return makeError("secrets.io", QStringLiteral("cannot read %1: %2").arg(path, f.errorString()));
    // Bounded by bytes read, not by the size the file reports (0 for a FIFO or /dev/zero).
    auto read = readAtMost(f, kMaxFileBytes);
    if (!read)
        return makeError("secrets.io", QStringLiteral("cannot read %1: %2").arg(path, read.error().message));
    const QByteArray &raw = *read;
    const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t *>(raw.constData()),
                                              static_cast<std::size_t>(raw.size()));
    crypto::SealingKey key;
    const crypto::Opened opened = crypto::open(bytes, password, &key);
    if (!opened.ok())
        return openErrorToError(opened.error, path);
    auto entries = parseStoreEntries(opened.plaintext.span());
    if (!entries)
        return entries.error();
    std::unique_ptr<EncryptedFileStore> store(new EncryptedFileStore(path, std::move(key)));
    store->m_entries = std::move(*entries);
    return store;
}

QString EncryptedFileStore::describe() const
{
    return QStringLiteral("the encrypted file %1").arg(m_path);
}

bool EncryptedFileStore::existsOnDisk() const
{
    return QFileInfo::exists(m_path);
}

QStringList EncryptedFileStore::keys() const
{
    QStringList out;
    for (const auto &[k, v] : m_entries)
        out << k;
    return out;
}

Result<SecureBuffer> EncryptedFileStore::readSync(const QString &key) const
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end())
        return makeError("secrets.not_found", QStringLiteral("%1 has no entry \"%2\"").arg(m_path, key));
    return SecureBuffer::copyOf(it->second.span());
}

Result<void> EncryptedFileStore::save(const std::map<QString, SecureBuffer> &entries) const
{
    std::size_t total = 12;
    for (const auto &[k, v] : entries)
        total += 6 + static_cast<std::size_t>(k.toUtf8().size()) + v.size();
    // Build the plaintext in guarded memory.
    SecureBuffer plain(total);
    std::vector<std::uint8_t> header;
    std::size_t pos = 0;
    const auto append = [&](const void *p, std::size_t n) {
        std::memcpy(plain.data() + pos, p, n);
        pos += n;
    };
    append(kInnerMagic, 8);
    header.clear();
    putLe(header, entries.size(), 4);
    append(header.data(), 4);
    for (const auto &[k, v] : entries) {
        const QByteArray key = k.toUtf8();
        if (key.size() > 0xffff)
            return makeError("secrets.failed", QStringLiteral("secret name too long"));
        header.clear();
        putLe(header, static_cast<std::uint64_t>(key.size()), 2);
        append(header.data(), 2);
        append(key.constData(), static_cast<std::size_t>(key.size()));
        header.clear();
        putLe(header, v.size(), 4);
        append(header.data(), 4);
        if (v.size())
            append(v.data(), v.size());
    }
    const std::vector<std::uint8_t> sealed = crypto::sealWithKey(plain.span(), m_key);

    const QFileInfo info(m_path);
    QDir().mkpath(info.absolutePath());
    QSaveFile out(m_path);
    if (!out.open(QIODevice::WriteOnly))
        return makeError("secrets.io", QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    out.write(reinterpret_cast<const char *>(sealed.data()), static_cast<qint64>(sealed.size()));
    if (!out.commit())
        return makeError("secrets.io", QStringLiteral("cannot write %1: %2").arg(m_path, out.errorString()));
    QFile::setPermissions(m_path, QFile::ReadOwner | QFile::WriteOwner);
    return {};
}

Result<void> EncryptedFileStore::writeSync(const QString &key, std::span<const std::uint8_t> value)
{
    std::map<QString, SecureBuffer> next;
    for (const auto &[k, v] : m_entries)
        next.emplace(k, SecureBuffer::copyOf(v.span()));
    next.insert_or_assign(key, SecureBuffer::copyOf(value));
    if (auto r = save(next); !r)
        return r;
    m_entries = std::move(next);
    return {};
}

Result<void> EncryptedFileStore::removeSync(const QString &key)
{
    if (!m_entries.count(key))
        return {};
    std::map<QString, SecureBuffer> next;
    for (const auto &[k, v] : m_entries)
        if (k != key)
            next.emplace(k, SecureBuffer::copyOf(v.span()));
    if (auto r = save(next); !r)
        return r;
    m_entries = std::move(next);
    return {};
}

void EncryptedFileStore::read(const QString &key, ReadDone done)
{
    auto shared = std::make_shared<Result<SecureBuffer>>(readSync(key));
    QMetaObject::invokeMethod(this, [done, shared] { done(std::move(*shared)); }, Qt::QueuedConnection);
}

void EncryptedFileStore::write(const QString &key, std::span<const std::uint8_t> value, Done done)
{
    const Result<void> r = writeSync(key, value);
    QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
}

void EncryptedFileStore::remove(const QString &key, Done done)
{
    const Result<void> r = removeSync(key);
    QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
}

} // namespace idleforge::secrets
