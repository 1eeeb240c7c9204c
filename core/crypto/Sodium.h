#pragma once
// libsodium initialisation. Every entry point of idleforge_crypto calls ensureSodium() first,
// so callers never have to remember it; calling it again is cheap.

namespace idleforge::crypto {

// Initialises libsodium once per process (thread-safe). libsodium only fails to initialise
// when the OS gives it no randomness; nothing in IdleForge is safe without it, so this prints
// a clear message to stderr and aborts.
void ensureSodium();

} // namespace idleforge::crypto
