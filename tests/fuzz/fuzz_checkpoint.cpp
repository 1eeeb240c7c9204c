// The checkpoint reader (compute/graph/Checkpoint.h: parseCheckpoint, what readCheckpoint runs
// on a file's bytes). A checkpoint can come from another party (a dispute resumes from an
// uploaded one), so every length in it is hostile. The input is read as format 02 (its trailer
// covers every byte): the harness appends that BLAKE3-256 trailer and takes the task id from the
// input's own bytes 8..40, so the fuzzer spends its time past those two gates, in the length
// fields, which formats 02 and 03 share. What parses is then written as format 03
// (checkpointBytes), which must read back the same, and read again with one byte changed (chosen
// by the input), which must be refused: a format 03 file's trailer and state hash between them
// cover every byte. Both are parsed once more by a CheckpointReader into a Checkpoint that already
// holds another (of other names, shapes and lengths), whose buffers it writes over: that must give
// what a fresh parse gives, to the bit, and refuse what a fresh parse refuses.
#include "FuzzUtil.h"

#include "compute/graph/Checkpoint.h"
#include "crypto/Blake3.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

using namespace idleforge;

namespace {
// A checkpoint of its own shapes, for the reader to write over.
graph::Checkpoint occupied()
{
    graph::Checkpoint c;
    c.state.step = 3;
    c.state.tensors.push_back({"adam_m/a", {2, 2}, {1, 2, 3, 4}});
    c.state.tensors.push_back({"param/a", {4}, {5, 6, 7, 8}});
    c.state.tensors.push_back({"zz/long", {9}, std::vector<float>(9, -1.0f)});
    c.hashes.resize(4);
    c.losses = {1, 2, 3};
    c.hashOfState = c.hashes[0];
    return c;
}

bool sameTensors(const graph::TrainState &a, const graph::TrainState &b)
{
    if (a.step != b.step || a.tensors.size() != b.tensors.size())
        return false;
    for (std::size_t i = 0; i < a.tensors.size(); ++i) {
        const auto &x = a.tensors[i], &y = b.tensors[i];
        if (x.name != y.name || x.shape != y.shape || x.data.size() != y.data.size()
            || (!x.data.empty() && std::memcmp(x.data.data(), y.data.data(), x.data.size() * 4) != 0))
            return false;
    }
    return true;
}

// The reader's parse into an occupied Checkpoint against a fresh parse of the same bytes.
void parsesAsFresh(std::span<const std::uint8_t> bytes, const graph::Hash256 &taskId,
                   const std::optional<graph::Checkpoint> &fresh)
{
    graph::Checkpoint into = occupied();
    const bool ok = graph::CheckpointReader().parse(bytes, taskId, into);
    FUZZ_CHECK(ok == fresh.has_value());
    if (!ok)
        return;
    FUZZ_CHECK(sameTensors(into.state, fresh->state));
    FUZZ_CHECK(into.hashes == fresh->hashes && into.hashOfState == fresh->hashOfState);
    FUZZ_CHECK(into.losses.size() == fresh->losses.size()
               && (into.losses.empty() || std::memcmp(into.losses.data(), fresh->losses.data(), into.losses.size() * 4) == 0));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    std::vector<std::uint8_t> file(data, data + size);
    const crypto::Hash256 trailer = crypto::blake3_256(std::span<const std::uint8_t>(file));
    file.insert(file.end(), trailer.begin(), trailer.end());
    graph::Hash256 taskId{};
    if (size >= 40)
        std::copy(data + 8, data + 40, taskId.begin());
    std::string error;
    const auto checkpoint = graph::parseCheckpoint(file, taskId, &error);
    FUZZ_CHECK(checkpoint.has_value() == error.empty());
    parsesAsFresh(file, taskId, checkpoint);
    if (!checkpoint)
        return 0;
    FUZZ_CHECK(checkpoint->state.step >= 0);
    FUZZ_CHECK(checkpoint->hashes.size() == std::size_t(checkpoint->state.step) + 1);
    std::vector<std::uint8_t> three = graph::checkpointBytes(*checkpoint);
    const auto back = graph::parseCheckpoint(three, taskId, &error);
    FUZZ_CHECK(back.has_value());
    parsesAsFresh(three, taskId, back);
    FUZZ_CHECK(back->hashes == checkpoint->hashes && back->state.step == checkpoint->state.step);
    FUZZ_CHECK(back->hashOfState == graph::stateHash(checkpoint->state));
    FUZZ_CHECK(back->losses.size() == checkpoint->losses.size()
               && (back->losses.empty() || std::memcmp(back->losses.data(), checkpoint->losses.data(), back->losses.size() * 4) == 0));
    // Bytes 8..40 are the task id, refused as another task's; every other byte is checked too.
    const std::size_t at = std::size_t(trailer[0] | (trailer[1] << 8) | (trailer[2] << 16)) % three.size();
    three[at] ^= std::uint8_t(1u << (trailer[3] & 7));
    FUZZ_CHECK(!graph::parseCheckpoint(three, taskId, &error).has_value());
    return 0;
}
