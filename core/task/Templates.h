#pragma once
// Spec templates: `gpt` (a small char-level transformer on bytes, llm.c's GPT-2 layout with
// pre-LayerNorm blocks) and `mlp` (embedding, hidden ReLU layers, next-byte logits). They emit
// plain spec JSON, exactly what a submitter could have written by hand.
#include "base/Error.h"
#include "task/TaskSpec.h"

#include <QJsonObject>
#include <QString>

namespace idleforge::task {

struct TemplateOptions {
    QString templateName = QStringLiteral("gpt");
    int layers = 2;
    int dModel = 128;
    int heads = 4;
    int hidden = 0;          // mlp hidden width; 0: 4 * dModel
    int context = 64;
    qint64 steps = 200;
    int batch = 8;
    qint64 seed = 1;
    qint64 checkpointEvery = 50;
    double lr = 1e-3;
    double weightDecay = 0.0;
    QString optimizer = QStringLiteral("adamw");
    QString backend = QStringLiteral("repro");
    DatasetRef data;         // default: 1 MiB of synthetic text
};

QStringList templateNames();
// Fails for an unknown template or options that cannot form a graph (e.g. heads not dividing
// d-model); the result is then still validated by validateTaskSpec like any spec.
Result<QJsonObject> makeTemplateSpec(const TemplateOptions &options);

} // namespace idleforge::task
