#include "node/DatasetFetch.h"

#include "protocol/BlobFetcher.h"
#include "task/DatasetStore.h"
#include "task/TaskSpec.h"

namespace idleforge::node {

void DatasetFetch::ensure(const task::DatasetRef &data, const QUrl &blobs, std::function<void(Result<void>)> done)
{
    if (data.kind != task::DatasetRef::Kind::Bytes)
        return done({});
    if (task::DatasetStore(m_storeDir).contains(data.hash))
        return done({});
    m_say(QStringLiteral("fetching dataset %1").arg(task::hashHex(data.hash).left(16)));
    m_fetcher->fetch(blobs, data.hash, [done, storeDir = m_storeDir](Result<QByteArray> bytes) {
        if (!bytes)
            return done(bytes.error());
        task::DatasetStore s(storeDir);
        if (auto put = s.putBytes(*bytes); !put)
            return done(put.error());
        done({});
    }, data.size);
}

} // namespace idleforge::node
