// KeychainStore against the real Secret Service (gnome-keyring in CI). Run under
//   dbus-run-session -- bash -c 'export HOME=$(mktemp -d); echo -n pw |
//     gnome-keyring-daemon --unlock --components=secrets >/dev/null; ctest -L keychain'
// With no reachable, unlocked keychain this test FAILS (it never skips): the keychain is the
// default home of the wallet, so CI must prove it works.
#include "secrets/KeychainStore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::secrets;

namespace {
std::span<const std::uint8_t> b(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }
const QString kProbe = QStringLiteral(IDLEFORGE_BINARY_DIR "/tests/keychain_probe");

struct ProbeResult {
    int exitCode = -1;
    QString out;
};

ProbeResult probe(const QProcessEnvironment &env, const QStringList &args, const QString &shellPrefix = {})
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.setProcessChannelMode(QProcess::SeparateChannels);
    if (shellPrefix.isEmpty()) {
        p.start(kProbe, args);
    } else {
        QStringList quoted;
        for (const QString &a : args)
            quoted << QLatin1Char('\'') + a + QLatin1Char('\'');
        p.start(QStringLiteral("bash"), {QStringLiteral("-c"), shellPrefix + QLatin1Char(' ') + kProbe + QLatin1Char(' ') + quoted.join(QLatin1Char(' '))});
    }
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {-1, QStringLiteral("probe timed out")};
    }
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed()};
}
} // namespace

class TestKeychainStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_service = QStringLiteral("IdleForgeTest-%1").arg(QCoreApplication::applicationPid());
        KeychainStore store(m_service);
        const auto r = writeNow(store, QStringLiteral("reachability"), b("1"));
        if (!r)
            QFAIL(qPrintable(QStringLiteral("no usable Secret Service: %1. Run this test under dbus-run-session with an "
                                            "unlocked gnome-keyring-daemon (see the comment at the top).")
                                 .arg(r.error().toString())));
        QVERIFY(removeNow(store, QStringLiteral("reachability")).ok());
    }

    void writeReadOverwriteDelete()
    {
        KeychainStore store(m_service);
        const QString key = QStringLiteral("payout-wallet");
        QVERIFY(writeNow(store, key, b("first value")).ok());
        QCOMPARE(readNow(store, key)->view(), std::string_view("first value"));
        QVERIFY(writeNow(store, key, b("second value")).ok());
        QCOMPARE(readNow(store, key)->view(), std::string_view("second value"));
        QVERIFY(removeNow(store, key).ok());
        QCOMPARE(readNow(store, key).error().code, QStringLiteral("secrets.not_found"));
        QVERIFY(removeNow(store, key).ok()); // removing a missing entry is fine
    }

    void binaryValueSurvives()
    {
        KeychainStore store(m_service);
        const std::string_view v("\0\x01\xff\n\x7f seed", 10);
        QVERIFY(writeNow(store, QStringLiteral("node-identity"), b(v)).ok());
        QCOMPARE(readNow(store, QStringLiteral("node-identity"))->view(), v);
        QVERIFY(removeNow(store, QStringLiteral("node-identity")).ok());
    }

    void visibleToOtherProcesses()
    {
        KeychainStore store(m_service);
        QVERIFY(writeNow(store, QStringLiteral("shared"), b("across processes")).ok());
        const auto r = probe(QProcessEnvironment::systemEnvironment(), {m_service, QStringLiteral("read"), QStringLiteral("shared")});
        QCOMPARE(r.out, QStringLiteral("ok across processes"));
        QVERIFY(removeNow(store, QStringLiteral("shared")).ok());
    }

    // Several requests queued at once run one after another, in order.
    void queuedRequestsRunInOrder()
    {
        KeychainStore store(m_service);
        QStringList log;
        store.write(QStringLiteral("q"), b("a"), [&](Result<void> r) { log << (r ? QStringLiteral("w1") : r.error().code); });
        store.write(QStringLiteral("q"), b("b"), [&](Result<void> r) { log << (r ? QStringLiteral("w2") : r.error().code); });
        store.read(QStringLiteral("q"), [&](Result<SecureBuffer> r) {
            log << (r ? QString::fromLatin1(r->view().data(), qsizetype(r->size())) : r.error().code);
        });
        store.remove(QStringLiteral("q"), [&](Result<void> r) { log << (r ? QStringLiteral("rm") : r.error().code); });
        QVERIFY(log.isEmpty()); // nothing completes inside the calls
        QTRY_COMPARE_WITH_TIMEOUT(log.size(), 4, 30000);
        QCOMPARE(log, QStringList({QStringLiteral("w1"), QStringLiteral("w2"), QStringLiteral("b"), QStringLiteral("rm")}));
    }

    // No session bus at all: a clear secrets.unavailable that names the alternative.
    void absentKeychainIsAClearError()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), QStringLiteral("unix:path=/nonexistent/idleforge-bus"));
        env.remove(QStringLiteral("XDG_RUNTIME_DIR"));
        const auto r = probe(env, {m_service, QStringLiteral("write"), QStringLiteral("k"), QStringLiteral("v")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.startsWith(QLatin1String("secrets.unavailable\t")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("--store file:")), qPrintable(r.out));
    }

    // A keyring that exists but is locked, with no prompter to unlock it (headless): writing
    // is a clear secrets.locked, reading does not hand out the value and hints at the lock.
    // Runs its own private session bus and keyring daemon.
    void lockedKeyringIsAClearError()
    {
        QTemporaryDir home;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_DATA_HOME"), home.path() + QStringLiteral("/data"));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        // Create a keyring with password "pw" holding k, restart the daemon locked, then probe.
        const QString prefix = QStringLiteral(
            "exec dbus-run-session -- bash -c '"
            "echo -n pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; sleep 0.5; "
            "%1 %2 write k v >/dev/null 2>&1; "
            "gnome-keyring-daemon --replace --components=secrets >/dev/null 2>&1; sleep 0.5; "
            "timeout 30 \"$0\" \"$@\"' ")
            .arg(kProbe, m_service);
        const auto w = probe(env, {m_service, QStringLiteral("write"), QStringLiteral("k2"), QStringLiteral("v2")}, prefix);
        QCOMPARE(w.exitCode, 1);
        QVERIFY2(w.out.startsWith(QLatin1String("secrets.locked\t")), qPrintable(w.out));
        QVERIFY2(w.out.contains(QLatin1String("--store file:")), qPrintable(w.out));

        const auto r = probe(env, {m_service, QStringLiteral("read"), QStringLiteral("k")}, prefix);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(!r.out.contains(QLatin1String("ok")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("locked")), qPrintable(r.out));
    }

private:
    QString m_service;
};

QTEST_GUILESS_MAIN(TestKeychainStore)
#include "TestKeychainStore.moc"
