#include "secrets/MemoryStore.h"

#include <QTest>

using namespace idleforge;
using namespace idleforge::secrets;

namespace {
std::span<const std::uint8_t> b(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }
}

class TestMemoryStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        MemoryStore s;
        QCOMPARE(readNow(s, QStringLiteral("k")).error().code, QStringLiteral("secrets.not_found"));
        QVERIFY(writeNow(s, QStringLiteral("k"), b("v1")).ok());
        QVERIFY(writeNow(s, QStringLiteral("k"), b("v2")).ok());
        QCOMPARE(readNow(s, QStringLiteral("k"))->view(), std::string_view("v2"));
        QVERIFY(removeNow(s, QStringLiteral("k")).ok());
        QVERIFY(removeNow(s, QStringLiteral("k")).ok());
        QCOMPARE(s.size(), std::size_t(0));
    }

    // The contract: completion never runs inside the call.
    void completionIsDeferred()
    {
        MemoryStore s;
        bool called = false;
        s.read(QStringLiteral("x"), [&](Result<SecureBuffer>) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }
};

QTEST_GUILESS_MAIN(TestMemoryStore)
#include "TestMemoryStore.moc"
