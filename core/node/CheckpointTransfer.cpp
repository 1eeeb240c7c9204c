#include "node/CheckpointTransfer.h"

#include "base/SafeFile.h"

#include "task/WorkerJob.h"

#include "compute/graph/Checkpoint.h"
#include "compute/graph/State.h"
#include "task/TaskSpec.h"

#include <QDir>
#include <QFile>

namespace idleforge::node {

QString checkpointDirOf(const QString &workdir, const QString &backend) { return task::checkpointDirOf(workdir, backend); }

Result<CheckpointFile> newestCheckpoint(const QString &dir, const crypto::Hash256 &taskId, qint64 after)
{
    const std::string d = QFile::encodeName(dir).toStdString();
    std::vector<std::int64_t> steps = graph::listCheckpoints(d);
    for (auto it = steps.rbegin(); it != steps.rend() && *it > after; ++it) {
        std::vector<std::uint8_t> bytes;
        if (!graph::readCheckpoint(graph::checkpointPath(d, *it), taskId, nullptr, &bytes))
            continue; // corrupt or of another task: an older one may still do
        return CheckpointFile{*it, QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()))};
    }
    return makeError("node.no_checkpoint", QStringLiteral("no checkpoint after step %1 in %2").arg(after).arg(dir));
}

Result<void> installCheckpoint(const QString &dir, const task::TaskSpec &spec, qint64 expectedStep, const QByteArray &bytes)
{
    // Checked in memory first: refused bytes never reach the job folder.
    const auto refuse = [](const QString &why) -> Result<void> {
        return makeError("node.bad_checkpoint", QStringLiteral("the fetched checkpoint is unusable: %1").arg(why));
    };
    std::string error;
    const auto *data = reinterpret_cast<const std::uint8_t *>(bytes.constData());
    auto ckpt = graph::parseCheckpoint(std::span(data, size_t(bytes.size())), spec.taskId, &error);
    if (!ckpt)
        return refuse(QString::fromStdString(error));
    if (ckpt->state.step != expectedStep)
        return refuse(QStringLiteral("it is at step %1, the coordinator said %2").arg(ckpt->state.step).arg(expectedStep));
    if (expectedStep < 0 || expectedStep > spec.graph.config.steps || ckpt->hashes.size() != size_t(expectedStep + 1) ||
        ckpt->losses.size() != size_t(expectedStep))
        return refuse(QStringLiteral("its history does not cover steps 0..%1").arg(expectedStep));
    if (!graph::stateMatchesGraph(ckpt->state, spec.graph))
        return refuse(QStringLiteral("its state does not fit the task's model"));
    // The state must be the one its h_k names, or the run we commit to would not be ours to
    // defend. (The earlier h_t are the previous solver's claim; see ProviderNode.h.)
    // (A format 03 file's state hash was recomputed and checked by the parse: not hashed again.)
    if ((ckpt->hashOfState ? *ckpt->hashOfState : graph::stateHash(ckpt->state, /*parallel=*/false)) != ckpt->hashes.back())
        return refuse(QStringLiteral("its state does not hash to its last committed state hash"));

    if (!QDir().mkpath(dir))
        return makeError("node.io", QStringLiteral("cannot create %1").arg(dir));
    // A fresh temp file (O_EXCL | O_NOFOLLOW), synced, renamed over the name: a link the sandboxed
    // worker may have planted in the job folder is replaced, never written through, and a reader
    // sees the old file or the new one, never none.
    const QString target = QFile::decodeName(graph::checkpointPath(QFile::encodeName(dir).toStdString(), expectedStep).c_str());
    if (auto w = writeFileReplacing(target, bytes, 0600); !w)
        return makeError("node.io", QStringLiteral("cannot install the fetched checkpoint: %1").arg(w.error().message));
    return {};
}

} // namespace idleforge::node
