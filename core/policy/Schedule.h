#pragma once
// The weekly schedule of the `schedule` setting: which hours of which days work may run, in the
// user's local time. Text form, as the setting stores it and `idleforgectl config set` takes it:
//
//   always                       every hour (the default; an empty text means the same)
//   never                        no hour
//   mon-fri 18-8; sat,sun 0-24   entries separated by ';': DAYS HOURS
//
// DAYS is a day (mon..sun), a range (mon-fri, wrapping: fri-mon), a comma list of both, or
// `daily`. HOURS is START-END in whole hours 0..24, END exclusive; START > END runs past
// midnight into the next day (mon 22-6 is Monday 22:00 to Tuesday 06:00). Parsing is strict: a
// bad entry is an error naming it, never a silently different schedule.
#include "base/Error.h"

#include <QDateTime>
#include <QString>

#include <bitset>

namespace idleforge::policy {

class Schedule {
public:
    static constexpr int kHours = 7 * 24;

    Schedule() { m_hours.set(); } // always
    static Schedule always() { return {}; }
    // Errors: policy.bad_schedule naming the entry.
    static Result<Schedule> parse(const QString &text);

    // Whether work may run at local time `t` (Monday = day 1, as QDate::dayOfWeek).
    bool allows(const QDateTime &local) const;
    bool allowsHour(int dayOfWeek, int hour) const { return m_hours.test(index(dayOfWeek, hour)); }
    // The next whole hour after `local` at which allows() changes; invalid if it never does.
    QDateTime nextChange(const QDateTime &local) const;
    bool isAlways() const { return m_hours.all(); }
    // The canonical text (`always`, `never`, or one entry per run of days with equal hours).
    QString toString() const;

    bool operator==(const Schedule &other) const { return m_hours == other.m_hours; }

private:
    static int index(int dayOfWeek, int hour) { return (dayOfWeek - 1) * 24 + hour; }
    std::bitset<kHours> m_hours;
};

} // namespace idleforge::policy
