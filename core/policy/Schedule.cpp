#include "policy/Schedule.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTimeZone>
#include <QStringList>

#include <array>

namespace idleforge::policy {

namespace {
const std::array<QLatin1String, 7> kDays = {QLatin1String("mon"), QLatin1String("tue"), QLatin1String("wed"),
                                            QLatin1String("thu"), QLatin1String("fri"), QLatin1String("sat"),
                                            QLatin1String("sun")};

int dayOf(const QString &name)
{
    for (int i = 0; i < 7; ++i)
        if (name == kDays[std::size_t(i)])
            return i + 1;
    return 0;
}

Error badEntry(const QString &entry, const QString &why)
{
    return makeError("policy.bad_schedule", QCoreApplication::translate("idleforge::policy", "schedule entry '%1': %2").arg(entry, why));
}

// DAYS of an entry as a set of day numbers 1..7.
Result<std::bitset<8>> parseDays(const QString &entry, const QString &text)
{
    std::bitset<8> days;
    if (text == QLatin1String("daily")) {
        for (int d = 1; d <= 7; ++d)
            days.set(std::size_t(d));
        return days;
    }
    for (const QString &part : text.split(QLatin1Char(','))) {
        const QStringList ends = part.split(QLatin1Char('-'));
        const int first = dayOf(ends.value(0)), last = ends.size() == 2 ? dayOf(ends[1]) : first;
        if (ends.size() > 2 || first == 0 || last == 0)
            return badEntry(entry, QCoreApplication::translate("idleforge::policy", "'%1' is not a day (mon..sun), a range like mon-fri, or daily").arg(part));
        for (int d = first;; d = d % 7 + 1) {
            days.set(std::size_t(d));
            if (d == last)
                break;
        }
    }
    return days;
}
} // namespace

Result<Schedule> Schedule::parse(const QString &text)
{
    const QString all = text.trimmed().toLower();
    Schedule s;
    if (all.isEmpty() || all == QLatin1String("always"))
        return s;
    s.m_hours.reset();
    if (all == QLatin1String("never"))
        return s;
    static const QRegularExpression entryForm(QStringLiteral("^(\\S+)\\s+(\\d{1,2})-(\\d{1,2})$"));
    for (const QString &raw : all.split(QLatin1Char(';'))) {
        const QString entry = raw.simplified();
        const auto m = entryForm.match(entry);
        if (!m.hasMatch())
            return badEntry(entry, QCoreApplication::translate("idleforge::policy", "expected DAYS START-END, e.g. mon-fri 18-8"));
        auto days = parseDays(entry, m.captured(1));
        if (!days)
            return days.error();
        const int start = m.captured(2).toInt(), end = m.captured(3).toInt();
        if (start > 23 || end > 24 || start == end)
            return badEntry(entry, QCoreApplication::translate("idleforge::policy", "hours are 0-24, start before or after end but not equal to it"));
        for (int d = 1; d <= 7; ++d) {
            if (!days->test(std::size_t(d)))
                continue;
            // Past midnight (start > end): the rest of the night belongs to the next day.
            const int span = start < end ? end - start : 24 - start + end;
            for (int h = 0; h < span; ++h) {
                const int abs = (d - 1) * 24 + start + h;
                s.m_hours.set(std::size_t(abs % kHours));
            }
        }
    }
    return s;
}

bool Schedule::allows(const QDateTime &local) const
{
    return allowsHour(local.date().dayOfWeek(), local.time().hour());
}

QDateTime Schedule::nextChange(const QDateTime &local) const
{
    if (m_hours.all() || m_hours.none())
        return {};
    const bool now = allows(local);
    QDateTime t(local.date(), QTime(local.time().hour(), 0), local.timeZone());
    for (int i = 0; i < kHours; ++i) {
        t = t.addSecs(3600);
        if (allows(t) != now)
            return t;
    }
    return {};
}

QString Schedule::toString() const
{
    if (m_hours.all())
        return QStringLiteral("always");
    if (m_hours.none())
        return QStringLiteral("never");
    // One entry per maximal run of hours inside a day (START-END), grouped by day.
    QStringList entries;
    for (int d = 1; d <= 7; ++d) {
        for (int h = 0; h < 24;) {
            if (!allowsHour(d, h)) {
                ++h;
                continue;
            }
            int end = h;
            while (end < 24 && allowsHour(d, end))
                ++end;
            entries << QStringLiteral("%1 %2-%3").arg(kDays[std::size_t(d - 1)]).arg(h).arg(end);
            h = end;
        }
    }
    return entries.join(QStringLiteral("; "));
}

} // namespace idleforge::policy
