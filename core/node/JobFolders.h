#pragma once
// The provider's job folders under <jobs>: one per task run, named <task>-<spec hash 16>, and
// <task>-<spec hash 16>-replica for an honest re-run played in a dispute (role b). Inside, the
// worker's layout (task/WorkerJob.h). A folder is kept for its challenge window: until the
// coordinator says the task's game settled (removeTask), or, for a game that never settles,
// until it has been untouched for a day (removeStale).
//
// Everything here touches the disk: bytesUsed() walks the tree, so call it off the GUI thread.
#include "base/Error.h"

#include <QJsonObject>
#include <QSet>
#include <QString>

namespace idleforge::node {

class JobFolders {
public:
    explicit JobFolders(QString jobsDir) : m_dir(std::move(jobsDir)) {}

    const QString &dir() const { return m_dir; }
    QString workdirFor(const QString &taskId, const QJsonObject &spec, bool replica = false) const;
    QString findWorkdir(const QString &taskId) const; // our own run (not a replica); empty if none

    // Deletes every folder of the task (run and replica). Returns the bytes freed.
    qint64 removeTask(const QString &taskId) const;
    // Deletes folders not modified for `maxAgeMs`, except those of `keep` (tasks in play).
    qint64 removeStale(qint64 maxAgeMs, const QSet<QString> &keep) const;

    struct Usage {
        qint64 usedBytes = 0; // all files under the jobs folder
        qint64 freeBytes = 0; // available to us on its file system
    };
    Usage measure() const;
    // Bytes available to us on the file system of `path`, or of its nearest existing parent.
    static qint64 freeBytesAt(const QString &path);

private:
    QString m_dir;
};

} // namespace idleforge::node
