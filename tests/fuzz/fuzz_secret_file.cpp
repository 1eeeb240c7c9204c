// The encrypted secret file (secrets/EncryptedFileStore.h over crypto/PasswordBox.h): the
// sealed header as read from disk, and the store's plaintext layout inside the seal (which no
// fuzzer reaches through the AEAD, so it is fed directly). The first byte picks which.
//
// A header within the accepted Argon2 limits (up to 64 passes over 4 GiB) is a valid file, but
// stretching a password for every input would leave no time for anything else: the harness
// lowers such a header's limits to libsodium's minimum before opening it. Headers outside the
// limits stay as they are (open() must refuse them before deriving anything).
#include "FuzzUtil.h"

#include "crypto/PasswordBox.h"
#include "secrets/EncryptedFileStore.h"

#include <vector>

using namespace idleforge;

namespace {

void putLe32(std::uint8_t *p, std::uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void openSealed(std::vector<std::uint8_t> sealed)
{
    const crypto::KdfParams p = crypto::sealedParams(sealed);
    const bool accepted = p.opsLimit >= 1 && p.opsLimit <= 64 && p.memLimitKiB >= 8 && p.memLimitKiB <= 4u * 1024 * 1024;
    if (accepted && sealed.size() >= 20 && (p.opsLimit > 1 || p.memLimitKiB > 8)) {
        putLe32(sealed.data() + 12, 1); // PasswordBox.h: opslimit at 12, memlimit (KiB) at 16
        putLe32(sealed.data() + 16, 8);
    }
    static const std::uint8_t password[] = {'f', 'u', 'z', 'z'};
    crypto::SealingKey key;
    const crypto::Opened opened = crypto::open(sealed, password, &key);
    FUZZ_CHECK(opened.ok() || opened.plaintext.size() == 0);
    (void)crypto::describeOpenError(opened.error);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    if (data[0] & 1) {
        const std::vector<std::uint8_t> plain(data + 1, data + size);
        const auto entries = secrets::parseStoreEntries(plain);
        if (entries)
            FUZZ_CHECK(entries->size() <= plain.size() / 6);
    } else {
        openSealed(std::vector<std::uint8_t>(data + 1, data + size));
    }
    return 0;
}
