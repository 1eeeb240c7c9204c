#pragma once
// The worker's main loop: a reader thread takes lines from stdin (control messages act at
// once, jobs are queued), the main thread runs one job at a time and writes JSON lines to
// stdout. A malformed or unknown line gets an error line; nothing in the input can crash it.
#include "Job.h"

#include <QJsonObject>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>

namespace idleforge::worker {

class WorkerLoop {
public:
    int run(); // exit code: 0 after "stop" or end of input
    // The priority the worker runs at, announced in the hello line.
    void setPriority(QJsonObject priority) { m_priority = std::move(priority); }

    // Thread-safe: writes one JSON line to stdout and flushes.
    void send(const QJsonObject &message);
    bool cancelRequested() const { return m_cancel.load(std::memory_order_relaxed); }

private:
    void readInput();
    void handleLine(const QByteArray &line);
    void requestStop();
    void runJob(const QJsonObject &request);

    QJsonObject m_priority;
    std::mutex m_outMutex;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<QJsonObject> m_queue;
    QString m_currentId;
    bool m_busy = false;
    bool m_stopping = false;
    std::atomic<bool> m_cancel{false};
};

} // namespace idleforge::worker
