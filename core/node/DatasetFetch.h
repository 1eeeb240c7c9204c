#pragma once
// A task's dataset in the local store: synthetic data needs nothing, bytes are fetched by hash
// from the coordinator's blobs (checked against the hash on arrival) and stored.
#include "base/Error.h"

#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

namespace idleforge::protocol {
class BlobFetcher;
}
namespace idleforge::task {
struct DatasetRef;
}

namespace idleforge::node {

class DatasetFetch {
public:
    using Say = std::function<void(const QString &)>;
    DatasetFetch(QString storeDir, protocol::BlobFetcher *fetcher, Say say)
        : m_storeDir(std::move(storeDir)), m_fetcher(fetcher), m_say(std::move(say))
    {
    }
    const QString &storeDir() const { return m_storeDir; }
    void ensure(const task::DatasetRef &data, const QUrl &blobs, std::function<void(Result<void>)> done);

private:
    QString m_storeDir;
    protocol::BlobFetcher *m_fetcher;
    Say m_say;
};

} // namespace idleforge::node
