// The typed message bodies against golden JSON written by hand from core/protocol/README.md:
// each body parses, writes back the same canonical bytes (the wire must not change), and
// refuses missing, mistyped, fractional and out-of-range fields, naming the field.
#include "MessageBodiesGolden.h"

#include "protocol/CanonicalJson.h"
#include "protocol/GameBodies.h"
#include "protocol/MessageBodies.h"
#include "protocol/Messages.h"

#include <QJsonDocument>
#include <QTest>

#include <functional>
#include <map>

using namespace idleforge;
using namespace idleforge::protocol;

namespace {

QJsonObject object(const char *text)
{
    QJsonParseError e{};
    const QJsonDocument d = QJsonDocument::fromJson(QByteArray(text), &e);
    if (e.error != QJsonParseError::NoError || !d.isObject())
        qFatal("golden JSON does not parse: %s (%s)", text, qPrintable(e.errorString()));
    return d.object();
}

using Codec = std::function<Result<QJsonObject>(const QJsonObject &)>;

template <class T>
Result<QJsonObject> through(const QJsonObject &body)
{
    auto b = T::fromJson(body);
    if (!b)
        return b.error();
    return b->toJson();
}

const std::map<QString, Codec> &codecs()
{
    static const std::map<QString, Codec> c{
        {QStringLiteral("hello"), through<HelloBody>},
        {QStringLiteral("register"), through<RegisterBody>},
        {QStringLiteral("registered"), through<RegisteredBody>},
        {QStringLiteral("lease_request"), through<LeaseRequestBody>},
        {QStringLiteral("lease"), through<LeaseBody>},
        {QStringLiteral("no_task"), through<NoTaskBody>},
        {QStringLiteral("heartbeat"), through<HeartbeatBody>},
        {QStringLiteral("heartbeat_ack"), through<HeartbeatAckBody>},
        {QStringLiteral("lease_release"), through<LeaseReleaseBody>},
        {QStringLiteral("submit"), through<SubmitBody>},
        {QStringLiteral("submitted"), through<SubmittedBody>},
        {QStringLiteral("status_reply"), through<StatusReplyBody>},
        {QStringLiteral("error"), through<ErrorBody>},
        {QStringLiteral("commit"), through<CommitBody>},
        {QStringLiteral("ack/commit"), through<CommitAckBody>},
        {QStringLiteral("audit_assign"), through<AuditAssignBody>},
        {QStringLiteral("verify"), through<VerifyBody>},
        {QStringLiteral("ack/verify"), through<VerifyAckBody>},
        {QStringLiteral("audit_result"), through<AuditResultBody>},
        {QStringLiteral("ack/audit_result"), [](const QJsonObject &o) -> Result<QJsonObject> {
             auto b = GameStateAckBody::fromAuditResultAck(o);
             if (!b)
                 return b.error();
             return b->toAuditResultAck();
         }},
        {QStringLiteral("dispute_open"), through<DisputeOpenBody>},
        {QStringLiteral("dispute_ready"), through<DisputeReadyBody>},
        {QStringLiteral("ack/dispute_ready"), [](const QJsonObject &o) -> Result<QJsonObject> {
             auto b = GameStateAckBody::fromDisputeReadyAck(o);
             if (!b)
                 return b.error();
             return b->toDisputeReadyAck();
         }},
        {QStringLiteral("receipt"), through<ReceiptBody>},
        {QStringLiteral("settled"), through<SettledBody>},
        {QStringLiteral("detail/audit"), through<AuditReport>},
        {QStringLiteral("detail/dispute"), through<DisputeVerdict>},
    };
    return c;
}

} // namespace

class TestMessageBodies : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goldenRoundTrip_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QByteArray>("json");
        for (const auto &g : goldens::kGolden)
            QTest::newRow(g.name) << QString::fromLatin1(g.body) << QByteArray(g.json);
    }

    void goldenRoundTrip()
    {
        QFETCH(QString, body);
        QFETCH(QByteArray, json);
        const auto written = codecs().at(body)(object(json.constData()));
        QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().toString()));
        const auto expected = canonicalizeJsonText(json);
        QVERIFY(expected.ok());
        QCOMPARE(canonicalJson(*written).value(), *expected);
    }

    void typedValues()
    {
        const auto lease = LeaseBody::fromJson(object(goldens::kLeaseWithResumeAndRe));
        QVERIFY(lease.ok());
        QCOMPARE(lease->lease, QStringLiteral("l7"));
        QCOMPARE(lease->spec().value(QLatin1String("name")).toString(), QStringLiteral("tiny"));
        QCOMPARE(lease->spec().value(QLatin1String("lr")).toDouble(), 0.001);
        QCOMPARE(lease->expiresTs, qint64(1700000060000));
        QVERIFY(lease->resume.has_value());
        QCOMPARE(lease->resume->step, qint64(40));
        QCOMPARE(lease->resume->hash, QStringLiteral("fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"));
        QVERIFY(!lease->toJson().contains(QLatin1String("re"))); // the reply's nonce is Channel's business

        const auto verdict = DisputeVerdict::fromJson(object(goldens::kFullVerdict));
        QVERIFY(verdict.ok());
        QVERIFY(verdict->ruling.has_value());
        QCOMPARE(verdict->ruling->refereeOps, qint64(3));
        QVERIFY(verdict->blamed.isEmpty());
        QVERIFY(DisputeVerdict::isVerdict(verdict->toJson()));
        QVERIFY(!DisputeVerdict::isVerdict(AuditReport{}.toJson()));

        const auto report = AuditResultBody::fromJson(object(goldens::kAuditResultTimeout));
        QVERIFY(report.ok());
        QCOMPARE(report->report.samples.size(), size_t(1));
        QCOMPARE(report->report.samples[0].step, qint64(9));
        QCOMPARE(report->report.failure, QStringLiteral("timeout"));

        const Error e = msg::errorFromBody(msg::errorBody(Error{QStringLiteral("devnet.x"), QString(3000, QLatin1Char('m'))}, QStringLiteral("n1")));
        QCOMPARE(e.code, QStringLiteral("devnet.x"));
        QCOMPARE(e.message.size(), 2000);
        QCOMPARE(msg::errorFromBody(QJsonObject{}).code, QStringLiteral("protocol.bad_error"));
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("named");
        for (const auto &r : goldens::kRefusals)
            QTest::newRow(r.name) << QString::fromLatin1(r.body) << QByteArray(r.json) << QString::fromLatin1(r.named);
    }

    void refusals()
    {
        QFETCH(QString, body);
        QFETCH(QByteArray, json);
        QFETCH(QString, named);
        const auto r = codecs().at(body)(object(json.constData()));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("protocol.bad_body"));
        QVERIFY2(r.error().message.contains(named), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestMessageBodies)
#include "TestMessageBodies.moc"
