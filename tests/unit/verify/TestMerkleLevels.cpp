// MerkleLevels::proof gives exactly crypto::merkleProof's proof for every leaf of trees of every
// shape (odd levels promote a node), and each verifies against the root; an index past the
// leaves is refused.
#include "verify/MerkleLevels.h"

#include "crypto/Blake2b.h"

#include <QTest>

#include <stdexcept>
#include <string>

using namespace idleforge;

class TestMerkleLevels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void proofsAreMerkleProofs()
    {
        for (const std::uint64_t n : {1, 2, 3, 5, 8, 13, 64, 1001}) {
            std::vector<crypto::Hash256> leaves;
            for (std::uint64_t i = 0; i < n; ++i)
                leaves.push_back(crypto::blake2b256("leaf " + std::to_string(i)));
            const verify::MerkleLevels tree(leaves);
            QCOMPARE(tree.root(), crypto::merkleRoot(leaves));
            for (std::uint64_t i = 0; i < n; ++i) {
                const crypto::MerkleProof expected = crypto::merkleProof(leaves, i);
                const crypto::MerkleProof got = tree.proof(i);
                QCOMPARE(got.index, expected.index);
                QCOMPARE(got.count, expected.count);
                QVERIFY2(got.siblings == expected.siblings, qPrintable(QStringLiteral("n=%1 i=%2").arg(n).arg(i)));
                QVERIFY(crypto::verifyMerkleProof(leaves[i], got, tree.root()));
            }
            QVERIFY_THROWS_EXCEPTION(std::out_of_range, tree.proof(n));
        }
    }
};

QTEST_GUILESS_MAIN(TestMerkleLevels)
#include "TestMerkleLevels.moc"
