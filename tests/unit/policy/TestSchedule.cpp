// The weekly schedule's text form: every accepted shape, past-midnight spans, strict refusals
// naming the entry, the canonical form, and the next change as the engine's re-check time.
#include "policy/Schedule.h"

#include <QTest>
#include <QTimeZone>

using namespace idleforge::policy;

class TestSchedule : public QObject {
    Q_OBJECT

    static QDateTime at(int y, int m, int d, int h, int min = 0)
    {
        return QDateTime(QDate(y, m, d), QTime(h, min), QTimeZone::utc());
    }

private Q_SLOTS:
    void alwaysAndNever()
    {
        QVERIFY(Schedule::parse(QString())->isAlways());
        QVERIFY(Schedule::parse(QStringLiteral(" Always "))->isAlways());
        const auto never = Schedule::parse(QStringLiteral("never"));
        QVERIFY(never.ok());
        QVERIFY(!never->allows(at(2026, 12, 2, 12)));
        QCOMPARE(never->toString(), QStringLiteral("never"));
        QVERIFY(!never->nextChange(at(2026, 12, 2, 12)).isValid());
    }

    void weekdayEveningsAndWeekends()
    {
        const auto s = Schedule::parse(QStringLiteral("mon-fri 18-8; sat,sun 0-24"));
        QVERIFY2(s.ok(), qPrintable(s.ok() ? QString() : s.error().toString()));
        // 2026-12-02 is a Wednesday.
        QVERIFY(!s->allows(at(2026, 12, 2, 12)));
        QVERIFY(s->allows(at(2026, 12, 2, 18)));
        QVERIFY(s->allows(at(2026, 12, 3, 7, 59))); // Wednesday's night runs into Thursday
        QVERIFY(!s->allows(at(2026, 12, 3, 8)));
        QVERIFY(s->allows(at(2026, 12, 5, 12)));   // Saturday
        QVERIFY(!s->allows(at(2026, 12, 7, 3)));   // Monday 03:00: Sunday ends at midnight, Monday's span starts at 18
        QCOMPARE(s->nextChange(at(2026, 12, 2, 12, 30)), at(2026, 12, 2, 18));
        QCOMPARE(s->nextChange(at(2026, 12, 2, 18, 5)), at(2026, 12, 3, 8));
    }

    void nightSpanWrapsIntoNextWeek()
    {
        const auto s = Schedule::parse(QStringLiteral("sun 22-6"));
        QVERIFY(s.ok());
        QVERIFY(s->allows(at(2026, 12, 6, 23)));  // Sunday
        QVERIFY(s->allows(at(2026, 12, 7, 5)));   // Monday morning
        QVERIFY(!s->allows(at(2026, 12, 7, 6)));
        QVERIFY(!s->allows(at(2026, 12, 6, 5)));  // Sunday morning is not in it
    }

    void rangesWrapAndDaily()
    {
        const auto fm = Schedule::parse(QStringLiteral("fri-mon 10-12"));
        QVERIFY(fm.ok());
        for (int day : {4, 5, 6, 7}) // Fri 4th, Sat, Sun, Mon 7th of Dec 2026
            QVERIFY2(fm->allows(at(2026, 12, day, 11)), qPrintable(QString::number(day)));
        QVERIFY(!fm->allows(at(2026, 12, 8, 11)));
        const auto daily = Schedule::parse(QStringLiteral("daily 9-17"));
        QVERIFY(daily.ok());
        QCOMPARE(daily->toString(),
                 QStringLiteral("mon 9-17; tue 9-17; wed 9-17; thu 9-17; fri 9-17; sat 9-17; sun 9-17"));
        QCOMPARE(*Schedule::parse(daily->toString()), *daily); // the canonical form reads back
    }

    void refusalsNameTheEntry_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("named");
        QTest::newRow("no hours") << "mon" << "mon";
        QTest::newRow("bad day") << "mon-fri 1-2; funday 3-4" << "funday";
        QTest::newRow("hour 25") << "tue 3-25" << "tue 3-25";
        QTest::newRow("empty span") << "wed 5-5" << "wed 5-5";
        QTest::newRow("start 24") << "wed 24-5" << "wed 24-5";
        QTest::newRow("three ends") << "mon-tue-wed 1-2" << "mon-tue-wed";
        QTest::newRow("minutes") << "mon 9:30-17" << "mon 9:30-17";
    }
    void refusalsNameTheEntry()
    {
        QFETCH(QString, text);
        QFETCH(QString, named);
        const auto s = Schedule::parse(text);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().code, QStringLiteral("policy.bad_schedule"));
        QVERIFY2(s.error().message.contains(named), qPrintable(s.error().message));
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "TestSchedule.moc"
