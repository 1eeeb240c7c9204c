#pragma once
// In-memory SecretStore for unit tests. Values live in SecureBuffers; completion is queued to
// the event loop like the real backends so callers meet the same re-entrancy rules.
#include "secrets/SecretStore.h"

#include <QObject>

#include <map>

namespace idleforge::secrets {

class MemoryStore final : public QObject, public SecretStore {
    Q_OBJECT
public:
    explicit MemoryStore(QObject *parent = nullptr) : QObject(parent) {}

    QString kind() const override { return QStringLiteral("memory"); }
    QString describe() const override { return QStringLiteral("an in-memory store"); }

    void read(const QString &key, ReadDone done) override;
    void write(const QString &key, std::span<const std::uint8_t> value, Done done) override;
    void remove(const QString &key, Done done) override;

    // Makes every later operation fail with this error (tests of error paths); empty code clears.
    void setFailure(Error error) { m_failure = std::move(error); }
    std::size_t size() const { return m_entries.size(); }

private:
    std::map<QString, SecureBuffer> m_entries;
    Error m_failure;
};

} // namespace idleforge::secrets
