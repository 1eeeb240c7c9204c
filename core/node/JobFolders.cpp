#include "node/JobFolders.h"

#include "base/SafeFile.h"
#include "crypto/Blake2b.h"
#include "node/Log.h"
#include "task/TaskSpec.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QRegularExpression>

#include <sys/statvfs.h>

#include <algorithm>

namespace idleforge::node {

namespace {
const QString kReplicaSuffix = QStringLiteral("-replica");
const QString kOwnerFile = QStringLiteral("owner"); // in the memory folder: whose jobs folder it serves
constexpr int kOwnerlessGraceS = 3600;

// The newest modification time of `path` and of anything below it.
QDateTime newestBelow(const QString &path)
{
    QDateTime newest = QFileInfo(path).lastModified();
    QDirIterator it(path, QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        newest = std::max(newest, it.fileInfo().lastModified());
    }
    return newest;
}

qint64 treeBytes(const QString &path)
{
    qint64 total = 0;
    QDirIterator it(path, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

// The task id of a job folder name, or empty for anything else in the jobs folder.
QString taskOfFolder(const QString &name)
{
    QString n = name;
    if (n.endsWith(kReplicaSuffix))
        n.chop(kReplicaSuffix.size());
    const qsizetype dash = n.lastIndexOf(QLatin1Char('-'));
    if (dash <= 0 || n.size() - dash - 1 != 16)
        return {};
    return n.left(dash);
}

qint64 removeFolder(const QString &path)
{
    const qint64 bytes = treeBytes(path);
    if (!QDir(path).removeRecursively()) {
        qCWarning(lcNode).noquote() << "cannot delete the job folder" << path;
        return 0;
    }
    return bytes;
}
} // namespace

QString JobFolders::workdirFor(const QString &taskId, const QJsonObject &spec, bool replica) const
{
    const QByteArray canonical = task::canonicalJson(spec);
    const QString hash = task::hashHex(crypto::blake2b256(std::string_view(canonical.constData(), size_t(canonical.size())))).left(16);
    return QDir(m_dir).filePath(taskId + QLatin1Char('-') + hash + (replica ? kReplicaSuffix : QString()));
}

QString JobFolders::ramWorkdirOf(const QString &workdir) const
{
    return m_ramDir.isEmpty() ? QString() : QDir(m_ramDir).filePath(QFileInfo(workdir).fileName());
}

qint64 JobFolders::bytesBelow(const QString &path) { return treeBytes(path); }

qint64 JobFolders::memoryAllowance(const QString &twin, qint64 cap, qint64 reserve, qint64 headroom) const
{
    const qint64 mine = treeBytes(twin);
    const qint64 others = treeBytes(m_ramDir) - mine;
    const qint64 held = headroom > std::numeric_limits<qint64>::max() - mine ? std::numeric_limits<qint64>::max() : mine + headroom;
    return std::min({cap - others, freeBytesAt(m_ramDir) + mine - reserve, held});
}

QString JobFolders::findWorkdir(const QString &taskId) const
{
    const QStringList dirs = QDir(m_dir).entryList({taskId + QStringLiteral("-*")}, QDir::Dirs, QDir::Name);
    for (const QString &d : dirs)
        if (!d.endsWith(kReplicaSuffix) && taskOfFolder(d) == taskId)
            return QDir(m_dir).filePath(d);
    return {};
}

qint64 JobFolders::removeTask(const QString &taskId) const
{
    if (taskId.isEmpty())
        return 0;
    qint64 freed = 0;
    for (const QString &d : QDir(m_dir).entryList({taskId + QStringLiteral("-*")}, QDir::Dirs | QDir::NoSymLinks))
        if (taskOfFolder(d) == taskId)
            freed += removeFolder(QDir(m_dir).filePath(d));
    if (!m_ramDir.isEmpty())
        for (const QString &d : QDir(m_ramDir).entryList({taskId + QStringLiteral("-*")}, QDir::Dirs | QDir::NoSymLinks))
            if (taskOfFolder(d) == taskId)
                removeFolder(QDir(m_ramDir).filePath(d));
    return freed;
}

qint64 JobFolders::removeStale(qint64 maxAgeMs, const QSet<QString> &keep) const
{
    const QDateTime cutoff = QDateTime::currentDateTimeUtc().addMSecs(-maxAgeMs);
    qint64 freed = 0;
    for (const QFileInfo &fi : QDir(m_dir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks)) {
        const QString task = taskOfFolder(fi.fileName());
        if (task.isEmpty() || keep.contains(task) || fi.lastModified() > cutoff)
            continue;
        // A folder's own time changes only when entries come and go; its newest file decides.
        bool recent = false;
        QDirIterator it(fi.filePath(), QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories);
        while (!recent && it.hasNext()) {
            it.next();
            recent = it.fileInfo().lastModified() > cutoff;
        }
        if (!recent)
            freed += removeFolder(fi.filePath());
    }
    if (!m_ramDir.isEmpty()) {
        for (const QFileInfo &fi : QDir(m_ramDir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks))
            if (!keep.contains(taskOfFolder(fi.fileName())) && !QFileInfo::exists(QDir(m_dir).filePath(fi.fileName())))
                removeFolder(fi.filePath());
        sweepMemorySiblings();
    }
    return freed;
}

void JobFolders::sweepMemorySiblings() const
{
    static const QRegularExpression kOurs(QStringLiteral("^[0-9a-f]{16}$"));
    const QString self = QFileInfo(m_ramDir).fileName();
    for (const QFileInfo &fi : QDir(QFileInfo(m_ramDir).path()).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks)) {
        if (fi.fileName() == self || !kOurs.match(fi.fileName()).hasMatch())
            continue;
        QFile owner(QDir(fi.filePath()).filePath(kOwnerFile));
        if (owner.open(QIODevice::ReadOnly)) {
            const QString jobs = QString::fromUtf8(owner.read(4096)).trimmed();
            if (!jobs.isEmpty() && !QFileInfo::exists(QFileInfo(jobs).path())) // its data directory is gone
                removeFolder(fi.filePath());
        } else if (newestBelow(fi.filePath()) < QDateTime::currentDateTimeUtc().addSecs(-kOwnerlessGraceS)) {
            removeFolder(fi.filePath()); // no owner (a node writes it at every sweep) and untouched for an hour
        }
    }
    // Replaced, never written through: the worker may write below /dev/shm too (app/worker/Sandbox.h).
    if (const QString owner = QDir(m_ramDir).filePath(kOwnerFile); QDir().mkpath(m_ramDir) && !QFileInfo(owner).isFile())
        if (auto w = writeFileReplacing(owner, QFileInfo(m_dir).absoluteFilePath().toUtf8(), 0600); !w)
            qCWarning(lcNode).noquote() << "cannot mark the memory folder as ours:" << w.error().message;
}

void JobFolders::removeMemory() const
{
    if (!m_ramDir.isEmpty())
        removeFolder(m_ramDir);
}

qint64 JobFolders::releaseMemory() const
{
    qint64 freed = 0;
    if (!m_ramDir.isEmpty())
        for (const QFileInfo &fi : QDir(m_ramDir).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot | QDir::NoSymLinks))
            freed += removeFolder(fi.filePath());
    return freed;
}

JobFolders::Usage JobFolders::measure() const
{
    Usage u;
    u.usedBytes = treeBytes(m_dir);
    u.freeBytes = freeBytesAt(m_dir);
    return u;
}

qint64 JobFolders::freeBytesAt(const QString &path)
{
    // statvfs(2) of the nearest folder that exists: on a fresh install the jobs folder is made
    // only when the first task is taken, and that must not read as "0 bytes free" (which would
    // block the first task for good). QStorageInfo is not used: it answers "invalid" inside a
    // chroot or container whose /proc/self/mountinfo names the host's paths.
    QString dir = QFileInfo(path).absoluteFilePath();
    for (;;) {
        struct statvfs st {};
        if (::statvfs(QFile::encodeName(dir).constData(), &st) == 0)
            return qint64(st.f_bavail) * qint64(st.f_frsize);
        const QString parent = QFileInfo(dir).path();
        if (parent == dir)
            return 0;
        dir = parent;
    }
}

} // namespace idleforge::node
