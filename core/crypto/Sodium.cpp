#include "crypto/Sodium.h"

#include <sodium.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

namespace idleforge::crypto {

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (sodium_init() < 0) {
            std::fputs("idleforge: libsodium failed to initialise (no secure randomness "
                       "available from the operating system); refusing to continue\n",
                       stderr);
            std::abort();
        }
    });
}

} // namespace idleforge::crypto
