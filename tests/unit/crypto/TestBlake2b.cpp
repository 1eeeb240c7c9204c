// BLAKE2b-256 against known digests (RFC 7693's BLAKE2b with a 32-byte output; values also
// produced by Python's hashlib.blake2b(digest_size=32)).
#include "crypto/Blake2b.h"

#include "TestUtil.h"

#include <QTest>

using namespace idleforge::crypto;

class TestBlake2b : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownDigests()
    {
        QCOMPARE(toHex(blake2b256(std::string_view())),
                 std::string("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"));
        QCOMPARE(toHex(blake2b256(std::string_view("abc"))),
                 std::string("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"));
    }

    void incrementalMatchesOneShot()
    {
        Blake2b256 h;
        h.update(std::string_view("a"));
        h.update(std::string_view(""));
        h.update(std::string_view("bc"));
        QCOMPARE(h.finish(), blake2b256(std::string_view("abc")));
    }

    void hexRoundTrip()
    {
        const Hash256 h = blake2b256(std::string_view("abc"));
        const auto back = hashFromHex(toHex(h));
        QVERIFY(back.has_value());
        QCOMPARE(*back, h);
        QVERIFY(!hashFromHex("00").has_value());
        QVERIFY(!hashFromHex(std::string(64, 'g')).has_value());
        const std::string upper = "BDDD813C634239723171EF3FEE98579B94964E3BB1CB3E427262C8C068D52319";
        QCOMPARE(*hashFromHex(upper), h);
    }
};

QTEST_GUILESS_MAIN(TestBlake2b)
#include "TestBlake2b.moc"
