// The macOS LaunchAgent of the `autostart` setting, written into a throw-away folder (the seam
// that stands for ~/Library/LaunchAgents): a property list launchd can read (parsed back here
// with QXmlStreamReader: Label, ProgramArguments with --minimized, RunAtLoad), a path with XML
// specials escaped, rewritten and removed when ours, and a user's own plist left alone.
#include "platform/LaunchAgent.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace idleforge::platform;

namespace {
// The top-level dict of a plist as key -> value (strings; arrays joined by '|'; <true/> "true").
QMap<QString, QString> readPlist(const QByteArray &xml, QString *error)
{
    QMap<QString, QString> out;
    QXmlStreamReader r(xml);
    QString key;
    QStringList array;
    bool inArray = false;
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const QString name = r.name().toString();
            if (name == QLatin1String("key")) {
                key = r.readElementText();
            } else if (name == QLatin1String("string")) {
                const QString v = r.readElementText();
                if (inArray)
                    array << v;
                else
                    out.insert(key, v);
            } else if (name == QLatin1String("array")) {
                inArray = true;
                array.clear();
            } else if (name == QLatin1String("true") || name == QLatin1String("false")) {
                out.insert(key, name);
            }
        } else if (r.isEndElement() && r.name() == QLatin1String("array")) {
            inArray = false;
            out.insert(key, array.join(QLatin1Char('|')));
        }
    }
    if (r.hasError())
        *error = r.errorString();
    return out;
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestLaunchAgent : public QObject {
    Q_OBJECT
    QTemporaryDir m_home;

private Q_SLOTS:
    void writesAPlistLaunchdReads()
    {
        const QString folder = m_home.filePath(QStringLiteral("Library/LaunchAgents")); // not there yet
        const QString path = launchAgentPath(folder);
        QCOMPARE(path, folder + QStringLiteral("/io.idleforge.IdleForge.plist"));
        QVERIFY(!launchAgentEnabled(folder));
        const QString program = QStringLiteral("/Applications/Idle & <Forge>.app/Contents/MacOS/idleforge");
        QVERIFY(setLaunchAgent(folder, true, program).ok());
        QVERIFY(launchAgentEnabled(folder));
        const QByteArray xml = contentOf(path);
        QVERIFY2(xml.contains("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\""), xml.constData());
        QVERIFY2(xml.contains("Idle &amp; &lt;Forge"), xml.constData());
        QString error;
        const auto dict = readPlist(xml, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(dict.value(QStringLiteral("Label")), QStringLiteral("io.idleforge.IdleForge"));
        QCOMPARE(dict.value(QStringLiteral("ProgramArguments")), program + QStringLiteral("|--minimized"));
        QCOMPARE(dict.value(QStringLiteral("RunAtLoad")), QStringLiteral("true"));
        QCOMPARE(dict.value(QStringLiteral("ProcessType")), QStringLiteral("Interactive"));
        // Ours: rewritten with a new program, then removed, and removing again is no error.
        QVERIFY(setLaunchAgent(folder, true, QStringLiteral("/usr/local/bin/idleforge")).ok());
        QCOMPARE(readPlist(contentOf(path), &error).value(QStringLiteral("ProgramArguments")),
                 QStringLiteral("/usr/local/bin/idleforge|--minimized"));
        QVERIFY(setLaunchAgent(folder, false, {}).ok());
        QVERIFY(!launchAgentEnabled(folder));
        QVERIFY(setLaunchAgent(folder, false, {}).ok());
    }

    void leavesTheUsersOwnPlistAlone()
    {
        const QString folder = m_home.filePath(QStringLiteral("own"));
        QVERIFY(QDir().mkpath(folder));
        const QByteArray own = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict><key>Label</key>"
                               "<string>io.idleforge.IdleForge</string></dict></plist>\n";
        QFile f(launchAgentPath(folder));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(own);
        f.close();
        QVERIFY(setLaunchAgent(folder, true, QStringLiteral("/usr/bin/idleforge")).ok());
        QCOMPARE(contentOf(launchAgentPath(folder)), own);
        QVERIFY(setLaunchAgent(folder, false, {}).ok());
        QCOMPARE(contentOf(launchAgentPath(folder)), own);
    }

    void anUnwritableFolderIsAClearError()
    {
        const QString file = m_home.filePath(QStringLiteral("a-file"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        const auto r = setLaunchAgent(file + QStringLiteral("/LaunchAgents"), true, QStringLiteral("/usr/bin/idleforge"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("platform.autostart"));
        QVERIFY2(r.error().message.contains(QStringLiteral("a-file/LaunchAgents")), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestLaunchAgent)
#include "TestLaunchAgent.moc"
