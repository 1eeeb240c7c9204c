#pragma once
// The provider's job folders under <jobs>: one per task run, named <task>-<spec hash 16>, and
// <task>-<spec hash 16>-replica for an honest re-run played in a dispute (role b). Inside, the
// worker's layout (task/WorkerJob.h). A folder is kept for its challenge window: until the
// coordinator says the task's game settled (removeTask), or, for a game that never settles,
// until it has been untouched for a day (removeStale).
//
// Where the node keeps extra checkpoints in memory (ProviderOptions::ramCheckpointsDir, a
// private folder on tmpfs), each job folder has a twin of the same name there
// (ramWorkdirOf: the worker's extra checkpoints, graph::RunOptions), deleted with it; a twin whose
// job folder is gone (the node was down when it settled) goes at the next removeStale. The memory
// folder names its owner (a file "owner": the jobs folder's path), so that removeStale also clears
// siblings of a data directory that is gone (a node that crashed, a deleted test folder);
// removeMemory empties ours when the node stops, giving that memory back.
//
// Everything here touches the disk: bytesUsed() walks the tree, so call it off the GUI thread.
#include "base/Error.h"

#include <QJsonObject>
#include <QSet>
#include <QString>

#include <limits>

namespace idleforge::node {

class JobFolders {
public:
    explicit JobFolders(QString jobsDir, QString ramDir = {}) : m_dir(std::move(jobsDir)), m_ramDir(std::move(ramDir)) {}

    const QString &dir() const { return m_dir; }
    const QString &ramDir() const { return m_ramDir; }
    // The in-memory twin of a job folder; empty when the node keeps no checkpoints in memory.
    QString ramWorkdirOf(const QString &workdir) const;
    // Bytes of the files below `path` (0 when it does not exist).
    static qint64 bytesBelow(const QString &path);
    // What the twin `twin` may hold: `cap` less what the other twins hold, no more than the
    // memory's file system has free (counting what `twin` holds already) less `reserve`, and no
    // more than `headroom` beyond what it holds (MemoryKeeper::headroomBytes).
    qint64 memoryAllowance(const QString &twin, qint64 cap, qint64 reserve,
                           qint64 headroom = std::numeric_limits<qint64>::max()) const;
    QString workdirFor(const QString &taskId, const QJsonObject &spec, bool replica = false) const;
    QString findWorkdir(const QString &taskId) const; // our own run (not a replica); empty if none

    // Deletes every folder of the task (run and replica) and their twins in memory. Returns the
    // bytes freed on disk.
    qint64 removeTask(const QString &taskId) const;
    // Deletes folders not modified for `maxAgeMs`, except those of `keep` (tasks in play), the
    // twins in memory that have no job folder left, and the memory folders beside ours (named by 16
    // hex digits) whose owner's data directory is gone. Writes our memory folder's owner file.
    // Returns the bytes freed on disk.
    qint64 removeStale(qint64 maxAgeMs, const QSet<QString> &keep) const;

    struct Usage {
        qint64 usedBytes = 0; // all files under the jobs folder
        qint64 freeBytes = 0; // available to us on its file system
    };
    Usage measure() const;
    // Deletes the memory folder and everything in it (the node stops: no extra checkpoint is
    // needed for correctness, only to serve audits cheaply).
    void removeMemory() const;
    // Deletes every twin in memory, keeping the memory folder (the machine wants its memory back:
    // a game, or too little available, node/MemoryKeeper.h). A running worker makes its twin no
    // more (CheckpointWriter::Folders::ParentMustExist); an audit is then served from the job
    // folder. Returns the bytes freed.
    qint64 releaseMemory() const;
    // Bytes available to us on the file system of `path`, or of its nearest existing parent.
    static qint64 freeBytesAt(const QString &path);

private:
    void sweepMemorySiblings() const;

    QString m_dir;
    QString m_ramDir;
};

} // namespace idleforge::node
