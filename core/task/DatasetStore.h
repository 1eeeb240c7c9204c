#pragma once
// Content-addressed dataset store: a shard lives at <store>/<blake2b-256 hex> and is looked up
// by hash only, so a spec can never name a path. Reads verify the hash, so a corrupted or
// swapped file is refused rather than trained on.
#include "base/Error.h"
#include "crypto/Blake2b.h"
#include "task/TaskSpec.h"

#include <QByteArray>
#include <QString>

namespace idleforge::task {

class DatasetStore {
public:
    // `dir` defaults to paths::storeDir().
    explicit DatasetStore(QString dir = {});

    struct Entry {
        crypto::Hash256 hash{};
        qint64 size = 0;
    };
    // Copies the file into the store (atomically) and returns its hash and size.
    Result<Entry> putFile(const QString &path, qint64 maxBytes = qint64(4) << 30);
    Result<Entry> putBytes(const QByteArray &bytes);
    bool contains(const crypto::Hash256 &hash) const;
    QString pathOf(const crypto::Hash256 &hash) const;
    // The shard's bytes, verified against the hash.
    Result<QByteArray> load(const crypto::Hash256 &hash, qint64 maxBytes = qint64(4) << 30) const;

    // The bytes a task trains on: from the store (size checked) or generated for synthetic data.
    Result<QByteArray> resolve(const DatasetRef &ref) const;
    const QString &dir() const { return m_dir; }

private:
    QString m_dir;
};

} // namespace idleforge::task
