#include "verify/RunSource.h"

#include <algorithm>

namespace idleforge::verify {

std::vector<Hash256> StepReplay::leaves() const
{
    std::vector<Hash256> out;
    out.reserve(nodes.size() + 1);
    for (const auto &n : nodes)
        out.push_back(n.hash);
    out.push_back(claimedNext);
    return out;
}

Result<void> RunSource::forEachState(std::span<const std::int64_t> steps, const StateSink &emit)
{
    for (const std::int64_t t : steps) {
        auto s = state(t);
        if (!s)
            return s.error();
        emit(t, *s);
    }
    return {};
}

std::vector<std::string> nodeInputNames(const std::vector<graph::ReproExecutor::NodeInfo> &plan, int node,
                                        const graph::TrainState &shapeOf)
{
    std::vector<std::string> names;
    if (node == int(plan.size())) {
        for (const auto &t : shapeOf.tensors)
            names.push_back(t.name);
        return names;
    }
    for (const auto &n : plan.at(size_t(node)).inputs)
        if (std::find(names.begin(), names.end(), n) == names.end())
            names.push_back(n);
    return names;
}

std::vector<InputSource> inputSources(const std::vector<graph::ReproExecutor::NodeInfo> &plan, int node,
                                      const graph::TrainState &shapeOf)
{
    std::vector<InputSource> out;
    for (const auto &name : nodeInputNames(plan, node, shapeOf)) {
        InputSource s;
        s.name = name;
        for (int j = node - 1; j >= 0 && s.node < 0; --j) {
            const auto &outs = plan[size_t(j)].outputs;
            if (std::find(outs.begin(), outs.end(), name) != outs.end())
                s.node = j;
        }
        if (s.node >= 0)
            s.kind = InputSource::Kind::Node;
        else if (shapeOf.find(name))
            s.kind = InputSource::Kind::State;
        else if (name == "tokens" || name == "targets" || name == "positions")
            s.kind = InputSource::Kind::Batch;
        else
            s.kind = InputSource::Kind::Zero;
        out.push_back(std::move(s));
    }
    return out;
}

std::vector<graph::ReproExecutor::NodeInfo> planOf(const graph::ReproExecutor &exec)
{
    std::vector<graph::ReproExecutor::NodeInfo> plan;
    for (int i = 0; i < exec.nodeCount(); ++i)
        plan.push_back(exec.nodeInfo(i));
    return plan;
}

} // namespace idleforge::verify
