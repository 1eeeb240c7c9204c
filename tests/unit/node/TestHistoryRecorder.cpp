// HistoryRecorder: the node's history in a real ledger file.
// - fed the node's events one by one (the bodies the coordinator sends, receipts signed with a
//   coordinator key): a solved task goes running -> committed -> audited -> verified with its
//   run root, sampled steps and reward; an audit we lose a dispute over ends slashed with the
//   verdict's step and operator; the state never moves back (a re-sent assignment); retention;
// - against an in-process devnet on loopback with the real worker: an honest solver and an
//   auditor, each with its own ledger, keep the task and the audit verified with the credits the
//   receipts paid.
#include "DevnetTestUtil.h"
#include "LedgerTestUtil.h"
#include "LoopbackNet.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "devnet/DevnetStore.h"
#include "ledger/Ledger.h"
#include "node/HistoryRecorder.h"
#include "node/ProviderNode.h"
#include "protocol/Envelope.h"
#include "protocol/GameBodies.h"
#include "protocol/Messages.h"
#include "secrets/MemoryStore.h"
#include "wallet/NodeIdentity.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using ledger::HistoryEntry;
using ledger::HistoryEvent;

namespace {
const QString kHex(64, QLatin1Char('a'));

QJsonObject auditAssign(const QString &game, const QString &task, const QString &solverKey)
{
    protocol::AuditAssignBody b;
    b.game = game;
    b.task = task;
    b.specText = devnettest::specText(devnettest::smallSpec(10));
    b.specHash = kHex;
    b.solver = solverKey;
    b.seed = kHex;
    b.samples = 3;
    b.runRoot = QString(64, QLatin1Char('b'));
    b.steps = 10;
    b.blobs = QStringLiteral("http://127.0.0.1:1/blobs");
    return b.toJson();
}

QJsonObject disputeOpen(const QString &dispute, const QString &task, const QString &role, const QString &audit)
{
    protocol::DisputeOpenBody b;
    b.dispute = dispute;
    b.task = task;
    b.specText = devnettest::specText(devnettest::smallSpec(10));
    b.specHash = kHex;
    b.role = role;
    b.audit = audit;
    b.blobs = QStringLiteral("http://127.0.0.1:1/blobs");
    return b.toJson();
}

protocol::AuditReport report(std::initializer_list<std::pair<qint64, bool>> samples)
{
    protocol::AuditReport r;
    r.ok = true;
    for (const auto &[step, ok] : samples) {
        r.samples.push_back({step, ok});
        r.ok = r.ok && ok;
    }
    return r;
}
} // namespace

class TestHistoryRecorder : public QObject {
    Q_OBJECT
    QTemporaryDir dir;
    crypto::Ed25519KeyPair key = ledgertest::coordinator();

    std::unique_ptr<ledger::Ledger> openLedger(const QString &name, const crypto::PublicKey &coordinator)
    {
        auto l = ledger::Ledger::open(dir.filePath(name), coordinator);
        if (!l)
            qFatal("ledger: %s", qPrintable(l.error().toString()));
        return std::move(l).value();
    }

    // Runs `feed`, then waits until the recorder committed `writes` changes.
    static bool fed(node::HistoryRecorder &rec, int writes, const std::function<void()> &feed)
    {
        QSignalSpy spy(&rec, &node::HistoryRecorder::recorded);
        QSignalSpy failed(&rec, &node::HistoryRecorder::failed);
        feed();
        const bool ok = QTest::qWaitFor([&] { return spy.count() >= writes || failed.count() > 0; }, 10000);
        if (failed.count() > 0)
            qWarning() << "history write failed:" << failed.first().first().toString();
        return ok && failed.isEmpty();
    }

    QJsonObject receipt(const QString &id, const QString &kind, qint64 amount, const QString &job, const QString &state = QStringLiteral("settled"))
    {
        return ledgertest::signedReceipt(key, ledgertest::receiptFields(id, kind, amount, 1'700'000'000'000, job, state));
    }

    // Stores the receipt in the ledger (as ProviderNode does), then hands it to the recorder.
    bool paid(ledger::Ledger &l, node::HistoryRecorder &rec, const QJsonObject &r)
    {
        if (!l.addReceipt(r).ok())
            return false;
        return fed(rec, 1, [&] { rec.receiptStored(r); });
    }

    static HistoryEntry row(ledger::Ledger &l, const QString &kind, const QString &task)
    {
        const QList<HistoryEntry> rows = l.queries().history().value(); // a local: value() of a temporary would dangle
        for (const HistoryEntry &e : rows)
            if (e.kind == kind && e.taskId == task)
                return e;
        return {};
    }

    static QList<HistoryEvent> events(ledger::Ledger &l, qint64 id, const QString &kind)
    {
        QList<HistoryEvent> out;
        const QList<HistoryEvent> all = l.queries().historyEvents(id).value();
        for (const HistoryEvent &ev : all)
            if (ev.kind == kind)
                out << ev;
        return out;
    }

private Q_SLOTS:
    void initTestCase() { qRegisterMetaType<protocol::Envelope>(); }

    void solvedTaskGoesToVerified()
    {
        auto l = openLedger(QStringLiteral("solver.sqlite"), key.publicKey());
        node::HistoryRecorder rec(*l);
        const QString root(64, QLatin1Char('c'));
        QVERIFY(fed(rec, 1, [&] { rec.taskStarted(QStringLiteral("t1"), 10); }));
        QCOMPARE(row(*l, QStringLiteral("task"), QStringLiteral("t1")).state, QStringLiteral("running"));
        QVERIFY(fed(rec, 1, [&] { rec.taskCommitted(QStringLiteral("t1"), root, 10); }));
        const protocol::SettledBody settled{QStringLiteral("t1"), QStringLiteral("g2"), QStringLiteral("verified"),
                                            report({{3, true}, {7, true}}).toJson(), {QStringLiteral("r1")}};
        QVERIFY(fed(rec, 2, [&] { rec.settled(settled.toJson()); }));
        HistoryEntry e = row(*l, QStringLiteral("task"), QStringLiteral("t1"));
        QCOMPARE(e.state, QStringLiteral("audited"));
        QCOMPARE(e.runRoot, root);
        QCOMPARE(e.steps, qint64(10));
        QCOMPARE(e.role, QStringLiteral("solver"));
        const auto samples = events(*l, e.id, QStringLiteral("sample"));
        QCOMPARE(samples.size(), 2);
        QCOMPARE(samples[0].step, qint64(3));
        QCOMPARE(samples[0].outcome, QStringLiteral("ok"));
        // The node holds only the task: the audit's row is not invented.
        QCOMPARE(l->queries().history()->size(), 1);

        // A pending receipt counts nowhere; its settled version pays the row and verifies it.
        QVERIFY(paid(*l, rec, receipt(QStringLiteral("r1"), QStringLiteral("reward"), 5'000'000, QStringLiteral("t1"), QStringLiteral("pending"))));
        QCOMPARE(row(*l, QStringLiteral("task"), QStringLiteral("t1")).credits, qint64(0));
        QVERIFY(paid(*l, rec, receipt(QStringLiteral("r1"), QStringLiteral("reward"), 5'000'000, QStringLiteral("t1"))));
        e = row(*l, QStringLiteral("task"), QStringLiteral("t1"));
        QCOMPARE(e.state, QStringLiteral("verified"));
        QCOMPARE(e.credits, qint64(5'000'000));
        QCOMPARE(events(*l, e.id, QStringLiteral("receipt")).size(), 1); // the settled one replaced the pending one
        QStringList states;
        for (const HistoryEvent &ev : events(*l, e.id, QStringLiteral("state")))
            states << ev.outcome;
        QCOMPARE(states, (QStringList{QStringLiteral("running"), QStringLiteral("committed"), QStringLiteral("audited"), QStringLiteral("verified")}));
        // An event from before (a re-sent start) never moves the state back.
        QVERIFY(fed(rec, 1, [&] { rec.taskStarted(QStringLiteral("t1"), 10); }));
        QCOMPARE(row(*l, QStringLiteral("task"), QStringLiteral("t1")).state, QStringLiteral("verified"));
    }

    void lostDisputeEndsSlashedWithTheVerdict()
    {
        auto l = openLedger(QStringLiteral("auditor.sqlite"), key.publicKey());
        node::HistoryRecorder rec(*l);
        const QString solver = protocol::keyToBase58(wallet::NodeIdentity::generate().publicKey());
        QVERIFY(fed(rec, 1, [&] { rec.gameJoined(protocol::msg::kAuditAssign, auditAssign(QStringLiteral("g4"), QStringLiteral("t3"), solver)); }));
        HistoryEntry audit = row(*l, QStringLiteral("audit"), QStringLiteral("t3"));
        QCOMPARE(audit.state, QStringLiteral("running"));
        QCOMPARE(audit.game, QStringLiteral("g4"));
        QCOMPARE(audit.runRoot, QString(64, QLatin1Char('b')));
        QVERIFY(fed(rec, 1, [&] { rec.auditReported(QStringLiteral("g4"), report({{2, true}, {6, false}}).toJson()); }));
        audit = row(*l, QStringLiteral("audit"), QStringLiteral("t3"));
        QCOMPARE(audit.state, QStringLiteral("audited"));
        const auto samples = events(*l, audit.id, QStringLiteral("sample"));
        QCOMPARE(samples.size(), 2);
        QCOMPARE(samples[0].step, qint64(6)); // the failing sample first
        QCOMPARE(samples[0].outcome, QStringLiteral("mismatch"));

        QVERIFY(fed(rec, 2, [&] { rec.gameJoined(protocol::msg::kDisputeOpen, disputeOpen(QStringLiteral("g5"), QStringLiteral("t3"), QStringLiteral("b"), QStringLiteral("g4"))); }));
        QCOMPARE(row(*l, QStringLiteral("audit"), QStringLiteral("t3")).state, QStringLiteral("disputed"));
        HistoryEntry dispute = row(*l, QStringLiteral("dispute"), QStringLiteral("t3"));
        QCOMPARE(dispute.state, QStringLiteral("disputed"));
        QCOMPARE(dispute.role, QStringLiteral("b"));

        protocol::DisputeVerdict verdict;
        verdict.winner = QStringLiteral("a");
        verdict.reason = QStringLiteral("the referee replayed node 3 of step 6: a's output");
        verdict.ruling = protocol::DisputeVerdict::Ruling{6, 3, QStringLiteral("matmul"), QStringLiteral("attn.q"), 4, 2, 17};
        const protocol::SettledBody settled{QStringLiteral("t3"), QStringLiteral("g5"), QStringLiteral("decided"), verdict.toJson(), {}};
        QVERIFY(fed(rec, 3, [&] { rec.settled(settled.toJson()); }));
        dispute = row(*l, QStringLiteral("dispute"), QStringLiteral("t3"));
        QCOMPARE(dispute.state, QStringLiteral("lost"));
        QCOMPARE(row(*l, QStringLiteral("audit"), QStringLiteral("t3")).state, QStringLiteral("lost"));
        const auto verdicts = events(*l, dispute.id, QStringLiteral("verdict"));
        QCOMPARE(verdicts.size(), 1);
        QCOMPARE(verdicts[0].step, qint64(6));
        QCOMPARE(verdicts[0].outcome, QStringLiteral("a"));
        QVERIFY(verdicts[0].detailJson.contains(QLatin1String("matmul")));

        // The false accusation's slash (job "t3/g4": the audit) ends the audit slashed, at a loss.
        QVERIFY(paid(*l, rec, receipt(QStringLiteral("r9"), QStringLiteral("slash"), 2'000'000, QStringLiteral("t3/g4"))));
        audit = row(*l, QStringLiteral("audit"), QStringLiteral("t3"));
        QCOMPARE(audit.state, QStringLiteral("slashed"));
        QCOMPARE(audit.credits, qint64(-2'000'000));
    }

    void historyKeepsTheNewestRows()
    {
        auto l = openLedger(QStringLiteral("retention.sqlite"), key.publicKey());
        l->setHistoryKeep(3);
        node::HistoryRecorder rec(*l);
        for (int i = 1; i <= 5; ++i)
            QVERIFY(fed(rec, 1, [&] { rec.taskCommitted(QStringLiteral("t%1").arg(i), kHex, 10); }));
        const auto rows = l->queries().history().value();
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.last().taskId, QStringLiteral("t3"));
        auto db = db::Database::open(l->path(), db::Database::Mode::ReadOnly);
        // The pruned rows' events went with them.
        QCOMPARE(*db->queryInt("SELECT count(*) FROM history_events WHERE history_id NOT IN (SELECT id FROM history)"), qint64(0));
        QCOMPARE(*db->queryInt("SELECT count(*) FROM history_events"), qint64(3));
    }

    void readAsyncAndChangedFollowWrites()
    {
        auto l = openLedger(QStringLiteral("async.sqlite"), key.publicKey());
        node::HistoryRecorder rec(*l);
        QSignalSpy changed(l.get(), &ledger::Ledger::changed);
        QVERIFY(fed(rec, 1, [&] { rec.taskStarted(QStringLiteral("t8"), 4); }));
        QVERIFY(changed.count() >= 1);
        std::optional<QList<HistoryEntry>> got;
        l->readAsync<QList<HistoryEntry>>(this, [](const ledger::LedgerQueries &q) { return q.history(); },
                                          [&](Result<QList<HistoryEntry>> r) { got = r.value(); });
        QVERIFY(QTest::qWaitFor([&] { return got.has_value(); }, 5000));
        QCOMPARE(got->size(), 1);
        QCOMPARE(got->first().taskId, QStringLiteral("t8"));
    }

    // The whole path: a devnet on loopback, the real worker, two providers with their ledgers.
    void devnetTaskAndAuditAreVerifiedAndPaid()
    {
        QVERIFY2(QFileInfo::exists(qEnvironmentVariable("IDLEFORGE_WORKER")), "IDLEFORGE_WORKER must name idleforge-worker (ctest sets it)");
        secrets::MemoryStore keyStore;
        devnet::DevnetApp net;
        auto started = net.start(nodetest::loopbackConfig(dir.filePath(QStringLiteral("devnet"))), keyStore);
        QVERIFY2(started.ok(), qPrintable(started.ok() ? QString() : started.error().toString()));

        struct Side {
            std::unique_ptr<wallet::NodeIdentity> identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
            std::unique_ptr<ledger::Ledger> ledger;
            std::unique_ptr<node::ProviderNode> node;
            std::unique_ptr<node::HistoryRecorder> recorder;
        };
        auto make = [&](const QString &name, bool train) {
            auto s = std::make_unique<Side>();
            s->ledger = openLedger(name + QStringLiteral(".sqlite"), net.key().publicKey());
            node::ProviderOptions o;
            o.trainTasks = train;
            s->node = std::make_unique<node::ProviderNode>(*s->identity, nodetest::loopbackProvider(net, QDir(dir.path()), name, o),
                                                           s->ledger.get());
            s->recorder = std::make_unique<node::HistoryRecorder>(*s->ledger);
            s->recorder->attach(s->node.get());
            return s;
        };
        auto solver = make(QStringLiteral("solver"), true);
        auto auditor = make(QStringLiteral("auditor"), false);
        QVERIFY(auditor->node->start().ok());
        QVERIFY(solver->node->start().ok());
        auto task = net.coordinator().submitTask(devnettest::smallSpec(10), 1000, QStringLiteral("test"));
        QVERIFY(task.ok());
        const QString taskId = QStringLiteral("t%1").arg(task->id);
        QVERIFY2(QTest::qWaitFor([&] { return row(*solver->ledger, QStringLiteral("task"), taskId).state == QLatin1String("verified"); }, 180000),
                 qPrintable(row(*solver->ledger, QStringLiteral("task"), taskId).state));
        QVERIFY(QTest::qWaitFor([&] { return row(*auditor->ledger, QStringLiteral("audit"), taskId).state == QLatin1String("verified")
                                             && row(*auditor->ledger, QStringLiteral("audit"), taskId).credits > 0; }, 30000));
        // "settled: verified" and the reward receipt arrive as two messages: the row's credits
        // follow the receipt, so wait for them rather than read them at the state change.
        QTRY_COMPARE_WITH_TIMEOUT(row(*solver->ledger, QStringLiteral("task"), taskId).credits,
                                  *solver->ledger->lifetimeEarnings(), 30000);
        const HistoryEntry solved = row(*solver->ledger, QStringLiteral("task"), taskId);
        const auto commitment = net.coordinator().store().games().commitment(task->id).value();
        QVERIFY(commitment.has_value());
        QCOMPARE(solved.steps, qint64(10));
        QCOMPARE(solved.credits, *solver->ledger->lifetimeEarnings());
        QVERIFY(solved.credits > 0);
        QVERIFY(!solved.runRoot.isEmpty());
        QVERIFY(!events(*solver->ledger, solved.id, QStringLiteral("sample")).isEmpty());
        const HistoryEntry audit = row(*auditor->ledger, QStringLiteral("audit"), taskId);
        QCOMPARE(audit.runRoot, solved.runRoot);
        QCOMPARE(solved.runRoot, commitment->runRoot);
        QVERIFY(!events(*auditor->ledger, audit.id, QStringLiteral("sample")).isEmpty());
        for (auto *s : {solver.get(), auditor.get()}) {
            QSignalSpy stopped(s->node.get(), &node::ProviderNode::stopped);
            s->node->stop();
            QVERIFY(stopped.count() > 0 || stopped.wait(30000));
        }
    }
};

QTEST_GUILESS_MAIN(TestHistoryRecorder)
#include "TestHistoryRecorder.moc"
