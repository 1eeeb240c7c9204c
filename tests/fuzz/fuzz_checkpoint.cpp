// The checkpoint reader (compute/graph/Checkpoint.h: parseCheckpoint, what readCheckpoint runs
// on a file's bytes). A checkpoint can come from another party (a dispute resumes from an
// uploaded one), so every length in it is hostile. The harness appends the BLAKE3-256 trailer
// the format ends with and takes the task id from the input's own bytes 8..40, so the fuzzer
// spends its time past those two gates, in the length fields.
#include "FuzzUtil.h"

#include "compute/graph/Checkpoint.h"
#include "crypto/Blake3.h"

#include <algorithm>
#include <vector>

using namespace idleforge;

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
    if (checkpoint) {
        FUZZ_CHECK(checkpoint->state.step >= 0);
        FUZZ_CHECK(checkpoint->hashes.size() == std::size_t(checkpoint->state.step) + 1);
    }
    return 0;
}
