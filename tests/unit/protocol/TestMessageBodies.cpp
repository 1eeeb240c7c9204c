// The typed message bodies against golden JSON written by hand from core/protocol/README.md:
// each body parses, writes back the same canonical bytes (the wire must not change), and
// refuses missing, mistyped, fractional and out-of-range fields, naming the field.
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

// A base58 Ed25519 public key and two BLAKE2b-256 hashes, as they appear on the wire.
#define KEY "5vftMkHL72JaJG6ExQfGAsT2uGVHpRR7oTNUPMs68Y2N"
#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"
#define SPEC R"("{\"name\":\"tiny\",\"lr\":0.001}")"

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
        const auto row = [](const char *name, const char *body, const char *json) {
            QTest::newRow(name) << QString::fromLatin1(body) << QByteArray(json);
        };
        row("hello", "hello", R"({"coordinator":")" KEY R"(","protocol":1,"server_ts":1700000000000,"lease_ms":60000,
            "heartbeat_ms":15000,"blobs":"http://127.0.0.1:7801"})");
        row("register", "register", R"({"payout":")" KEY R"(","capability":{"v":1,"node":")" KEY R"(","sig":"x"}})");
        row("registered", "registered", R"({"node":")" KEY R"(","reputation":-2,"lease_ms":60000,"heartbeat_ms":15000})");
        row("lease_request", "lease_request", "{}");
        row("lease", "lease", R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(","reward":2000,
            "expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801","attempt":2})");
        row("lease with resume", "lease", R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "reward":2000,"expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801",
            "attempt":2,"resume":{"step":40,"hash":")" H2 R"("}})");
        row("no_task", "no_task", R"({"retry_ms":5000})");
        row("heartbeat", "heartbeat", R"({"lease":"l7","step":12})");
        row("heartbeat with checkpoint", "heartbeat", R"({"lease":"l7","step":12,"checkpoint":{"step":10,"hash":")" H2 R"("}})");
        row("heartbeat_ack", "heartbeat_ack", R"({"lease":"l7","expires_ts":1700000060000})");
        row("lease_release", "lease_release", R"({"lease":"l7"})");
        row("submit", "submit", R"({"spec":)" SPEC R"(,"reward":1500})");
        row("submitted", "submitted", R"({"task":"t3","spec_hash":")" H1 R"(","reward":1500,"funds":8500,
            "minimum_reward":100,"peak_bytes":1048576,"total_gflops":"1.250"})");
        row("status_reply", "status_reply", R"({"providers":2,"tasks":{"pooled":1,"verified":3},"games":{"audit_passed":3},
            "balances":{")" KEY R"(":{"balance":-5,"stake":100,"receipts":4}},"leases_active":1,"leases_expired":0,
            "refused_messages":7,"server_ts":1700000000000,"coordinator":")" KEY R"("})");
        row("error", "error", R"({"code":"devnet.no_lease","message":"no such lease"})");
        row("error with re", "error", R"({"code":"protocol.stale","message":"too old","re":"abcdefghijklmnop"})");
        row("commit", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":["4.1588831","3.20001"]})");
        row("commit ack", "ack/commit", R"({"task":"t3","run_root":")" H1 R"("})");
        row("audit_assign", "audit_assign", R"({"game":"g4","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "solver":")" KEY R"(","seed":")" H2 R"(","samples":3,"run_root":")" H1 R"(","steps":20,"blobs":"http://h:7801"})");
        row("verify from a party", "verify", R"({"game":"g4","msg":{"type":"audit.commitment","game":"g4","from":"solver",
            "to":"verifier","seq":1,"body":{}}})");
        row("verify relayed with blob", "verify", R"({"game":"g4","task":"t3","msg":{"type":"audit.opening","game":"g4",
            "from":"solver","to":"verifier","seq":2,"body":{"step":3}},"blob":")" H2 R"("})");
        row("verify ack", "ack/verify", "{}");
        row("verify ack duplicate", "ack/verify", R"({"duplicate":true})");
        row("audit_result", "audit_result", R"({"game":"g4","ok":false,"samples":[{"step":3,"ok":true},{"step":9,"ok":false}],
            "failure":""})");
        row("audit_result ack", "ack/audit_result", R"({"game":"g4","state":"failed"})");
        row("dispute_open", "dispute_open", R"({"dispute":"g5","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1 R"(",
            "role":"b","audit":"g4","blobs":"http://h:7801"})");
        row("dispute_ready", "dispute_ready", R"({"dispute":"g5","role":"a"})");
        row("dispute_ready ack", "ack/dispute_ready", R"({"dispute":"g5","state":"replicating"})");
        row("receipt", "receipt", R"({"receipt":{"v":1,"id":"r-1","kind":"reward","amount":2000,"state":"settled",
            "job":"t3","node":")" KEY R"(","payee":")" KEY R"(","ts":1700000000000,"sig":"x"}})");
        row("settled audit", "settled", R"({"task":"t3","game":"g4","outcome":"verified","detail":{"ok":true,
            "samples":[{"step":3,"ok":true}],"failure":""},"receipts":["r-1","r-2"]})");
        row("audit detail", "detail/audit", R"({"ok":true,"samples":[{"step":3,"ok":true}],"failure":""})");
        row("dispute verdict", "detail/dispute", R"({"winner":"b","reason":"op differs","step":-1,"node":4,"op":"matmul",
            "node_name":"h0.attn","step_rounds":5,"node_rounds":3,"referee_ops":1,"blamed":")" KEY R"("})");
        row("abandoned verdict", "detail/dispute", R"({"winner":"none","reason":"a party never got ready for the game"})");
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
        const auto lease = LeaseBody::fromJson(object(R"({"lease":"l7","task":"t3","spec":)" SPEC R"(,"spec_hash":")" H1
            R"(","reward":2000,"expires_ts":1700000060000,"lease_ms":60000,"heartbeat_ms":15000,"blobs":"http://h:7801",
            "attempt":2,"resume":{"step":40,"hash":")" H2 R"("},"re":"abcdefghijklmnop"})"));
        QVERIFY(lease.ok());
        QCOMPARE(lease->lease, QStringLiteral("l7"));
        QCOMPARE(lease->spec().value(QLatin1String("name")).toString(), QStringLiteral("tiny"));
        QCOMPARE(lease->spec().value(QLatin1String("lr")).toDouble(), 0.001);
        QCOMPARE(lease->expiresTs, qint64(1700000060000));
        QVERIFY(lease->resume.has_value());
        QCOMPARE(lease->resume->step, qint64(40));
        QCOMPARE(lease->resume->hash, QStringLiteral(H2));
        QVERIFY(!lease->toJson().contains(QLatin1String("re"))); // the reply's nonce is Channel's business

        const auto verdict = DisputeVerdict::fromJson(object(R"({"winner":"a","reason":"r","step":7,"node":2,"op":"add",
            "node_name":"n","step_rounds":1,"node_rounds":2,"referee_ops":3})"));
        QVERIFY(verdict.ok());
        QVERIFY(verdict->ruling.has_value());
        QCOMPARE(verdict->ruling->refereeOps, qint64(3));
        QVERIFY(verdict->blamed.isEmpty());
        QVERIFY(DisputeVerdict::isVerdict(verdict->toJson()));
        QVERIFY(!DisputeVerdict::isVerdict(AuditReport{}.toJson()));

        const auto report = AuditResultBody::fromJson(object(R"({"game":"g4","ok":false,"samples":[{"step":9,"ok":false}],
            "failure":"timeout"})"));
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
        const auto row = [](const char *name, const char *body, const char *json, const char *named) {
            QTest::newRow(name) << QString::fromLatin1(body) << QByteArray(json) << QString::fromLatin1(named);
        };
        row("missing step", "heartbeat", R"({"lease":"l7"})", R"("step" is missing)");
        row("step as text", "heartbeat", R"({"lease":"l7","step":"12"})", R"("step" must be a number)");
        row("fractional step", "heartbeat", R"({"lease":"l7","step":1.5})", R"("step" must be an integer)");
        row("negative step", "heartbeat", R"({"lease":"l7","step":-1})", R"("step" must be an integer 0..9007199254740991)");
        row("lease id", "heartbeat", R"({"lease":"7","step":1})", R"("lease" must be an id l<n>)");
        row("lease id l0", "lease_release", R"({"lease":"l0"})", R"("lease" must be an id l<n>)");
        row("lease id l07", "lease_release", R"({"lease":"l07"})", R"("lease" must be an id l<n>)");
        row("checkpoint hash", "heartbeat", R"({"lease":"l7","step":1,"checkpoint":{"step":1,"hash":"abc"}})",
            R"("checkpoint.hash" must be a hash)");
        row("checkpoint not an object", "heartbeat", R"({"lease":"l7","step":1,"checkpoint":3})", R"("checkpoint" must be an object)");
        row("reward beyond 2^53", "submit", R"({"spec":"{}","reward":9007199254740992})", R"("reward" must be an integer)");
        row("spec not JSON text", "submit", R"({"spec":"not json","reward":1})", R"("spec" must be a JSON object as text)");
        row("spec as an object", "submit", R"({"spec":{},"reward":1})", R"("spec" must be a string)");
        row("coordinator key", "hello", R"({"coordinator":"not-a-key","protocol":1,"server_ts":1,"lease_ms":1,"heartbeat_ms":1,
            "blobs":""})", R"("coordinator" must be a base58)");
        row("commit steps 0", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":0,
            "checkpoint_every":5,"losses":[]})", R"("steps" must be an integer 1..)");
        row("commit run_root", "commit", R"({"lease":"l7","run_root":"xyz","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":[]})", R"("run_root" must be a hash of 64 hex digits)");
        row("commit losses as numbers", "commit", R"({"lease":"l7","run_root":")" H1 R"(","final_hash":")" H2 R"(","steps":20,
            "checkpoint_every":5,"losses":[4.2]})", R"("losses" must hold strings only)");
        row("sample without ok", "audit_result", R"({"game":"g4","ok":true,"samples":[{"step":3,"ok":true},{"step":4}],
            "failure":""})", R"("samples[1].ok" is missing)");
        row("audit ok as text", "audit_result", R"({"game":"g4","ok":"yes","samples":[],"failure":""})", R"("ok" must be true or false)");
        row("role", "dispute_ready", R"({"dispute":"g5","role":"c"})", R"("role" must be one of a|b)");
        row("game id", "dispute_ready", R"({"dispute":"t5","role":"a"})", R"("dispute" must be an id g<n>)");
        row("balance entry", "status_reply", R"({"providers":1,"tasks":{},"games":{},"balances":{"n":{"balance":1,"receipts":0}},
            "leases_active":0,"leases_expired":0,"refused_messages":0,"server_ts":1,"coordinator":")" KEY R"("})",
            R"("balances.n.stake" is missing)");
        row("task count", "status_reply", R"({"providers":1,"tasks":{"pooled":-1},"games":{},"balances":{},
            "leases_active":0,"leases_expired":0,"refused_messages":0,"server_ts":1,"coordinator":")" KEY R"("})",
            R"("tasks" must map names to integers >= 0)");
        row("verify blob", "verify", R"({"game":"g4","msg":{},"blob":"zz"})", R"("blob" must be a hash)");
        row("verify msg", "verify", R"({"game":"g4","msg":[]})", R"("msg" must be an object)");
        row("settled outcome", "settled", R"({"task":"t3","game":"g4","outcome":"maybe","detail":{},"receipts":[]})",
            R"("outcome" must be one of verified|decided|failed)");
        row("receipt not an object", "receipt", R"({"receipt":"r-1"})", R"("receipt" must be an object)");
        row("verdict winner", "detail/dispute", R"({"winner":"c","reason":""})", R"("winner" must be one of a|b|none)");
        row("lease heartbeat_ms 0", "lease", R"({"lease":"l7","task":"t3","spec":"{}","spec_hash":")" H1 R"(","reward":1,
            "expires_ts":1,"lease_ms":1,"heartbeat_ms":0,"blobs":"","attempt":0})", R"("heartbeat_ms" must be an integer 1..)");
        row("no_task missing", "no_task", "{}", R"("retry_ms" is missing)");
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
