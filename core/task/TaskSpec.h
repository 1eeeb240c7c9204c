#pragma once
// A training task as data (DESIGN.md, "The task"; schema in README.md): parsing and validation
// of the versioned JSON spec into the graph IR the executors run. Validation happens before a
// byte runs and names the offending field by path, e.g. `nodes[7].inputs[1]: unknown value "x"`.
// Nothing in a spec is a file path: the dataset is referenced only by its content hash.
#include "base/Error.h"
#include "compute/graph/Graph.h"
#include "crypto/Blake2b.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace idleforge::task {

inline constexpr int kSpecVersion = 1;

struct DatasetRef {
    enum class Kind { Bytes, Synthetic } kind = Kind::Synthetic;
    crypto::Hash256 hash{}; // Bytes: BLAKE2b-256 of the shard
    qint64 size = 0;        // bytes of the shard (Synthetic: how many to generate)
};

// What the machine that will run a task can afford. Defaults suit a desktop CPU.
struct ValidationLimits {
    qint64 maxMemoryBytes = qint64(8) << 30;
    double maxFlopsPerStep = 5e12;
    qint64 maxSteps = 10'000'000;
    int maxNodes = 4096;
    int maxParams = 4096;
    qint64 maxDatasetBytes = qint64(4) << 30;
};

struct TaskCost {
    double flopsPerStep = 0;
    double totalFlops = 0;
    qint64 paramCount = 0;
    qint64 stateBytes = 0;
    qint64 peakBytes = 0;
    qint64 tokensPerStep = 0;
    QJsonObject toJson() const;
};

struct TaskSpec {
    QJsonObject json;        // the spec as given
    QString name;
    QString backend;         // "repro" or "fast"
    DatasetRef data;
    graph::Graph graph;      // shapes inferred
    crypto::Hash256 taskId{}; // BLAKE2b-256 of the canonical (compact, sorted-key) JSON
    TaskCost cost;
};

// Every problem found, each as "<field path>: <message>". Empty when the spec is valid.
// On success `out` (if given) receives the parsed task.
QStringList validateTaskSpec(const QJsonObject &spec, const ValidationLimits &limits = {}, TaskSpec *out = nullptr);

// Parses and validates; the error ("task.invalid_spec") lists every problem, one per line.
Result<TaskSpec> parseTaskSpec(const QJsonObject &spec, const ValidationLimits &limits = {});
// parseTaskSpec, and the spec must be the one `specHash` (hashHex of its taskId) names: the
// task's identity, which its checkpoints, commitment and audit are bound to (a lease, a
// re-run). Error task.spec_hash.
Result<TaskSpec> parseNamedTaskSpec(const QJsonObject &spec, const QString &specHash, const ValidationLimits &limits = {});
// Reads a JSON file first (at most 16 MiB).
Result<TaskSpec> loadTaskSpec(const QString &path, const ValidationLimits &limits = {});

QByteArray canonicalJson(const QJsonObject &obj);
QString hashHex(const crypto::Hash256 &h);

} // namespace idleforge::task
