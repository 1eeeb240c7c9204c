#pragma once
// The devnet's built-in submitter: keeps a few small `gpt` tasks on real text in the pool so
// that a provider always finds work (idleforge --devnet, idleforge-devnet --demo). The text is
// put into the coordinator's blob store, so providers fetch it by hash like any dataset.
#include "base/Error.h"

#include <QByteArray>
#include <QObject>

class QTimer;

namespace idleforge::task {
class DatasetStore;
}

namespace idleforge::devnet {

class Coordinator;
class DevnetStore;

class DemoSubmitter : public QObject {
    Q_OBJECT
public:
    struct Options {
        int keepPooled = 2;    // tasks waiting for a provider
        int maxTasks = 1000;   // then it stops submitting
        // Long enough that an audit samples (m = 44 of 400 steps, not every step) and a reputable
        // host's m = 4 costs about 1 % of the training; ~1-3 s on two cores (core/verify/README.md).
        qint64 steps = 400;
        qint64 checkpointEvery = 0; // 0: verify::suggestedCheckpointEvery, as `idleforgectl task new`
        int intervalMs = 2000;
    };

    // `text` is the corpus (a few KB at least). All references must outlive this object.
    DemoSubmitter(Coordinator &coordinator, DevnetStore &store, task::DatasetStore &blobs, QByteArray text, Options options,
                  QObject *parent = nullptr);
    Result<void> start();
    int submitted() const { return m_submitted; }

private:
    void topUp();

    Coordinator &m_coordinator;
    DevnetStore &m_store;
    task::DatasetStore &m_blobs;
    QByteArray m_text;
    Options m_options;
    QTimer *m_timer;
    int m_submitted = 0;
    qint64 m_seed = 1;
};

} // namespace idleforge::devnet
