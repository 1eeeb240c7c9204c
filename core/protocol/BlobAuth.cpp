#include "protocol/BlobAuth.h"

#include "crypto/Base58.h"

namespace idleforge::protocol {

QByteArray blobPutMessage(const QByteArray &method, const QByteArray &hashHex, qint64 length, qint64 timeMs)
{
    return "idleforge-blob-put-v1\n" + method + '\n' + hashHex + '\n' + QByteArray::number(length) + '\n' +
           QByteArray::number(timeMs);
}

BlobPutHeaders signBlobPut(const Signer &signer, const crypto::Hash256 &hash, qint64 length, qint64 timeMs)
{
    const QByteArray message = blobPutMessage("PUT", QByteArray::fromStdString(crypto::toHex(hash)), length, timeMs);
    const crypto::Signature sig =
        signer.sign(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(message.constData()), std::size_t(message.size())));
    return {keyToBase58(signer.publicKey).toLatin1(), QByteArray::number(timeMs),
            QByteArray::fromStdString(crypto::base58Encode(sig))};
}

std::optional<crypto::Signature> signatureFromBase58(const QByteArray &text)
{
    if (text.size() > 128)
        return std::nullopt;
    const auto bytes = crypto::base58Decode(std::string_view(text.constData(), std::size_t(text.size())));
    if (!bytes)
        return std::nullopt;
    return crypto::signatureFromBytes(*bytes);
}

} // namespace idleforge::protocol
