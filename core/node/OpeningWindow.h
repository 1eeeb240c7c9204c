#pragma once
// The bytes of a solver's audit openings between the verification thread, which makes them
// (AuditSolver::setSink), and the uploads on the GUI thread, which send them (GameRelay): the
// thread waits before handing over the next while the ones handed over but not yet uploaded
// hold more than `capBytes`. One always goes, however large, so a state bigger than the window
// still moves (two states held at most: the one uploading and the one just made). close() lets a
// waiting thread go at once (the relay is being destroyed); acquire() says false from then on.
#include <QtGlobal>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <utility>

namespace idleforge::node {

class OpeningWindow {
public:
    explicit OpeningWindow(qint64 capBytes) : m_cap(capBytes) {}

    // Waits until `bytes` fit (or nothing is in flight); false once closed.
    bool acquire(qint64 bytes)
    {
        std::unique_lock lock(m_mutex);
        m_cv.wait(lock, [&] { return m_closed || m_inFlight == 0 || m_inFlight + bytes <= m_cap; });
        if (m_closed)
            return false;
        m_inFlight += bytes;
        m_peak = std::max(m_peak, m_inFlight);
        return true;
    }
    void release(qint64 bytes)
    {
        {
            std::lock_guard lock(m_mutex);
            m_inFlight = std::max<qint64>(0, m_inFlight - bytes);
        }
        m_cv.notify_all();
    }
    void close()
    {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_cv.notify_all();
    }
    qint64 capBytes() const { return m_cap; }
    // The most that was in flight at once since the last call (the relay reports it per audit).
    qint64 takePeak()
    {
        std::lock_guard lock(m_mutex);
        return std::exchange(m_peak, m_inFlight);
    }

private:
    const qint64 m_cap;
    std::mutex m_mutex;
    std::condition_variable m_cv;
    qint64 m_inFlight = 0;
    qint64 m_peak = 0;
    bool m_closed = false;
};

} // namespace idleforge::node
