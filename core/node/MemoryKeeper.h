#pragma once
// The memory of the extra checkpoints (ProviderOptions::ramCheckpointsDir), given back when the
// machine wants it. They only make serving an audit cheaper (core/verify/README.md, "Extra
// checkpoints in memory"); nothing is lost without them, an audit is then served from the job
// folder's own checkpoints. Given back:
//   - at once when a game or an exclusive app starts: the app calls release() on such a policy
//     decision (memoryWantedBy), since the program the user starts is about to need it;
//   - when the machine runs short: MemAvailable (platform::memoryAvailableBytes) under the low
//     water mark, read every pollMs while the node runs.
// JobRunner plans new extras only within headroomBytes() (MemAvailable less twice the mark), so
// that writing them does not bring the machine down to the mark by itself. Deleting a few GiB of
// tmpfs files takes a moment: release() works off the GUI thread.
#include "node/JobFolders.h"

#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace idleforge::policy {
struct Decision;
}

namespace idleforge::node {

class MemoryKeeper : public QObject {
    Q_OBJECT
public:
    struct Options {
        qint64 lowWaterBytes = 0; // 0: defaultLowWater of this machine's memory
        int pollMs = 2000;
        QString procRoot = QStringLiteral("/proc");
    };
    // `say`: the node's activity line, told what was given back and why (when it was anything).
    MemoryKeeper(JobFolders folders, Options options, std::function<void(const QString &)> say, QObject *parent = nullptr);

    void start(); // the polling begins
    void stop();  // it ends, and the memory folder is deleted (JobFolders::removeMemory): the node stops
    // Deletes every twin in memory (JobFolders::releaseMemory), off the GUI thread.
    void release(const QString &why);
    // What new extra checkpoints may take: MemAvailable less twice the low water mark (never
    // below 0), or no limit where MemAvailable cannot be read.
    qint64 headroomBytes() const;
    qint64 lowWaterBytes() const { return m_options.lowWaterBytes; }
    // max(512 MiB, 1/16 of the memory): 1.5 GiB on a 24 GiB PC.
    static qint64 defaultLowWater(qint64 physicalBytes);
    // Why the memory should go back now: the text of the reason a game or an exclusive app
    // blocks the work for (policy rules "game", "exclusive_app"); empty for any other decision.
    static QString memoryWantedBy(const policy::Decision &d);

private:
    void poll();
    JobFolders m_folders;
    Options m_options;
    std::function<void(const QString &)> m_say;
    QTimer *m_timer = nullptr;
    bool m_releasing = false;
};

} // namespace idleforge::node
