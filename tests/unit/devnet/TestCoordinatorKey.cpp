// The coordinator key: created once, then the same key from the store; its public half in
// coordinator.pub for pinning; a damaged stored key is an error, never a silent new key.
#include "devnet/CoordinatorKey.h"
#include "protocol/Envelope.h"
#include "secrets/MemoryStore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace idleforge;
using namespace idleforge::devnet;

class TestCoordinatorKey : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createdOnceThenLoaded()
    {
        secrets::MemoryStore store;
        auto first = loadOrCreateCoordinatorKey(store);
        QVERIFY(first.ok());
        QVERIFY(first->created);
        auto second = loadOrCreateCoordinatorKey(store);
        QVERIFY(second.ok());
        QVERIFY(!second->created);
        QCOMPARE(second->key.publicKey(), first->key.publicKey());
    }

    void publicKeyFileRoundTrip()
    {
        QTemporaryDir dir;
        const auto key = crypto::Ed25519KeyPair::generate();
        auto path = writePublicKeyFile(dir.path(), key.publicKey());
        QVERIFY(path.ok());
        QCOMPARE(*readPublicKeyFile(*path), key.publicKey());
        QFile f(*path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), protocol::keyToBase58(key.publicKey()).toLatin1() + '\n');
    }

    void damagedKeyRefused()
    {
        secrets::MemoryStore store;
        const std::uint8_t junk[5] = {1, 2, 3, 4, 5};
        QVERIFY(secrets::writeNow(store, kCoordinatorKeySecret, junk).ok());
        auto r = loadOrCreateCoordinatorKey(store);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, QStringLiteral("devnet.bad_key"));
    }
};

QTEST_GUILESS_MAIN(TestCoordinatorKey)
#include "TestCoordinatorKey.moc"
