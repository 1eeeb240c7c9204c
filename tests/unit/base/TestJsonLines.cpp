#include "base/JsonLines.h"

#include <QTest>

using namespace idleforge;

class TestJsonLines : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void splitsAcrossChunks()
    {
        LineBuffer buf;
        QCOMPARE(buf.append("{\"type\":\"a\"}\n{\"ty").size(), 1);
        const auto lines = buf.append("pe\":\"b\"}\r\n");
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first(), QByteArray("{\"type\":\"b\"}"));
        QVERIFY(buf.pending().isEmpty());
    }
    void keepsUnterminatedTail()
    {
        LineBuffer buf;
        QVERIFY(buf.append("{\"type\":\"a\"").isEmpty());
        QCOMPARE(buf.pending(), QByteArray("{\"type\":\"a\""));
    }
    void dropsOverlongLineAndRecovers()
    {
        LineBuffer buf(8);
        QVERIFY(buf.append("0123456789abcdef").isEmpty());
        QVERIFY(buf.overflowed());
        const auto lines = buf.append("tail\nok\n");
        QCOMPARE(lines.size(), 1); // the rest of the long line is discarded, the next one kept
        QCOMPARE(lines.first(), QByteArray("ok"));
    }
    void parsesObjectsWithType()
    {
        auto ok = parseJsonLine("{\"type\":\"progress\",\"fraction\":0.5}");
        QVERIFY(ok);
        QCOMPARE(ok->value(QStringLiteral("fraction")).toDouble(), 0.5);
    }
    void rejectsBadLines_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("code");
        QTest::newRow("malformed") << QByteArray("{\"type\":") << QStringLiteral("json.malformed");
        QTest::newRow("array") << QByteArray("[1,2]") << QStringLiteral("json.not_object");
        QTest::newRow("no type") << QByteArray("{\"id\":\"1\"}") << QStringLiteral("json.no_type");
        QTest::newRow("type not string") << QByteArray("{\"type\":3}") << QStringLiteral("json.no_type");
        QTest::newRow("binary") << QByteArray("\xff\xfe\x00", 3) << QStringLiteral("json.malformed");
    }
    void rejectsBadLines()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, code);
        auto r = parseJsonLine(line);
        QVERIFY(!r);
        QCOMPARE(r.error().code, code);
    }
    void roundTrips()
    {
        const QJsonObject o{{QStringLiteral("type"), QStringLiteral("x")}, {QStringLiteral("n"), 3}};
        const QByteArray line = toJsonLine(o);
        QVERIFY(line.endsWith('\n'));
        QCOMPARE(parseJsonLine(line.chopped(1)).value(), o);
    }
};

QTEST_GUILESS_MAIN(TestJsonLines)
#include "TestJsonLines.moc"
