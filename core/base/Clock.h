#pragma once
// Injectable time source (KeePassXC's Clock): leases, idle timers and earnings-by-day read the
// time through a Clock so tests can move it by hand.
#include <QDateTime>
#include <QTimeZone>

namespace idleforge {

class Clock {
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 msecsSinceEpoch() const { return now().toMSecsSinceEpoch(); }

    // The process-wide clock; the system clock unless a test replaced it.
    static const Clock &instance();
    static void setInstance(const Clock *clock); // nullptr restores the system clock
};

class SystemClock final : public Clock {
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock that only moves when told to. For tests.
class ManualClock final : public Clock {
public:
    explicit ManualClock(QDateTime start = QDateTime::fromSecsSinceEpoch(1'700'000'000, Qt::UTC))
        : m_now(std::move(start)) {}
    QDateTime now() const override { return m_now; }
    void advance(qint64 msecs) { m_now = m_now.addMSecs(msecs); }
    void set(QDateTime t) { m_now = std::move(t); }

private:
    QDateTime m_now;
};

} // namespace idleforge
