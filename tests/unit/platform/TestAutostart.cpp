// The XDG autostart entry of the `autostart` setting in a throw-away XDG_CONFIG_HOME: written
// with --minimized and a quoted path, removed when turned off, and a user's own entry of the
// same name never overwritten or removed.
#include "platform/Autostart.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge::platform;

class TestAutostart : public QObject {
    Q_OBJECT
    QTemporaryDir m_config;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_config.isValid());
        qputenv("XDG_CONFIG_HOME", m_config.path().toLocal8Bit());
    }

    void writesAndRemovesItsEntry()
    {
        const QString path = autostartEntryPath();
        QCOMPARE(path, m_config.path() + QStringLiteral("/autostart/io.idleforge.IdleForge.desktop"));
        QVERIFY(!autostartEnabled());
        QVERIFY(setAutostart(true, QStringLiteral("/opt/Idle Forge/bin/idleforge")).ok());
        QVERIFY(autostartEnabled());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray entry = f.readAll();
        f.close();
        QVERIFY2(entry.contains("\nExec=\"/opt/Idle Forge/bin/idleforge\" --minimized\n"), entry.constData());
        QVERIFY(entry.startsWith("[Desktop Entry]\n"));
        QVERIFY(setAutostart(true, QStringLiteral("/usr/bin/idleforge")).ok()); // ours: rewritten
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("Exec=\"/usr/bin/idleforge\" --minimized"));
        f.close();
        QVERIFY(setAutostart(false, QStringLiteral("/usr/bin/idleforge")).ok());
        QVERIFY(!autostartEnabled());
        QVERIFY(setAutostart(false, QStringLiteral("/usr/bin/idleforge")).ok()); // already off
    }

    void leavesTheUsersOwnEntryAlone()
    {
        const QString path = autostartEntryPath();
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[Desktop Entry]\nType=Application\nName=IdleForge\nExec=idleforge --headless --devnet\n");
        f.close();
        QVERIFY(setAutostart(true, QStringLiteral("/usr/bin/idleforge")).ok());
        QVERIFY(f.open(QIODevice::ReadOnly));
        QVERIFY(f.readAll().contains("--headless --devnet"));
        f.close();
        QVERIFY(setAutostart(false, QStringLiteral("/usr/bin/idleforge")).ok());
        QVERIFY(QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestAutostart)
#include "TestAutostart.moc"
