#pragma once
// Starting idleforge-devnet as a real process, for the integration tests that talk to it over
// loopback (TestDevnetProcess, TestNetworkLoop). Qt only: no IdleForge library is needed.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QTest>

namespace idleforge::devnettest {

// A binary of this build (IDLEFORGE_BIN_DIR, set by idleforge_add_test).
inline QString bin(const char *name)
{
    return QStringLiteral(IDLEFORGE_BIN_DIR "/") + QLatin1String(name);
}

struct DevnetOptions {
    QString dir;          // state in <dir>/devnet, key in <dir>/coordinator.key, ports in <dir>/ports
    QString passwordEnv;  // the variable of the process environment that holds the key's password
    int leaseMs = 0;
    int heartbeatMs = 0;
    int sweepMs = 0;
    QStringList extra;    // more options
};

// Starts `devnet` on 127.0.0.1:`port` (0: a free one; a restart passes the port it had, so that
// clients find it again), blobs on a free port, waits until it has written its port file and
// sets `port` to the control port it listens on. The caller sets the process environment (with
// the password) and the channels first. false: it did not start (`port` is left as it was).
inline bool startDevnet(QProcess &devnet, const DevnetOptions &o, quint16 &port)
{
    const QString portFile = QDir(o.dir).filePath(QStringLiteral("ports"));
    QFile::remove(portFile);
    devnet.start(bin("idleforge-devnet"),
                 QStringList{QStringLiteral("--data-dir"), QDir(o.dir).filePath(QStringLiteral("devnet")), QStringLiteral("--key-store"),
                  QStringLiteral("file:") + QDir(o.dir).filePath(QStringLiteral("coordinator.key")),
                  QStringLiteral("--password-env"), o.passwordEnv, QStringLiteral("--listen"),
                  QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("--blob-port"), QStringLiteral("0"),
                  QStringLiteral("--lease-ms"), QString::number(o.leaseMs), QStringLiteral("--heartbeat-ms"),
                  QString::number(o.heartbeatMs), QStringLiteral("--sweep-ms"), QString::number(o.sweepMs),
                  QStringLiteral("--port-file"), portFile} + o.extra);
    if (!devnet.waitForStarted(10000))
        return false;
    if (!QTest::qWaitFor([&] { return QFile::exists(portFile) || devnet.state() == QProcess::NotRunning; }, 60000))
        return false;
    QFile f(portFile);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const auto listening = quint16(f.readAll().split(' ').first().toUInt());
    if (listening == 0)
        return false;
    port = listening;
    return true;
}

} // namespace idleforge::devnettest
