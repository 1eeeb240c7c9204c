#include "base/Paths.h"

#include "base/PrivateDir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace idleforge::paths {

namespace {
QString &overrideDir()
{
    static QString dir;
    return dir;
}

QString ensured(const QString &path)
{
    QDir().mkpath(path);
    return path;
}
} // namespace

void setDataDir(const QString &dir) { overrideDir() = dir; }

QString dataDir()
{
    if (!overrideDir().isEmpty())
        return ensured(overrideDir());
    const QString env = qEnvironmentVariable("IDLEFORGE_HOME");
    if (!env.isEmpty())
        return ensured(env);
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return ensured(base + QStringLiteral("/IdleForge"));
}

bool dataDirOverridden()
{
    return !overrideDir().isEmpty() || !qEnvironmentVariable("IDLEFORGE_HOME").isEmpty();
}

QString ledgerFile() { return dataDir() + QStringLiteral("/ledger.sqlite"); }
QString jobsDir() { return ensured(dataDir() + QStringLiteral("/jobs")); }
QString storeDir() { return ensured(dataDir() + QStringLiteral("/store")); }

QString runtimeSocketName()
{
    // One instance per user and data directory: two test runs with different homes never meet.
    // In the user's private runtime directory: a name in world-writable /tmp could be taken
    // first by another local user, whose server would then answer in our place.
    const QByteArray key = QDir(dataDir()).canonicalPath().toUtf8();
    const QString name = QStringLiteral("idleforge-") + QString::number(qHash(key), 16);
    if (auto dir = privateRuntimeDir())
        return QDir(*dir).filePath(name);
    return name;
}

QString workerProgram()
{
    const QString env = qEnvironmentVariable("IDLEFORGE_WORKER");
    if (!env.isEmpty())
        return env;
    const QString exe = QStringLiteral("idleforge-worker");
    const QString appDir = QCoreApplication::applicationDirPath();
    const QString beside = appDir + QLatin1Char('/') + exe; // a build tree: every binary in bin/
    if (QFileInfo(beside).isExecutable())
        return beside;
    // An installed tree (the .deb): /usr/bin/idleforge and /usr/libexec/idleforge/idleforge-worker.
    const QString installed = QDir(appDir).filePath(QStringLiteral("../libexec/idleforge/") + exe);
    if (QFileInfo(installed).isExecutable())
        return QDir::cleanPath(installed);
    const QString onPath = QStandardPaths::findExecutable(exe);
    return onPath.isEmpty() ? beside : onPath;
}

} // namespace idleforge::paths
