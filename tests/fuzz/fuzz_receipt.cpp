// Receipt parsing (protocol/Receipt.h): a receipt arrives in a coordinator's message and is
// stored by the ledger. Properties: a receipt that parses writes a form that parses to the same
// signed bytes and fields; checking its signature never crashes.
#include "FuzzUtil.h"

#include "protocol/Receipt.h"

using namespace idleforge;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    QJsonObject json;
    if (!fuzz::jsonObject(fuzz::bytes(data, size), &json))
        return 0;
    const auto receipt = protocol::Receipt::fromJson(json);
    if (!receipt)
        return 0;
    static const crypto::PublicKey coordinator{};
    (void)receipt->verify(coordinator);
    (void)receipt->status();
    (void)receipt->signedAmount();
    const auto again = protocol::Receipt::fromJson(receipt->toJson());
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->canonical == receipt->canonical);
    FUZZ_CHECK(again->id == receipt->id && again->amount == receipt->amount && again->kind == receipt->kind);
    return 0;
}
