// Every state machine (audit verifier and solver, pinpoint referee and parties) refuses
// malformed, out-of-order, replayed and oversized messages with a clear reason and goes on;
// a party that falls silent (its message lost) loses by timeout.
#include "VerifyTestUtil.h"
#include "verify/Audit.h"
#include "verify/GameDriver.h"
#include "verify/Pinpoint.h"
#include "verify/SampleSelection.h"

#include <set>

using namespace idleforge;

namespace {

enum class Abuse { Malformed, OutOfOrder, Replayed, Oversized, Dropped };

const char *abuseName(Abuse a)
{
    switch (a) {
    case Abuse::Malformed: return "malformed";
    case Abuse::OutOfOrder: return "out_of_order";
    case Abuse::Replayed: return "replayed";
    case Abuse::Oversized: return "oversized";
    case Abuse::Dropped: return "dropped";
    }
    return "?";
}

// Applies `abuse` to the first message of `type` (and to nothing else).
verify::Tamper tamperFirst(const QString &type, Abuse abuse, bool *hit)
{
    return [=](const verify::Message &m) -> std::vector<verify::Message> {
        if (m.type != type || *hit)
            return {m};
        *hit = true;
        verify::Message bad = m;
        switch (abuse) {
        case Abuse::Malformed:
            for (const QString &key : bad.body.keys())
                bad.body.insert(key, QStringLiteral("zz"));
            if (bad.body.isEmpty())
                return {m}; // nothing to break
            return {bad};
        case Abuse::OutOfOrder:
            bad.type = type == QLatin1String("audit.result") ? QStringLiteral("audit.request") : QStringLiteral("audit.result");
            if (type.startsWith(QLatin1String("pinpoint.")))
                bad.type = type == QLatin1String("pinpoint.hello") ? QStringLiteral("pinpoint.node_open") : QStringLiteral("pinpoint.hello");
            return {bad, m}; // the genuine one follows but its number was taken? no: refused ones take nothing
        case Abuse::Replayed: return {m, m};
        case Abuse::Oversized: bad.body.insert(QStringLiteral("pad"), QString(70 * 1024, QLatin1Char('x'))); return {bad};
        case Abuse::Dropped: return {};
        }
        return {m};
    };
}

} // namespace

class TestProtocolAbuse : public QObject {
    Q_OBJECT

    task::TaskSpec m_spec = vtest::tinyMlp(12, 4);
    verify::TaskContext m_ctx = vtest::context(m_spec);
    QTemporaryDir m_tmp;
    QString m_honest, m_cheat;

private Q_SLOTS:
    void initTestCase()
    {
        m_honest = m_tmp.filePath(QStringLiteral("honest"));
        m_cheat = m_tmp.filePath(QStringLiteral("cheat"));
        vtest::train(m_ctx, m_honest);
        vtest::train(m_ctx, m_cheat, QStringLiteral("bitflip:step=5,node=0"));
    }

    void auditMachinesRefuseAbuse_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("abuse");
        for (const char *t : {"audit.request", "audit.commitment", "audit.challenge", "audit.opening", "audit.result"})
            for (Abuse a : {Abuse::Malformed, Abuse::OutOfOrder, Abuse::Replayed, Abuse::Oversized, Abuse::Dropped})
                QTest::addRow("%s-%s", t, abuseName(a)) << QString::fromLatin1(t) << int(a);
    }

    void auditMachinesRefuseAbuse()
    {
        QFETCH(QString, type);
        QFETCH(int, abuse);
        auto run = vtest::open(m_ctx, m_honest);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("s"), 2, QStringLiteral("g"));
        verify::AuditSolver solver(*run, m_ctx.taskId, QStringLiteral("g"));
        bool hit = false;
        const auto traffic = verify::runAudit(verifier, solver, tamperFirst(type, Abuse(abuse), &hit));
        QVERIFY(hit);
        QVERIFY(verifier.report().finished); // never stuck, never crashed
        const Abuse a = Abuse(abuse);
        if (a == Abuse::Dropped) {
            QVERIFY(type == QLatin1String("audit.result") || !verifier.report().ok); // silence fails the audit
            return;
        }
        QVERIFY2(!traffic.rejected.isEmpty(), "the abused message was accepted");
        const QString code = QStringLiteral("verify.") + QString::fromLatin1(abuseName(a));
        QVERIFY2(traffic.rejected.front().contains(code), qPrintable(traffic.rejected.join(QLatin1Char('\n'))));
        if (a == Abuse::Replayed || a == Abuse::OutOfOrder)
            QVERIFY(verifier.report().ok); // the genuine message still went through
    }

    // The same in replay mode, where the solver answers with the committed hashes.
    void replayAuditRefusesAbuse_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("abuse");
        for (const char *t : {"audit.challenge", "audit.hashes", "audit.result"})
            for (Abuse a : {Abuse::Malformed, Abuse::OutOfOrder, Abuse::Replayed, Abuse::Oversized, Abuse::Dropped})
                QTest::addRow("%s-%s", t, abuseName(a)) << QString::fromLatin1(t) << int(a);
    }

    void replayAuditRefusesAbuse()
    {
        QFETCH(QString, type);
        QFETCH(int, abuse);
        auto run = vtest::open(m_ctx, m_honest);
        verify::ReproStepRecomputer rc(m_ctx);
        verify::AuditVerifier verifier(m_ctx, rc, verify::seedFromText("s"), 2, QStringLiteral("g"));
        verifier.setMode(verify::AuditMode::Replay);
        verify::AuditSolver solver(*run, m_ctx.taskId, QStringLiteral("g"));
        bool hit = false;
        const auto traffic = verify::runAudit(verifier, solver, tamperFirst(type, Abuse(abuse), &hit));
        QVERIFY(hit);
        QVERIFY(verifier.report().finished);
        QVERIFY(verifier.report().replayed);
        const Abuse a = Abuse(abuse);
        if (a == Abuse::Dropped) {
            QVERIFY(type == QLatin1String("audit.result") || !verifier.report().ok);
            return;
        }
        QVERIFY2(!traffic.rejected.isEmpty(), "the abused message was accepted");
        const QString code = QStringLiteral("verify.") + QString::fromLatin1(abuseName(a));
        QVERIFY2(traffic.rejected.front().contains(code), qPrintable(traffic.rejected.join(QLatin1Char('\n'))));
        if (a == Abuse::Replayed || a == Abuse::OutOfOrder)
            QVERIFY(verifier.report().ok);
    }

    void pinpointMachinesRefuseAbuse_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("abuse");
        for (const char *t : {"pinpoint.hello", "pinpoint.commitment", "pinpoint.step_children", "pinpoint.step_nodes",
                              "pinpoint.step_open", "pinpoint.step_opening", "pinpoint.trace", "pinpoint.trace_root",
                              "pinpoint.trace_children", "pinpoint.trace_nodes", "pinpoint.node_open", "pinpoint.node_opening",
                              "pinpoint.verdict"})
            for (Abuse a : {Abuse::Malformed, Abuse::OutOfOrder, Abuse::Replayed, Abuse::Oversized, Abuse::Dropped})
                QTest::addRow("%s-%s", t, abuseName(a)) << QString::fromLatin1(t) << int(a);
    }

    void pinpointMachinesRefuseAbuse()
    {
        QFETCH(QString, type);
        QFETCH(int, abuse);
        auto a = vtest::open(m_ctx, m_honest);
        auto b = vtest::open(m_ctx, m_cheat);
        verify::PinpointParty pa(QStringLiteral("a"), *a, m_ctx, QStringLiteral("g"));
        verify::PinpointParty pb(QStringLiteral("b"), *b, m_ctx, QStringLiteral("g"));
        verify::PinpointReferee referee(m_ctx, QStringLiteral("g"));
        bool hit = false;
        const auto traffic = verify::runPinpoint(referee, pa, pb, tamperFirst(type, Abuse(abuse), &hit));
        QVERIFY(hit);
        const auto &o = referee.outcome();
        QVERIFY(o.finished);
        const Abuse kind = Abuse(abuse);
        if (kind == Abuse::Replayed || kind == Abuse::OutOfOrder) {
            // Refused, and the game went on to the honest verdict.
            QVERIFY(!traffic.rejected.isEmpty());
            QVERIFY2(traffic.rejected.front().contains(QStringLiteral("verify.") + QString::fromLatin1(abuseName(kind))),
                     qPrintable(traffic.rejected.join(QLatin1Char('\n'))));
            QCOMPARE(o.winner, QStringLiteral("a"));
            QCOMPARE(o.step, std::int64_t(5));
            return;
        }
        if (kind != Abuse::Dropped) {
            QVERIFY2(!traffic.rejected.isEmpty(), "the abused message was accepted");
            QVERIFY2(traffic.rejected.front().contains(QStringLiteral("verify.") + QString::fromLatin1(abuseName(kind))),
                     qPrintable(traffic.rejected.join(QLatin1Char('\n'))));
        }
        // Whoever's message was lost went silent and lost; a lost referee request silences both
        // parties' answers to it: then nobody wins. A lost verdict changes nothing.
        if (type == QLatin1String("pinpoint.verdict"))
            QCOMPARE(o.winner, QStringLiteral("a"));
        else
            QVERIFY2(o.reason.contains(QStringLiteral("in time")), qPrintable(o.reason));
    }
};

QTEST_GUILESS_MAIN(TestProtocolAbuse)
#include "TestProtocolAbuse.moc"
