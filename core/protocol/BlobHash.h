#pragma once
// The content hash a blob is named by (`<base>/blobs/<64 hex BLAKE2b-256>`), and where it is
// computed. BLAKE2b runs at ~0.7 GB/s a core: 8 ms for one 5.6 MB state of the d128 gpt, and a
// state grows with the model, so a large blob is never hashed on the thread that asked (the
// node's, which is the GUI thread in the app): an audit uploads m of them.
#include "crypto/Blake2b.h"

#include <QByteArray>

#include <functional>

class QObject;

namespace idleforge::protocol {

crypto::Hash256 blobHash(const QByteArray &bytes);

// Blobs of at least this many bytes are hashed on the global thread pool; smaller ones inline,
// where the hop would cost more than the hash (1 MiB: ~1.4 ms).
inline constexpr qsizetype kBlobHashInlineBelow = qsizetype(1) << 20;

// then(blobHash(bytes)) on `context`'s thread: at once for a small blob, once the pool has hashed a
// large one. Never called if `context` is destroyed first.
void blobHashThen(QObject *context, const QByteArray &bytes, std::function<void(const crypto::Hash256 &)> then);

} // namespace idleforge::protocol
