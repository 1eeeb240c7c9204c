#include "secrets/PasswordSource.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

namespace idleforge::secrets {

using crypto::SecureBuffer;

namespace {
constexpr std::size_t kMaxPassword = 4096;

// Reads up to the first newline (or EOF) from fd into guarded memory.
Result<SecureBuffer> readLine(int fd)
{
    SecureBuffer buf(kMaxPassword + 1);
    std::size_t n = 0;
    while (n <= kMaxPassword) {
        char c = 0;
        const ssize_t r = ::read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return makeError("secrets.io",
                             QStringLiteral("cannot read the password: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
        if (r == 0 || c == '\n')
            break;
        buf.data()[n++] = static_cast<std::uint8_t>(c);
    }
    if (n > kMaxPassword)
        return makeError("secrets.bad_password", QStringLiteral("the password is longer than 4096 bytes"));
    if (n > 0 && buf.data()[n - 1] == '\r')
        --n;
    return SecureBuffer::copyOf(buf.span().first(n));
}

Result<SecureBuffer> nonEmpty(Result<SecureBuffer> r, const QString &from)
{
    if (r && r->empty())
        return makeError("secrets.bad_password", QStringLiteral("the password from %1 is empty").arg(from));
    return r;
}
} // namespace

Result<SecureBuffer> readSecretLine(int fd)
{
    return readLine(fd);
}

bool confirmOnTerminal(const QString &question, const QString &expectedAnswer)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        return false;
    const QByteArray q = question.toLocal8Bit();
    [[maybe_unused]] auto w = ::write(tty, q.constData(), static_cast<std::size_t>(q.size()));
    const auto answer = readLine(tty);
    ::close(tty);
    return answer && answer->view() == expectedAnswer.toStdString();
}

Result<SecureBuffer> passwordFromEnv(const QString &variable)
{
    const QByteArray name = variable.toLocal8Bit();
    const char *value = std::getenv(name.constData());
    if (!value)
        return makeError("secrets.bad_password",
                         QStringLiteral("the environment variable %1 is not set").arg(variable));
    std::string_view v(value);
    if (v.ends_with('\n'))
        v.remove_suffix(1);
    if (v.ends_with('\r'))
        v.remove_suffix(1);
    return nonEmpty(SecureBuffer::copyOf(v), QStringLiteral("$") + variable);
}

Result<SecureBuffer> passwordFromFd(int fd)
{
    if (fd < 0 || ::fcntl(fd, F_GETFD) < 0)
        return makeError("secrets.bad_password", QStringLiteral("file descriptor %1 is not open").arg(fd));
    return nonEmpty(readLine(fd), QStringLiteral("file descriptor %1").arg(fd));
}

Result<SecureBuffer> passwordFromPrompt(const QString &prompt, bool confirm)
{
    const int tty = ::open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (tty < 0)
        return makeError("secrets.no_terminal",
                         QStringLiteral("no terminal to ask for the password; use --password-fd N or "
                                        "--password-env NAME"));
    termios old{};
    const bool isTty = ::tcgetattr(tty, &old) == 0;
    if (isTty) {
        termios quiet = old;
        quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
        quiet.c_lflag |= ECHONL;
        ::tcsetattr(tty, TCSAFLUSH, &quiet);
    }
    const auto ask = [&](const QString &text) {
        const QByteArray p = text.toLocal8Bit();
        [[maybe_unused]] auto w = ::write(tty, p.constData(), static_cast<std::size_t>(p.size()));
        return readLine(tty);
    };
    Result<SecureBuffer> first = ask(prompt);
    if (first && confirm) {
        Result<SecureBuffer> again = ask(QStringLiteral("Repeat the password: "));
        if (again && !first->equals(again->span()))
            first = makeError("secrets.bad_password", QStringLiteral("the two passwords differ"));
        else if (!again)
            first = again.error();
    }
    if (isTty)
        ::tcsetattr(tty, TCSAFLUSH, &old);
    ::close(tty);
    return nonEmpty(std::move(first), QStringLiteral("the prompt"));
}

} // namespace idleforge::secrets
