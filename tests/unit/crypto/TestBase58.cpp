// Base58 against Bitcoin Core's src/test/data/base58_encode_decode.json (tests/data/base58-vectors.json).
#include "crypto/Base58.h"

#include "TestUtil.h"

#include <QJsonArray>
#include <QTest>

using namespace idleforge::crypto;
using namespace idleforge::testutil;

class TestBase58 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vectors()
    {
        const QJsonArray rows = loadVectors("base58-vectors.json").array();
        int checked = 0;
        for (const auto &r : rows) {
            const QJsonArray row = r.toArray();
            if (row.size() != 2)
                continue; // the source line
            const QByteArray raw = hex(row.at(0).toString());
            const std::string b58 = row.at(1).toString().toStdString();
            QCOMPARE(base58Encode(bytes(raw)), b58);
            const auto back = base58Decode(b58);
            QVERIFY(back.has_value());
            QCOMPARE(toQBA(*back), raw);
            ++checked;
        }
        QCOMPARE(checked, 21);
    }

    void rejectsBadCharacters()
    {
        QVERIFY(!base58Decode("0").has_value());
        QVERIFY(!base58Decode("O").has_value());
        QVERIFY(!base58Decode("I").has_value());
        QVERIFY(!base58Decode("l").has_value());
        QVERIFY(!base58Decode("3EFU7m ").has_value());
    }
};

QTEST_GUILESS_MAIN(TestBase58)
#include "TestBase58.moc"
