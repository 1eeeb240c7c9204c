// The blob server's HTTP request parsing (devnet/BlobRequest.h): what a stranger's connection
// sends before anything is authenticated. The first byte cuts the rest into segments, as TCP
// would deliver them, and the harness accumulates them the way BlobServer::readHead does.
// Properties: a split head is a prefix of the bytes with its blank line, never over the cap;
// an accepted request names its blob in the one spelling the store uses.
#include "FuzzUtil.h"

#include "devnet/BlobRequest.h"
#include "protocol/BlobAuth.h"

using namespace idleforge;
using namespace idleforge::devnet;

namespace {

void checkRequest(const QByteArray &head)
{
    const BlobRequest request = parseBlobRequest(head);
    if (request.status != 0) {
        FUZZ_CHECK(!request.reason.isEmpty());
        return;
    }
    FUZZ_CHECK(request.hashHex.size() == 64);
    for (const char c : request.hashHex)
        FUZZ_CHECK((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    if (!request.put)
        return;
    FUZZ_CHECK(request.contentLength >= 0);
    const UploadCredentials credentials = uploadCredentials(head);
    if (credentials.key && credentials.timeMs && credentials.signature)
        (void)crypto::ed25519Verify(*credentials.key,
                                    fuzz::span(protocol::blobPutMessage("PUT", request.hashHex, request.contentLength,
                                                                        *credentials.timeMs)),
                                    *credentials.signature);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const qsizetype segment = 1 + data[0] % 128;
    const QByteArray input = fuzz::bytes(data + 1, size - 1);
    QByteArray received;
    for (qsizetype pos = 0; pos < input.size(); pos += segment) {
        received += input.mid(pos, segment);
        const HeadSplit split = splitRequestHead(received);
        if (split.state == HeadSplit::State::Incomplete) {
            FUZZ_CHECK(received.size() <= kMaxRequestHead);
            continue;
        }
        if (split.state == HeadSplit::State::Complete) {
            FUZZ_CHECK(split.head.size() <= kMaxRequestHead);
            FUZZ_CHECK(received.startsWith(QByteArray(split.head + "\r\n\r\n")));
            FUZZ_CHECK(received.endsWith(split.rest));
            checkRequest(split.head);
        }
        break; // answered: the server reads no further head
    }
    return 0;
}
