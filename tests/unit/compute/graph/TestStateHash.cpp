// The commitment encoding: a tensor leaf is BLAKE3-256 over the written byte layout, h_t is
// the Merkle root over the sorted leaves including the step counter.
#include "compute/graph/State.h"
#include "crypto/Blake3.h"
#include "crypto/Merkle.h"

#include <QTest>

#include <cstring>

using namespace idleforge;
using namespace idleforge::graph;

namespace {

// The documented layout, written out byte by byte, hashed in one piece (TestBlake3 checks
// crypto::blake3_256 against the published BLAKE3 vectors).
Hash256 expectedLeaf(const std::string &name, const std::string &dtype, const std::vector<std::int64_t> &shape,
                     const std::vector<std::uint8_t> &data)
{
    // resize + memcpy rather than push_back/insert: GCC 12 at -O3 reports a false
    // -Wstringop-overflow for byte-wise vector growth inlined into this function.
    std::vector<std::uint8_t> b;
    auto put = [&](const void *p, std::size_t n) {
        const std::size_t at = b.size();
        b.resize(at + n);
        if (n)
            std::memcpy(b.data() + at, p, n);
    };
    auto u32 = [&](std::uint32_t v) {
        std::uint8_t le[4];
        for (int i = 0; i < 4; ++i)
            le[i] = std::uint8_t(v >> (8 * i));
        put(le, 4);
    };
    auto i64 = [&](std::int64_t v) {
        std::uint8_t le[8];
        for (int i = 0; i < 8; ++i)
            le[i] = std::uint8_t(std::uint64_t(v) >> (8 * i));
        put(le, 8);
    };
    u32(std::uint32_t(name.size()));
    put(name.data(), name.size());
    u32(std::uint32_t(dtype.size()));
    put(dtype.data(), dtype.size());
    u32(std::uint32_t(shape.size()));
    for (auto d : shape)
        i64(d);
    put(data.data(), data.size());
    return crypto::blake3_256(std::span<const std::uint8_t>(b));
}

} // namespace

class TestStateHash : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void leafFollowsTheWrittenLayout()
    {
        const std::vector<float> data{1.0f, -2.0f};
        // 1.0f = 0x3f800000, -2.0f = 0xc0000000, little-endian.
        const std::vector<std::uint8_t> bytes{0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0};
        const std::vector<std::int64_t> shape{1, 2};
        QCOMPARE(floatTensorLeafHash("param/w", shape, data), expectedLeaf("param/w", "f32", shape, bytes));
        QVERIFY(floatTensorLeafHash("param/w", shape, data) != floatTensorLeafHash("param/v", shape, data));
    }

    void largeLeafFollowsTheWrittenLayout()
    {
        // 300,001 floats (1.2 MB, many BLAKE3 chunks, not a multiple of one): the header goes in
        // small pieces and the data in one, so chunk boundaries fall inside the data.
        std::vector<float> data(300001);
        for (size_t i = 0; i < data.size(); ++i)
            data[i] = float(i % 977) * 0.5f - 100.0f;
        std::vector<std::uint8_t> bytes(data.size() * 4);
        std::memcpy(bytes.data(), data.data(), bytes.size());
        const std::vector<std::int64_t> shape{300001};
        QCOMPARE(floatTensorLeafHash("param/embed", shape, data), expectedLeaf("param/embed", "f32", shape, bytes));
    }

    void stateHashIsTheRootOverSortedLeaves()
    {
        TrainState s;
        s.step = 7;
        s.tensors.push_back({"adam_m/w", {2}, {0.5f, 0.25f}});
        s.tensors.push_back({"param/w", {2}, {1.0f, 2.0f}});
        const std::vector<std::uint8_t> step{7, 0, 0, 0, 0, 0, 0, 0};
        const std::vector<Hash256> leaves{
            floatTensorLeafHash("adam_m/w", s.tensors[0].shape, s.tensors[0].data),
            floatTensorLeafHash("param/w", s.tensors[1].shape, s.tensors[1].data),
            expectedLeaf("step", "i64", {}, step),
        };
        QVERIFY(stateLeaves(s) == leaves);
        QCOMPARE(stateHash(s), crypto::merkleRoot(leaves));
        // Any bit of any tensor, or the step, moves the hash.
        TrainState t = s;
        t.step = 8;
        QVERIFY(stateHash(t) != stateHash(s));
        t = s;
        t.tensors[1].data[1] = std::nextafter(2.0f, 3.0f);
        QVERIFY(stateHash(t) != stateHash(s));
        // The model hash covers parameters only.
        t = s;
        t.tensors[0].data[0] = 9.0f;
        QCOMPARE(modelHash(t), modelHash(s));
    }
};

QTEST_GUILESS_MAIN(TestStateHash)
#include "TestStateHash.moc"
