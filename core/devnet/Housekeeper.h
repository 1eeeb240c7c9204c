#pragma once
// What keeps the coordinator's disk flat (issue 13.1): every `intervalMs` it deletes the blobs
// that no open task, game or lease refers to (DevnetStore::referencedBlobs) once they are older
// than `blobGraceMs` (an upload is made before the message that names it, so a fresh one is
// never raced), the relay log of games settled `relayKeepMs` ago, and events beyond
// `eventsKeep` rows or `eventsKeepMs` of age. Socket-free; time from the Clock it is given.
#include "base/Clock.h"
#include "base/Error.h"

#include <QString>

#include <optional>

namespace idleforge::devnet {

class DevnetStore;

class Housekeeper {
public:
    struct Options {
        qint64 intervalMs = 60'000; // 0: never
        qint64 blobGraceMs = 3'600'000;
        qint64 relayKeepMs = 600'000;
        qint64 eventsKeep = 10'000;
        qint64 eventsKeepMs = 7 * 86'400'000LL;
    };
    struct Report {
        qint64 blobsDeleted = 0;
        qint64 bytesFreed = 0;
        qint64 blobsKept = 0;
        qint64 relayRows = 0;
        qint64 events = 0;
    };

    // `blobDir`: the coordinator's content-addressed blob store (files named by 64 hex); empty: no blobs.
    Housekeeper(DevnetStore &store, QString blobDir, Options options) : m_store(store), m_blobDir(std::move(blobDir)), m_options(options) {}

    // Runs when `intervalMs` has passed since the last run (and on the first call).
    void maybeRun(qint64 nowMs);
    Result<Report> run(qint64 nowMs);

private:
    Result<void> collectBlobs(qint64 nowMs, Report &report);

    DevnetStore &m_store;
    QString m_blobDir;
    Options m_options;
    std::optional<qint64> m_lastRunMs;
};

} // namespace idleforge::devnet
