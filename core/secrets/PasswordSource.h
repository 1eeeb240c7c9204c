#pragma once
// Where the password of an encrypted-file store comes from, chosen by the user:
//   prompt      the controlling terminal (/dev/tty), echo off; optionally asked twice
//   fd N        the first line read from file descriptor N (e.g. a pipe from a secrets manager)
//   env NAME    the environment variable NAME, named by the user (there is no default name, so
//               nothing picks up a password by accident)
// One trailing "\n" or "\r\n" is removed; the password is otherwise taken as is.
#include "base/Error.h"
#include "crypto/SecureBuffer.h"

#include <QString>

namespace idleforge::secrets {

Result<crypto::SecureBuffer> passwordFromEnv(const QString &variable);
Result<crypto::SecureBuffer> passwordFromFd(int fd);
Result<crypto::SecureBuffer> passwordFromPrompt(const QString &prompt, bool confirm);

// One line from fd (up to '\n' or end of input, a trailing '\r' dropped) into guarded memory;
// reads byte by byte so the next line stays in the fd. Empty lines are allowed.
Result<crypto::SecureBuffer> readSecretLine(int fd);
// Asks a yes/no question on the terminal; false when there is none.
bool confirmOnTerminal(const QString &question, const QString &expectedAnswer);

} // namespace idleforge::secrets
