#include "protocol/CapabilityRecord.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::protocol;

class TestCapabilityRecord : public QObject {
    Q_OBJECT
    const crypto::Ed25519KeyPair node = crypto::Ed25519KeyPair::generate();

    CapabilityRecord fields()
    {
        CapabilityRecord c;
        c.payout = QStringLiteral("4Nd1mBQtrMJVYVfKf2PJy9NZUZdTAsp7D4xWLs4gDB4T");
        c.backends = {QStringLiteral("repro")};
        c.memoryBytes = qint64(8) << 30;
        c.fp32Mflops = 120'000;
        c.threads = 2;
        c.hardware = QJsonObject{{QStringLiteral("schema"), QStringLiteral("idleforge.capability/1")}, {QStringLiteral("devices"), QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("cpu")}, {QStringLiteral("kind"), QStringLiteral("cpu")}}}}};
        c.tsMs = 1700000000000;
        return c;
    }

private Q_SLOTS:
    void signAndVerify()
    {
        auto signedRec = CapabilityRecord::sign(fields(), Signer::of(node));
        QVERIFY(signedRec.ok());
        auto back = CapabilityRecord::fromJson(signedRec->signedJson);
        QVERIFY2(back.ok(), qPrintable(back.ok() ? QString() : back.error().toString()));
        QCOMPARE(back->node, keyToBase58(node.publicKey()));
        QCOMPARE(back->memoryBytes, qint64(8) << 30);
    }

    void editedRecordRefused()
    {
        QJsonObject j = CapabilityRecord::sign(fields(), Signer::of(node))->signedJson;
        j.insert(QStringLiteral("memory_bytes"), qint64(64) << 30);
        auto r = CapabilityRecord::fromJson(j);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("protocol.bad_capability"));
    }

    void badFieldsRefused()
    {
        QJsonObject j = CapabilityRecord::sign(fields(), Signer::of(node))->signedJson;
        j.insert(QStringLiteral("backends"), QJsonArray{QStringLiteral("cuda-magic")});
        QVERIFY(!CapabilityRecord::fromJson(j).ok());
        QVERIFY(!CapabilityRecord::fromJson(QJsonObject{}).ok());
    }
};

QTEST_GUILESS_MAIN(TestCapabilityRecord)
#include "TestCapabilityRecord.moc"
