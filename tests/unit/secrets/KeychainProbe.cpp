// keychain_probe <service> <read|write|remove> <key> [value]: one KeychainStore operation in a
// fresh process, printing "ok [value]" or "<error code>\t<message>". TestKeychainStore runs it
// with a changed environment (no session bus, locked keyring) because libsecret binds to the
// session bus once per process.
#include "secrets/KeychainStore.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

using namespace idleforge;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList a = app.arguments();
    if (a.size() < 4)
        return 2;
    secrets::KeychainStore store(a[1]);
    int rc = 1;
    const auto fail = [&](const Error &e) {
        std::printf("%s\t%s\n", qPrintable(e.code), qPrintable(e.message));
        rc = 1;
    };
    if (a[2] == QLatin1String("read")) {
        const auto r = secrets::readNow(store, a[3]);
        if (r) {
            std::printf("ok %.*s\n", int(r->size()), reinterpret_cast<const char *>(r->data()));
            rc = 0;
        } else {
            fail(r.error());
        }
    } else if (a[2] == QLatin1String("write")) {
        const QByteArray v = a.value(4).toUtf8();
        const auto r = secrets::writeNow(store, a[3], {reinterpret_cast<const std::uint8_t *>(v.constData()), std::size_t(v.size())});
        r ? (std::printf("ok\n"), rc = 0) : (fail(r.error()), 0);
    } else if (a[2] == QLatin1String("remove")) {
        const auto r = secrets::removeNow(store, a[3]);
        r ? (std::printf("ok\n"), rc = 0) : (fail(r.error()), 0);
    }
    std::fflush(stdout);
    return rc;
}
