#include "crypto/SecureBuffer.h"

#include <QTest>

#ifdef __linux__
#include <sys/prctl.h>
#include <sys/resource.h>
#endif

#include <cstring>
#include <type_traits>

using namespace idleforge::crypto;

class TestSecureBuffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // The key-holding processes call this at start (issue 18): no core file, not dumpable.
    void processBecomesUndumpable()
    {
#ifdef __linux__
        QVERIFY(makeProcessUndumpable());
        QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
        rlimit core{};
        QCOMPARE(getrlimit(RLIMIT_CORE, &core), 0);
        QCOMPARE(core.rlim_cur, rlim_t(0));
#else
        QVERIFY(!makeProcessUndumpable());
#endif
    }

    void notCopyable()
    {
        static_assert(!std::is_copy_constructible_v<SecureBuffer>);
        static_assert(!std::is_copy_assignable_v<SecureBuffer>);
        static_assert(std::is_nothrow_move_constructible_v<SecureBuffer>);
    }

    void zeroFilledAndMovable()
    {
        SecureBuffer a(48);
        QCOMPARE(a.size(), std::size_t(48));
        for (auto b : a.span())
            QCOMPARE(b, std::uint8_t(0));
        std::memcpy(a.data(), "secret", 6);
        SecureBuffer b = std::move(a);
        QVERIFY(a.empty());
        QCOMPARE(b.view().substr(0, 6), std::string_view("secret"));
        QVERIFY(b.equals(b.span()));
        b.clear();
        QVERIFY(b.empty());
    }

    void copyOf()
    {
        const SecureBuffer s = SecureBuffer::copyOf(std::string_view("abc"));
        QCOMPARE(s.view(), std::string_view("abc"));
        const std::uint8_t other[3] = {'a', 'b', 'd'};
        QVERIFY(!s.equals(other));
    }
};

QTEST_GUILESS_MAIN(TestSecureBuffer)
#include "TestSecureBuffer.moc"
