#pragma once
// Tensors as they travel in verification messages, and the canonical shape of every buffer of a
// step, derived from the graph alone (so a referee never takes a shape from a party).
//
// Wire form: the body lists {"name", "dtype" ("f32"|"i32"), "bytes"} in order; the blob holds the
// element bytes back to back, little-endian (the only byte order IdleForge targets).
#include "base/Error.h"
#include "compute/graph/Graph.h"
#include "compute/graph/State.h"

#include <QByteArray>
#include <QJsonArray>

#include <optional>
#include <string>
#include <vector>

namespace idleforge::verify {

struct WireTensor {
    std::string name;
    bool isInt = false;             // i32 (batch ids) or f32
    std::vector<std::uint8_t> bytes;
};

QJsonArray packTensors(const std::vector<WireTensor> &tensors, QByteArray &blob);
Result<std::vector<WireTensor>> unpackTensors(const QJsonValue &list, const QByteArray &blob, int maxCount);
// Where each tensor of the list lies in the blob, checked as unpackTensors checks it, with no
// byte copied.
struct WireSlice {
    std::string name;
    bool isInt = false;
    qsizetype offset = 0;
    qsizetype bytes = 0;
};
Result<std::vector<WireSlice>> sliceTensors(const QJsonValue &list, const QByteArray &blob, int maxCount);

WireTensor floatTensor(std::string name, std::span<const float> data);
WireTensor intTensor(std::string name, std::span<const std::int32_t> data);
std::span<const float> floats(const WireTensor &t);

// Shape of a workspace buffer of the repro executor ("param/w", "grad/h1", "ln1/mean",
// "tokens", ...). Mirrors ReproExecutor's buffer layout; TestTensors checks it against a traced
// step so a change there cannot slip by.
std::optional<std::vector<std::int64_t>> bufferShape(const graph::Graph &g, std::string_view name);

// A state with the graph's tensor names and shapes, every element zero, at step `step`.
graph::TrainState zeroState(const graph::Graph &g, std::int64_t step);

// s_t <-> wire tensors (+ the step counter, carried in the body). packState is packTensors of
// the state's f32 tensors, appended straight from the state with one reservation: a solver packs
// m of them per audit (5.6 MB each for the gpt template), so no intermediate copy.
QJsonArray packState(const graph::TrainState &s, QByteArray &blob);
Result<graph::TrainState> stateFromTensors(const graph::Graph &g, std::int64_t step, const std::vector<WireTensor> &tensors);
// The same straight from the blob into `into`, reusing its buffers where it holds a state of this
// graph already: a verifier checks m states of one shape an audit, and a fresh copy of each (the
// wire tensors, then the state) was two 5.6 MB allocations and their page faults a sample.
Result<void> stateFromWire(const graph::Graph &g, std::int64_t step, const std::vector<WireSlice> &slices,
                           const QByteArray &blob, graph::TrainState &into);

} // namespace idleforge::verify
