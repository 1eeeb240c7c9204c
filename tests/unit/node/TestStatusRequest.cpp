// The status socket's request side on bytes alone (node/StatusRequest.h): framing a client's
// stream into lines, over-long lines, and the check of each line. TestStatusServer checks the
// answers over a real socket.
#include "node/StatusRequest.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::node;

using Kind = StatusRequestFramer::Event::Kind;

namespace {
QList<Kind> kinds(const QList<StatusRequestFramer::Event> &events)
{
    QList<Kind> out;
    for (const auto &e : events)
        out << e.kind;
    return out;
}
} // namespace

class TestStatusRequest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void linesAcrossReads()
    {
        StatusRequestFramer framer(64);
        QVERIFY(framer.append("{\"request\":").isEmpty());
        const auto events = framer.append("\"status\"}\n{}\n\n{\"a\"");
        QCOMPARE(kinds(events), (QList<Kind>{Kind::Line, Kind::Line, Kind::Line}));
        QCOMPARE(events[0].line, QByteArray("{\"request\":\"status\"}"));
        QCOMPARE(events[1].line, QByteArray("{}"));
        QCOMPARE(events[2].line, QByteArray());
        const auto last = framer.append(":1}\n");
        QCOMPARE(last.size(), 1);
        QCOMPARE(last[0].line, QByteArray("{\"a\":1}"));
    }

    void overLongLineReportedOnceThenDropped()
    {
        StatusRequestFramer framer(8);
        QCOMPARE(kinds(framer.append("12345678")), QList<Kind>{}); // at the limit: still a line
        QCOMPARE(kinds(framer.append("9")), QList<Kind>{Kind::TooLong});
        QCOMPARE(kinds(framer.append(QByteArray(100, 'x'))), QList<Kind>{});
        const auto events = framer.append("xx\nok\n");
        QCOMPARE(kinds(events), (QList<Kind>{Kind::Dropped, Kind::Line}));
        QCOMPARE(events[1].line, QByteArray("ok"));
        QCOMPARE(kinds(framer.append(QByteArray(20, 'y') + "\n" + QByteArray(20, 'z') + "\n")),
                 (QList<Kind>{Kind::TooLong, Kind::Dropped, Kind::TooLong, Kind::Dropped}));
    }

    void requestLines()
    {
        const auto ok = parseStatusRequest("{\"request\":\"pause\",\"for_ms\":5}\r");
        QVERIFY(ok.ok());
        QCOMPARE(ok->value(QStringLiteral("request")).toString(), QStringLiteral("pause"));
        QCOMPARE(ok->value(QStringLiteral("for_ms")).toInt(), 5);
    }

    void badRequestLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not JSON") << QByteArray("status") << QStringLiteral("malformed JSON at offset");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("malformed JSON at offset");
        QTest::newRow("array") << QByteArray("[]") << QStringLiteral("a request is a JSON object");
        QTest::newRow("no request") << QByteArray("{}") << QStringLiteral("missing string field \"request\"");
        QTest::newRow("number") << QByteArray("{\"request\":1}") << QStringLiteral("missing string field \"request\"");
    }

    void badRequestLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, message);
        const auto r = parseStatusRequest(line);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("status.bad_request"));
        QVERIFY2(r.error().message.startsWith(message), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestStatusRequest)
#include "TestStatusRequest.moc"
