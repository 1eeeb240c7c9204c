#include "devnet/BlobRequest.h"

#include "crypto/Blake2b.h"
#include "protocol/BlobAuth.h"
#include "protocol/Envelope.h"

namespace idleforge::devnet {

namespace {
// One decimal number of at most 18 digits (so it fits a qint64), else nullopt.
std::optional<qint64> decimal(const QByteArray &text)
{
    bool digits = !text.isEmpty() && text.size() <= 18;
    for (const char c : text)
        digits = digits && c >= '0' && c <= '9';
    return digits ? std::optional<qint64>(text.toLongLong()) : std::nullopt;
}

// The single value of a header that must appear exactly once, else empty.
QByteArray single(const QByteArray &head, const QByteArray &name)
{
    const QList<QByteArray> v = headerValues(head, name);
    return v.size() == 1 ? v.first() : QByteArray();
}

BlobRequest refusal(int status, const QByteArray &reason, const QByteArray &text = {})
{
    BlobRequest r;
    r.status = status;
    r.reason = reason;
    r.text = text;
    return r;
}

// The PUT-only checks, in the order their answers take precedence.
BlobRequest checkUpload(const QByteArray &head, BlobRequest request)
{
    if (!headerValues(head, "transfer-encoding").isEmpty())
        return refusal(411, "Length Required", "an upload needs a Content-Length; chunked bodies are not accepted\n");
    const QList<QByteArray> lengths = headerValues(head, "content-length");
    if (lengths.isEmpty())
        return refusal(411, "Length Required", "an upload needs a Content-Length header\n");
    const auto length = decimal(lengths.first());
    if (!length || lengths.count(lengths.first()) != lengths.size())
        return refusal(400, "Bad Request", "the Content-Length must be one decimal number\n");
    request.contentLength = *length;
    request.expectContinue = headerValues(head.toLower(), "expect").contains("100-continue");
    return request;
}
} // namespace

HeadSplit splitRequestHead(const QByteArray &received)
{
    const qsizetype end = received.indexOf("\r\n\r\n");
    if (end < 0 && received.size() <= kMaxRequestHead)
        return {};
    if (end < 0 || end > kMaxRequestHead)
        return {HeadSplit::State::TooLarge, {}, {}};
    return {HeadSplit::State::Complete, received.left(end), received.mid(end + 4)};
}

BlobRequest parseBlobRequest(const QByteArray &head)
{
    const qsizetype eol = head.indexOf("\r\n");
    const QList<QByteArray> requestLine = head.left(eol < 0 ? head.size() : eol).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return refusal(400, "Bad Request");
    if (requestLine[0] != "GET" && requestLine[0] != "PUT")
        return refusal(405, "Method Not Allowed");
    const QByteArray &path = requestLine[1];
    if (!path.startsWith("/blobs/"))
        return refusal(404, "Not Found");
    const QByteArray hex = path.mid(7);
    const auto hash = crypto::hashFromHex(hex.toStdString());
    if (!hash || hex != QByteArray::fromStdString(crypto::toHex(*hash)))
        return refusal(400, "Bad Request", "a blob is named by 64 lower-case hex digits\n");
    BlobRequest request;
    request.hashHex = hex;
    request.put = requestLine[0] == "PUT";
    return request.put ? checkUpload(head, std::move(request)) : request;
}

UploadCredentials uploadCredentials(const QByteArray &head)
{
    UploadCredentials c;
    c.keyText = single(head, "x-idleforge-key");
    c.key = protocol::keyFromBase58(QString::fromLatin1(c.keyText));
    c.timeMs = decimal(single(head, "x-idleforge-time"));
    c.signature = protocol::signatureFromBase58(single(head, "x-idleforge-signature"));
    return c;
}

QList<QByteArray> headerValues(const QByteArray &head, const QByteArray &name)
{
    QList<QByteArray> values;
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0 && lines[i].left(colon).trimmed().toLower() == name)
            values.append(lines[i].mid(colon + 1).trimmed());
    }
    return values;
}

} // namespace idleforge::devnet
