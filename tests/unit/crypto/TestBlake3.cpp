// BLAKE3-256 against the BLAKE3 team's published test vectors (test_vectors/test_vectors.json of
// github.com/BLAKE3-team/BLAKE3: the input is the repeating bytes 0, 1, ..., 250; the default
// 32-byte output is the first 32 bytes of each case's "hash"). The lengths cover one block,
// one chunk (1,024 bytes) and its edges, and inputs of many chunks, which the SIMD kernels hash
// several at a time; each is also hashed in uneven pieces, as tensorLeafHash feeds it.
#include "crypto/Blake3.h"

#include "TestUtil.h"

#include <QTest>

#include <vector>

using namespace idleforge::crypto;

namespace {

std::vector<std::uint8_t> pattern(std::size_t n)
{
    std::vector<std::uint8_t> v(n);
    for (std::size_t i = 0; i < n; ++i)
        v[i] = std::uint8_t(i % 251);
    return v;
}

} // namespace

class TestBlake3 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void publishedVectors_data()
    {
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("digest");
        QTest::newRow("0") << 0 << "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
        QTest::newRow("1") << 1 << "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213";
        QTest::newRow("1023") << 1023 << "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11";
        QTest::newRow("1024") << 1024 << "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7";
        QTest::newRow("1025") << 1025 << "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444";
        QTest::newRow("2048") << 2048 << "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a";
        QTest::newRow("8193") << 8193 << "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3b";
        QTest::newRow("16384") << 16384 << "f875d6646de28985646f34ee13be9a576fd515f76b5b0a26bb324735041ddde4";
        QTest::newRow("31744") << 31744 << "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47";
        QTest::newRow("102400") << 102400 << "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085";
    }

    void publishedVectors()
    {
        QFETCH(int, length);
        QFETCH(QString, digest);
        const auto input = pattern(std::size_t(length));
        QCOMPARE(QString::fromStdString(toHex(blake3_256(std::span<const std::uint8_t>(input)))), digest);

        // The same bytes in uneven pieces (1, 3, 7, ... bytes, then the rest).
        Blake3Hasher h;
        std::size_t at = 0;
        for (std::size_t piece = 1; at < input.size(); piece = piece * 2 + 1) {
            const std::size_t n = std::min(piece, input.size() - at);
            h.update(std::span<const std::uint8_t>(input.data() + at, n));
            at += n;
        }
        QCOMPARE(QString::fromStdString(toHex(h.finish())), digest);
    }

    void notBlake2b()
    {
        // The two hashes must never be confused: a leaf hashed with the wrong one is a different
        // commitment (protocol version 2 changed the state leaves from BLAKE2b to BLAKE3).
        QVERIFY(blake3_256(std::string_view("abc")) != blake2b256(std::string_view("abc")));
        QCOMPARE(toHex(blake3_256(std::string_view("abc"))),
                 std::string("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85"));
    }
};

QTEST_GUILESS_MAIN(TestBlake3)
#include "TestBlake3.moc"
