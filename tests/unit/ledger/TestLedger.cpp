// Ledger behaviour on a real SQLite file: signature gate, idempotency, state updates, and the
// dashboard queries against sums computed by hand (comments show the arithmetic).
#include "ledger/Ledger.h"

#include "LedgerTestUtil.h"

#include <QBuffer>
#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::ledger;

namespace {
qint64 at(const char *isoUtc)
{
    return QDateTime::fromString(QString::fromLatin1(isoUtc), Qt::ISODateWithMs).toMSecsSinceEpoch();
}
} // namespace

class TestLedger : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init()
    {
        static int n = 0;
        auto l = Ledger::open(m_dir.filePath(QStringLiteral("ledger-%1.sqlite").arg(++n)), m_key.publicKey());
        QVERIFY(l.ok());
        m_ledger = std::move(*l);
    }
    void cleanup() { m_ledger.reset(); }

    void badSignatureIsRejected()
    {
        const auto impostor = crypto::Ed25519KeyPair::generate();
        const auto r = m_ledger->addReceipt(
            ledgertest::signedReceipt(impostor, ledgertest::receiptFields(QStringLiteral("x1"), QStringLiteral("reward"), 100, 1)));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("ledger.bad_signature"));
        QCOMPARE(*m_ledger->balance(), qint64(0));
        QCOMPARE(m_ledger->queries().receipts()->size(), 0);
        const auto log = *m_ledger->queries().activity();
        QCOMPARE(log.size(), 1);
        QCOMPARE(log.first().level, QStringLiteral("error"));
        QVERIFY(log.first().message.contains(QLatin1String("x1")));
    }

    void idempotentAndUpdates()
    {
        const QJsonObject pending = ledgertest::signedReceipt(
            m_key, ledgertest::receiptFields(QStringLiteral("r6"), QStringLiteral("reward"), 9'000'000, 1, QStringLiteral("job-3"), QStringLiteral("pending")));
        QCOMPARE(*m_ledger->addReceipt(pending), AddOutcome::Inserted);
        QCOMPARE(*m_ledger->addReceipt(pending), AddOutcome::Duplicate);
        QCOMPARE(*m_ledger->pending(), qint64(9'000'000));
        QCOMPARE(*m_ledger->balance(), qint64(0));

        const QJsonObject settled = ledgertest::signedReceipt(
            m_key, ledgertest::receiptFields(QStringLiteral("r6"), QStringLiteral("reward"), 9'000'000, 1, QStringLiteral("job-3"), QStringLiteral("settled")));
        QCOMPARE(*m_ledger->addReceipt(settled), AddOutcome::Updated);
        QCOMPARE(*m_ledger->pending(), qint64(0));
        QCOMPARE(*m_ledger->balance(), qint64(9'000'000));

        // Same id, different money: refused, nothing changes.
        const QJsonObject forged = ledgertest::signedReceipt(
            m_key, ledgertest::receiptFields(QStringLiteral("r6"), QStringLiteral("reward"), 90'000'000, 1, QStringLiteral("job-3")));
        QCOMPARE(m_ledger->addReceipt(forged).error().code, QStringLiteral("ledger.receipt_conflict"));
        // A settled receipt cannot go back to pending.
        QCOMPARE(m_ledger->addReceipt(pending).error().code, QStringLiteral("ledger.receipt_conflict"));
        QCOMPARE(*m_ledger->balance(), qint64(9'000'000));
        QCOMPARE(m_ledger->queries().receipts()->size(), 1);
    }

    void dashboardQueriesMatchHandSums()
    {
        const struct {
            const char *id, *kind;
            qint64 amount;
            const char *ts, *job, *state;
        } rows[] = {
            {"r1", "reward", 1'500'000, "2024-03-01T10:00:00Z", "job-1", "settled"},
            {"r2", "reward", 2'000'000, "2024-03-01T23:59:59.999Z", "job-1", "settled"},
            {"r3", "fee", 250'000, "2024-03-02T00:00:00Z", "job-1", "settled"},
            {"r4", "reward", 3'000'000, "2024-03-02T12:00:00Z", "job-2", "settled"},
            {"r5", "slash", 1'000'000, "2024-03-03T08:00:00Z", "job-2", "settled"},
            {"r6", "reward", 9'000'000, "2024-03-03T09:00:00Z", "job-3", "pending"},
            {"r7", "stake", 1'500'000, "2024-03-03T10:00:00Z", "", "settled"},
            {"r8", "payout", 1'000'000, "2024-03-04T00:00:00Z", "", "cancelled"},
        };
        for (const auto &r : rows)
            QVERIFY(m_ledger
                        ->addReceipt(ledgertest::signedReceipt(
                            m_key, ledgertest::receiptFields(QString::fromLatin1(r.id), QString::fromLatin1(r.kind), r.amount,
                                                             at(r.ts), QString::fromLatin1(r.job), QString::fromLatin1(r.state))))
                        .ok());

        // spendable, verified: +1.5 +2.0 -0.25 +3.0 -1.5 (into the stake) = 4.75 credits; the
        // slash comes out of the stake: 1.5 - 1.0 = 0.5
        QCOMPARE(*m_ledger->balance(), qint64(4'750'000));
        QCOMPARE(*m_ledger->staked(), qint64(500'000));
        QCOMPARE(*m_ledger->pending(), qint64(9'000'000));
        // verified rewards: 1.5 + 2.0 + 3.0
        QCOMPARE(*m_ledger->lifetimeEarnings(), qint64(6'500'000));

        const auto days = *m_ledger->earningsByDay(QDate(2024, 3, 1), QDate(2024, 3, 31));
        QCOMPARE(days.size(), 3); // 03-04 holds only a cancelled receipt
        QCOMPARE(days[0].day, QDate(2024, 3, 1));
        QCOMPARE(days[0].net, qint64(3'500'000)); // r1 + r2 (r2 at 23:59:59.999 UTC stays on the 1st)
        QCOMPARE(days[0].receipts, 2);
        QCOMPARE(days[1].day, QDate(2024, 3, 2));
        QCOMPARE(days[1].net, qint64(2'750'000)); // -0.25 + 3.0
        QCOMPARE(days[1].rewards, qint64(3'000'000));
        QCOMPARE(days[1].deductions, qint64(250'000));
        QCOMPARE(days[2].day, QDate(2024, 3, 3));
        QCOMPARE(days[2].net, qint64(-1'000'000)); // -1.0 slash; the stake is no loss (r6 pending, not counted)
        QCOMPARE(days[2].deductions, qint64(1'000'000));

        const auto oneDay = *m_ledger->earningsByDay(QDate(2024, 3, 2), QDate(2024, 3, 2));
        QCOMPARE(oneDay.size(), 1);
        QCOMPARE(oneDay[0].net, qint64(2'750'000));

        const auto jobs = *m_ledger->earningsByJob();
        QCOMPARE(jobs.size(), 2);
        QCOMPARE(jobs[0].jobId, QStringLiteral("job-1"));
        QCOMPARE(jobs[0].net, qint64(3'250'000)); // 1.5 + 2.0 - 0.25
        QCOMPARE(jobs[0].receipts, 3);
        QCOMPARE(jobs[1].jobId, QStringLiteral("job-2"));
        QCOMPARE(jobs[1].net, qint64(2'000'000)); // 3.0 - 1.0

        QBuffer csv;
        csv.open(QIODevice::WriteOnly);
        QVERIFY(m_ledger->exportReceiptsCsv(csv).ok());
        const QList<QByteArray> lines = csv.data().split('\n');
        QCOMPARE(lines.size(), 10); // header + 8 rows + empty after the last CRLF
        QCOMPARE(lines[0], QByteArray("id,issued_utc,kind,status,amount_micro,amount_credits,signed_credits,job,payee\r"));
        QCOMPARE(lines[3], QByteArray("r3,2024-03-02T00:00:00.000Z,fee,verified,250000,0.250000,-0.250000,job-1,"
                                      "5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N\r"));
        QVERIFY(lines[8].startsWith("r8,2024-03-04T00:00:00.000Z,payout,rejected,1000000,1.000000,-1.000000,,"));
    }

    void benchmarks()
    {
        BenchmarkRecord a{1000, QStringLiteral("cuda:0"), QStringLiteral("RTX 4090"), QStringLiteral("gemm_fp32"), 70000.0,
                          QStringLiteral("GFLOP/s"), 82600.0, 70000.0 / 82600.0, QStringLiteral("550.54"),
                          QStringLiteral("fp-1"), QStringLiteral("{\"n\":1}")};
        BenchmarkRecord b = a;
        b.ts = 2000;
        b.value = 71000.0;
        BenchmarkRecord c{1500, QStringLiteral("cpu"), QStringLiteral("Ryzen"), QStringLiteral("gemm_fp32"), 900.0,
                          QStringLiteral("GFLOP/s"), std::nullopt, std::nullopt, QString(), QStringLiteral("fp-2"), QString()};
        QVERIFY(m_ledger->recordBenchmarks({a, c}).ok());
        QVERIFY(m_ledger->recordBenchmark(b).ok());
        const auto latest = *m_ledger->latestBenchmarks();
        QCOMPARE(latest.size(), 2);
        QCOMPARE(latest[0].deviceId, QStringLiteral("cpu"));
        QVERIFY(!latest[0].peak.has_value());
        QCOMPARE(latest[1].ts, qint64(2000));
        QCOMPARE(latest[1].value, 71000.0);
        QCOMPARE(*latest[1].peak, 82600.0);
        const auto history = *m_ledger->benchmarkHistory(QStringLiteral("cuda:0"), QStringLiteral("gemm_fp32"));
        QCOMPARE(history.size(), 2);
        QCOMPARE(history[0].ts, qint64(2000));
        QCOMPARE(history[1].rawJson, QStringLiteral("{\"n\":1}"));
    }

    void jobsCheckpointsEvents()
    {
        JobRecord j{QStringLiteral("job-9"), QStringLiteral("solver"), QStringLiteral("task-1"), QStringLiteral("running"), 10, 10, QString(), QString()};
        QVERIFY(m_ledger->upsertJob(j).ok());
        j.state = QStringLiteral("committed");
        j.updatedMs = 20;
        j.commitment = QStringLiteral("abcd");
        QVERIFY(m_ledger->upsertJob(j).ok());
        QVERIFY(m_ledger->addCheckpoint({QStringLiteral("job-9"), 100, QStringLiteral("h100"), QStringLiteral("/c/100"), 42, 15}).ok());
        // A checkpoint of an unknown job violates the foreign key.
        QCOMPARE(m_ledger->addCheckpoint({QStringLiteral("nope"), 1, QStringLiteral("h"), QStringLiteral("/p"), 1, 1}).error().code,
                 QStringLiteral("ledger.constraint"));
        QVERIFY(m_ledger->addVerificationEvent({QStringLiteral("job-9"), 30, QStringLiteral("sampled"), QStringLiteral("ok"), QString()}).ok());
        const auto jobs = *m_ledger->queries().jobs();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs[0].state, QStringLiteral("committed"));
        QCOMPARE(jobs[0].createdMs, qint64(10));
        QCOMPARE(m_ledger->queries().checkpoints(QStringLiteral("job-9"))->first().stateHash, QStringLiteral("h100"));
        QCOMPARE(m_ledger->queries().verificationEvents(QStringLiteral("job-9"))->first().kind, QStringLiteral("sampled"));
    }

    void asyncWriteCallsBackLater()
    {
        std::optional<Result<AddOutcome>> got;
        m_ledger->addReceiptAsync(
            ledgertest::signedReceipt(m_key, ledgertest::receiptFields(QStringLiteral("a1"), QStringLiteral("reward"), 3, 1)),
            [&](Result<AddOutcome> r) { got.emplace(std::move(r)); });
        QVERIFY(!got.has_value());
        QTRY_VERIFY(got.has_value());
        QCOMPARE(got->value(), AddOutcome::Inserted);
        QCOMPARE(*m_ledger->balance(), qint64(3));
    }

private:
    QTemporaryDir m_dir;
    crypto::Ed25519KeyPair m_key = ledgertest::coordinator();
    std::unique_ptr<Ledger> m_ledger;
};

QTEST_GUILESS_MAIN(TestLedger)
#include "TestLedger.moc"
