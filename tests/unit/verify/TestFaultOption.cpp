// --inject-fault parsing and the fault record of a cheating run.
#include "verify/FaultOption.h"

#include <QTemporaryDir>
#include <QTest>

using namespace idleforge::verify;

class TestFaultOption : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesEveryKind()
    {
        auto f = parseFaultOption(QStringLiteral("bitflip:step=3,node=7"));
        QVERIFY(f.ok());
        QCOMPARE(f->value(QStringLiteral("kind")).toString(), QStringLiteral("flip_bit"));
        QCOMPARE(f->value(QStringLiteral("node")).toInt(), 7);
        QCOMPARE(f->value(QStringLiteral("bit")).toInt(), 16);
        f = parseFaultOption(QStringLiteral("fabricate:from=2,to=5"));
        QCOMPARE(f->value(QStringLiteral("kind")).toString(), QStringLiteral("fabricate_hash"));
        QCOMPARE(f->value(QStringLiteral("to")).toInt(), 5);
        QCOMPARE(parseFaultOption(QStringLiteral("wrong-batch:step=1"))->value(QStringLiteral("kind")).toString(), QStringLiteral("wrong_batch"));
        QCOMPARE(parseFaultOption(QStringLiteral("skip-update:step=1"))->value(QStringLiteral("kind")).toString(), QStringLiteral("skip_update"));
        const auto plan = faultPlanFromJson(*parseFaultOption(QStringLiteral("bitflip:step=3,node=7,bit=31")));
        QVERIFY(plan.ok());
        QCOMPARE(plan->kind, idleforge::graph::FaultPlan::Kind::FlipBit);
        QCOMPARE(plan->bit, 31);
    }

    void refusesNonsense_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *t : {"", "meltdown:step=1", "bitflip:step=1", "bitflip:node=1", "bitflip:step=1,node=1,bit=32",
                              "fabricate:from=5,to=2", "fabricate:from=1", "wrong-batch:step=-1", "skip-update:step=x",
                              "skip-update:step=1,step=2", "skip-update:when=1"})
            QTest::newRow(t) << QString::fromLatin1(t);
    }

    void refusesNonsense()
    {
        QFETCH(QString, text);
        const auto f = parseFaultOption(text);
        QVERIFY(!f.ok());
        QCOMPARE(f.error().code, QStringLiteral("verify.bad_fault"));
    }

    void faultyStepsPerKind()
    {
        QCOMPARE(faultyAuditSteps(*parseFaultOption(QStringLiteral("bitflip:step=3,node=1")), 10).size(), 1);
        const auto r = faultyAuditSteps(*parseFaultOption(QStringLiteral("fabricate:from=2,to=4")), 10);
        QCOMPARE(r.first, 2);
        QCOMPARE(r.last, 5);
        QCOMPARE(faultyAuditSteps(*parseFaultOption(QStringLiteral("fabricate:from=7,to=9")), 10).last, 9);
        QCOMPARE(faultyAuditSteps(*parseFaultOption(QStringLiteral("skip-update:step=12")), 10).size(), 0);
    }

    void recordRoundTrips()
    {
        QTemporaryDir dir;
        QCOMPARE(readFaultRecord(dir.path())->size(), 0);
        const QJsonObject f = *parseFaultOption(QStringLiteral("wrong-batch:step=4"));
        QVERIFY(writeFaultRecord(dir.path(), f).ok());
        QCOMPARE(*readFaultRecord(dir.path()), f);
    }
};

QTEST_GUILESS_MAIN(TestFaultOption)
#include "TestFaultOption.moc"
