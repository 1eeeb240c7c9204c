#include "secrets/SecretStore.h"

#include <QEventLoop>

#include <optional>

namespace idleforge::secrets {

namespace {
template <typename T, typename Start>
Result<T> wait(Start start)
{
    std::optional<Result<T>> result;
    QEventLoop loop;
    start([&](Result<T> r) {
        result.emplace(std::move(r));
        loop.quit();
    });
    if (!result)
        loop.exec();
    return std::move(*result);
}
} // namespace

Result<SecureBuffer> readNow(SecretStore &store, const QString &key)
{
    return wait<SecureBuffer>([&](auto done) { store.read(key, done); });
}

Result<void> writeNow(SecretStore &store, const QString &key, std::span<const std::uint8_t> value)
{
    return wait<void>([&](auto done) { store.write(key, value, done); });
}

Result<void> removeNow(SecretStore &store, const QString &key)
{
    return wait<void>([&](auto done) { store.remove(key, done); });
}

} // namespace idleforge::secrets
