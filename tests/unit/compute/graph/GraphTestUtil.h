#pragma once
// Small tasks for the graph tests, built from the real templates and validator.
#include "compute/graph/DataLoader.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"

#include <QFile>

#include <vector>

namespace testutil {

inline idleforge::task::TemplateOptions tinyGpt(qint64 steps = 8, qint64 checkpointEvery = 3)
{
    idleforge::task::TemplateOptions o;
    o.layers = 2;
    o.dModel = 32;
    o.heads = 4;
    o.context = 16;
    o.batch = 4;
    o.steps = steps;
    o.checkpointEvery = checkpointEvery;
    o.lr = 3e-3;
    o.weightDecay = 0.01;
    o.data.size = 1 << 16;
    return o;
}

inline idleforge::task::TaskSpec parse(const idleforge::task::TemplateOptions &o)
{
    auto spec = idleforge::task::parseTaskSpec(idleforge::task::makeTemplateSpec(o).value());
    if (!spec)
        qFatal("template spec invalid: %s", qPrintable(spec.error().message));
    return spec.value();
}

inline std::vector<std::uint8_t> shardOf(const idleforge::task::TaskSpec &spec)
{
    return idleforge::graph::syntheticText(std::uint64_t(spec.data.size));
}

inline std::vector<std::uint8_t> corpus()
{
    QFile f(QStringLiteral(IDLEFORGE_TEST_DATA_DIR "/task/corpus.txt"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing test corpus");
    const QByteArray b = f.readAll();
    return {b.begin(), b.end()};
}

} // namespace testutil
