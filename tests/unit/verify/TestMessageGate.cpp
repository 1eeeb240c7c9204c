// The envelope checks every state machine relies on.
#include "verify/Message.h"

#include <QTest>

using namespace idleforge::verify;

class TestMessageGate : public QObject {
    Q_OBJECT

    static Message msg(qint64 seq, const QString &type = QStringLiteral("t.ping"))
    {
        return Message{type, QStringLiteral("g"), QStringLiteral("peer"), QStringLiteral("me"), seq, {{QStringLiteral("x"), 1}}, {}};
    }

private Q_SLOTS:
    void acceptsInSequenceAndRejectsTheRest()
    {
        MessageGate gate(QStringLiteral("me"), QStringLiteral("g"), Limits{100, 10});
        const QStringList from{QStringLiteral("peer")}, types{QStringLiteral("t.ping")};
        QVERIFY(gate.check(msg(1), from, types).ok());
        gate.accept(msg(1));
        QCOMPARE(gate.check(msg(1), from, types).error().code, QStringLiteral("verify.replayed"));
        QCOMPARE(gate.check(msg(3), from, types).error().code, QStringLiteral("verify.out_of_order"));
        QCOMPARE(gate.check(msg(2, QStringLiteral("t.pong")), from, types).error().code, QStringLiteral("verify.out_of_order"));
        Message big = msg(2);
        big.body.insert(QStringLiteral("pad"), QString(200, QLatin1Char('x')));
        QCOMPARE(gate.check(big, from, types).error().code, QStringLiteral("verify.oversized"));
        Message blob = msg(2);
        blob.blob = QByteArray(11, 'x');
        QCOMPARE(gate.check(blob, from, types).error().code, QStringLiteral("verify.oversized"));
        Message other = msg(2);
        other.game = QStringLiteral("h");
        QCOMPARE(gate.check(other, from, types).error().code, QStringLiteral("verify.wrong_game"));
        Message stranger = msg(2);
        stranger.from = QStringLiteral("mallory");
        QCOMPARE(gate.check(stranger, from, types).error().code, QStringLiteral("verify.unknown_sender"));
        Message misrouted = msg(2);
        misrouted.to = QStringLiteral("you");
        QCOMPARE(gate.check(misrouted, from, types).error().code, QStringLiteral("verify.misrouted"));
        // None of those moved the gate: the genuine next message still goes through.
        QVERIFY(gate.check(msg(2), from, types).ok());
    }

    void makesNumberedMessages()
    {
        MessageGate gate(QStringLiteral("me"), QStringLiteral("g"));
        const Message a = gate.make(QStringLiteral("peer"), QStringLiteral("t.a"), {});
        const Message b = gate.make(QStringLiteral("peer"), QStringLiteral("t.b"), {}, QByteArray(5, 'z'));
        QCOMPARE(a.seq, 1);
        QCOMPARE(b.seq, 2);
        QCOMPARE(b.from, QStringLiteral("me"));
        QCOMPARE(b.wireBytes() - a.wireBytes(), qint64(5));
    }

    void fieldReadersNameTheField()
    {
        const QJsonObject o{{QStringLiteral("h"), QStringLiteral("zz")}, {QStringLiteral("n"), 1.5}};
        const auto h = hashField(o, "h");
        QCOMPARE(h.error().code, QStringLiteral("verify.malformed"));
        QVERIFY(h.error().message.contains(QStringLiteral("\"h\"")));
        QVERIFY(!intField(o, "n", 0, 10).ok());
        QVERIFY(!intField(o, "missing", 0, 10).ok());
        QVERIFY(!proofField(o, "p").ok());
        const QJsonObject p{{QStringLiteral("p"), QJsonObject{{QStringLiteral("index"), 3}, {QStringLiteral("count"), 3},
                                                              {QStringLiteral("siblings"), QJsonArray{}}}}};
        QVERIFY(!proofField(p, "p").ok()); // index must be below count
    }
};

QTEST_GUILESS_MAIN(TestMessageGate)
#include "TestMessageGate.moc"
