#pragma once
// The `fast` backend: the same graph and the same state layout as repro, run with libtorch ops
// and autograd (CUDA when available, else CPU). Fast, not reproducible across hardware: its
// results are checked against repro by tolerance. It cannot trace a step.
#include "compute/graph/Backend.h"
#include "compute/graph/Graph.h"

#include <memory>

namespace idleforge::graph {

class TorchBackend final : public Backend {
public:
    enum class Device { Auto, Cpu, Cuda };
    // Precondition: inferShapes(g) succeeded. threads > 0 sets torch's intra-op thread count.
    explicit TorchBackend(const Graph &g, int threads = 0, Device device = Device::Auto);
    ~TorchBackend() override;

    std::string name() const override { return "fast"; }
    bool supportsTracing() const override { return false; }
    float step(TrainState &state, const Batch &batch, StepObserver *observer = nullptr) override;
    std::string deviceName() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace idleforge::graph
