// Merkle tree contract (core/crypto/README.md). The fixed roots were computed by an independent
// 15-line Python implementation of the written contract (hashlib.blake2b), not by this code.
#include "crypto/Merkle.h"

#include <QTest>

using namespace idleforge::crypto;

namespace {
std::vector<Hash256> leaves(int n)
{
    std::vector<Hash256> v;
    for (int i = 0; i < n; ++i) {
        const std::uint8_t b = static_cast<std::uint8_t>(i);
        v.push_back(blake2b256(std::span<const std::uint8_t>(&b, 1)));
    }
    return v;
}
} // namespace

class TestMerkle : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixedRoots_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<QString>("root");
        QTest::newRow("0") << 0 << QStringLiteral("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
        QTest::newRow("1") << 1 << QStringLiteral("3946e42970577c9173a8f4d152fd19978ce2dd8ebe9ae841b0ce809661d3aa0c");
        QTest::newRow("2") << 2 << QStringLiteral("b8bc17005fd60e103d27fb7b417ed7601d74f2a887800356cb2c986f8bbf9e3b");
        QTest::newRow("3") << 3 << QStringLiteral("e13696916a40519dfef0ed54b55992e01bf1993215ba50ac94c75be929ebbeb8");
        QTest::newRow("4") << 4 << QStringLiteral("c583c5be3d0ba89b471c26635e07671fd9d9f5654c4f56571aa17d65ba4ba221");
        QTest::newRow("5") << 5 << QStringLiteral("dc31f41937b6ebc00567efa88bbecb2f66124988b2643f0eee68098092e7e320");
        QTest::newRow("6") << 6 << QStringLiteral("9b8a2f442c01ab499f94c3dba678a026f14637ef1e1cce726e51c1e3bd8f9528");
        QTest::newRow("7") << 7 << QStringLiteral("947ce8abe033ade23df99636881bb7cbb3e15e4a0db15acb36f7f08fcd5c02d7");
    }
    void fixedRoots()
    {
        QFETCH(int, n);
        QFETCH(QString, root);
        QCOMPARE(QString::fromStdString(toHex(merkleRoot(leaves(n)))), root);
    }

    void definitionForThreeLeaves()
    {
        const auto l = leaves(3);
        const Hash256 expected =
            merkleInnerNode(merkleInnerNode(merkleLeafNode(l[0]), merkleLeafNode(l[1])), merkleLeafNode(l[2]));
        QCOMPARE(merkleRoot(l), expected);
    }

    // [a,b,c] and [a,b,c,c] must differ (no duplication of the odd node).
    void noDuplicationAmbiguity()
    {
        auto l = leaves(3);
        const Hash256 r3 = merkleRoot(l);
        l.push_back(l.back());
        QVERIFY(merkleRoot(l) != r3);
    }

    void leafIsNotInnerNode()
    {
        const auto l = leaves(2);
        // A "leaf" equal to an inner node's hash input must not reproduce the 2-leaf root.
        QVERIFY(merkleRoot(std::vector<Hash256>{merkleRoot(l)}) != merkleRoot(l));
    }

    void proofsVerifyForEveryLeaf()
    {
        for (int n = 1; n <= 17; ++n) {
            const auto l = leaves(n);
            const Hash256 root = merkleRoot(l);
            for (int i = 0; i < n; ++i) {
                const MerkleProof p = merkleProof(l, static_cast<std::uint64_t>(i));
                QVERIFY2(verifyMerkleProof(l[static_cast<std::size_t>(i)], p, root),
                         qPrintable(QStringLiteral("n=%1 i=%2").arg(n).arg(i)));
                // Wrong leaf, wrong index, wrong count, extra or missing sibling: all rejected.
                QVERIFY(!verifyMerkleProof(l[static_cast<std::size_t>((i + 1) % n)], p, root) || n == 1);
                MerkleProof wrongIndex = p;
                wrongIndex.index = static_cast<std::uint64_t>((i + 1) % n);
                QVERIFY(!verifyMerkleProof(l[static_cast<std::size_t>(i)], wrongIndex, root) || n == 1);
                MerkleProof extra = p;
                extra.siblings.push_back(root);
                QVERIFY(!verifyMerkleProof(l[static_cast<std::size_t>(i)], extra, root));
                if (!p.siblings.empty()) {
                    MerkleProof missing = p;
                    missing.siblings.pop_back();
                    QVERIFY(!verifyMerkleProof(l[static_cast<std::size_t>(i)], missing, root));
                }
                MerkleProof outOfRange = p;
                outOfRange.index = static_cast<std::uint64_t>(n);
                QVERIFY(!verifyMerkleProof(l[static_cast<std::size_t>(i)], outOfRange, root));
            }
        }
    }

    void promotedLeafHasShortProof()
    {
        const auto l = leaves(5);
        // Leaf 4 is promoted twice (levels of 5 and 3 nodes), then paired once.
        QCOMPARE(merkleProof(l, 4).siblings.size(), std::size_t(1));
        QCOMPARE(merkleProof(l, 0).siblings.size(), std::size_t(3));
    }

    void proofOutOfRangeThrows()
    {
        const auto l = leaves(2);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, merkleProof(l, 2));
    }
};

QTEST_GUILESS_MAIN(TestMerkle)
#include "TestMerkle.moc"
