#include "protocol/BlobHash.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <memory>

namespace idleforge::protocol {

crypto::Hash256 blobHash(const QByteArray &bytes)
{
    return crypto::blake2b256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                                            std::size_t(bytes.size())));
}

void blobHashThen(QObject *context, const QByteArray &bytes, std::function<void(const crypto::Hash256 &)> then)
{
    if (bytes.size() < kBlobHashInlineBelow) {
        then(blobHash(bytes));
        return;
    }
    // The bytes are shared, not copied (QByteArray's count is atomic). The continuation runs on the
    // context's thread, and not at all once the context is gone (QFuture::then with a context).
    auto promise = std::make_shared<QPromise<crypto::Hash256>>();
    QFuture<crypto::Hash256> hashed = promise->future();
    promise->start();
    QThreadPool::globalInstance()->start([promise, bytes] {
        promise->addResult(blobHash(bytes));
        promise->finish();
    });
    hashed.then(context, [then = std::move(then)](const crypto::Hash256 &hash) { then(hash); });
}

} // namespace idleforge::protocol
