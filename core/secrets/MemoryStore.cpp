#include "secrets/MemoryStore.h"

#include <QMetaObject>

namespace idleforge::secrets {

void MemoryStore::read(const QString &key, ReadDone done)
{
    Result<SecureBuffer> r = makeError("secrets.not_found", QStringLiteral("no secret named \"%1\"").arg(key));
    if (!m_failure.code.isEmpty())
        r = m_failure;
    else if (auto it = m_entries.find(key); it != m_entries.end())
        r = SecureBuffer::copyOf(it->second.span());
    auto shared = std::make_shared<Result<SecureBuffer>>(std::move(r));
    QMetaObject::invokeMethod(this, [done, shared] { done(std::move(*shared)); }, Qt::QueuedConnection);
}

void MemoryStore::write(const QString &key, std::span<const std::uint8_t> value, Done done)
{
    Result<void> r;
    if (!m_failure.code.isEmpty())
        r = m_failure;
    else
        m_entries.insert_or_assign(key, SecureBuffer::copyOf(value));
    QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
}

void MemoryStore::remove(const QString &key, Done done)
{
    Result<void> r;
    if (!m_failure.code.isEmpty())
        r = m_failure;
    else
        m_entries.erase(key);
    QMetaObject::invokeMethod(this, [done, r] { done(r); }, Qt::QueuedConnection);
}

} // namespace idleforge::secrets
