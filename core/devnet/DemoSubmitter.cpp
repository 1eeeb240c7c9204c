#include "devnet/DemoSubmitter.h"

#include "devnet/Coordinator.h"
#include "devnet/DevnetStore.h"
#include "devnet/Log.h"
#include "devnet/Pricing.h"
#include "task/DatasetStore.h"
#include "task/Templates.h"
#include "verify/AuditPolicy.h"

#include <QDateTime>
#include <QTimer>

namespace idleforge::devnet {

namespace {
const QString kName = QStringLiteral("demo-submitter");

// A demo task: a small gpt over the corpus. Its checkpoint interval, unless the options give one,
// is the one `idleforgectl task new` picks (verify::suggestedCheckpointEvery for a new host).
task::TemplateOptions demoTask(const DemoSubmitter::Options &options, qint64 seed, const crypto::Hash256 &corpus, qint64 size)
{
    task::TemplateOptions o;
    o.templateName = QStringLiteral("gpt");
    o.layers = 1;
    o.dModel = 64;
    o.heads = 2;
    o.context = 32;
    o.batch = 4;
    o.steps = options.steps;
    o.seed = seed;
    o.lr = 3e-3;
    o.data.kind = task::DatasetRef::Kind::Bytes;
    o.data.hash = corpus;
    o.data.size = size;
    if (options.checkpointEvery > 0) {
        o.checkpointEvery = options.checkpointEvery;
        return o;
    }
    auto json = task::makeTemplateSpec(o);
    auto spec = json ? task::parseTaskSpec(*json) : Result<task::TaskSpec>(json.error());
    if (spec) // an invalid spec keeps the template's k; topUp() reports what is wrong
        o.checkpointEvery = verify::suggestedCheckpointEvery(o.steps, verify::ReputationPolicy{}.newHostSamples(),
                                                             spec->cost.stateBytes, verify::kCheckpointDiskBudgetBytes);
    return o;
}
} // namespace

DemoSubmitter::DemoSubmitter(Coordinator &coordinator, DevnetStore &store, task::DatasetStore &blobs, QByteArray text,
                             Options options, QObject *parent)
    : QObject(parent), m_coordinator(coordinator), m_store(store), m_blobs(blobs), m_text(std::move(text)),
      m_options(options), m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &DemoSubmitter::topUp);
    // Seeds differ between runs so every start adds new tasks rather than the same ids again.
    m_seed = QDateTime::currentMSecsSinceEpoch() % 1'000'000;
}

Result<void> DemoSubmitter::start()
{
    if (m_text.size() < 1024)
        return makeError("devnet.demo", QStringLiteral("the demo corpus is too small (%1 bytes)").arg(m_text.size()));
    auto put = m_blobs.putBytes(m_text);
    if (!put)
        return put.error();
    topUp();
    m_timer->start(m_options.intervalMs);
    return {};
}

void DemoSubmitter::topUp()
{
    auto summary = m_store.summary();
    if (!summary)
        return;
    // Waiting tasks plus those still being audited: the demo never runs ahead of its verifiers.
    const qint64 backlog = summary->tasks[QStringLiteral("pooled")] + summary->tasks[QStringLiteral("committed")];
    // The housekeeper collects the corpus while no open task names it: put it back.
    const auto corpus = crypto::blake2b256(std::string_view(m_text.constData(), size_t(m_text.size())));
    if (backlog < m_options.keepPooled && !m_blobs.contains(corpus))
        if (auto put = m_blobs.putBytes(m_text); !put) {
            qCWarning(lcDevnet).noquote() << "demo submitter:" << put.error().toString();
            return;
        }
    for (qint64 i = backlog; i < m_options.keepPooled && m_submitted < m_options.maxTasks; ++i) {
        task::TemplateOptions o = demoTask(m_options, m_seed++, corpus, m_text.size());
        auto spec = task::makeTemplateSpec(o);
        if (!spec) {
            qCWarning(lcDevnet).noquote() << "demo submitter:" << spec.error().toString();
            return;
        }
        auto parsed = task::parseTaskSpec(*spec);
        if (!parsed) {
            qCWarning(lcDevnet).noquote() << "demo submitter:" << parsed.error().toString();
            return;
        }
        const qint64 reward = minimumReward(parsed->cost) * 2;
        // The coordinator's own submitter pays like any other: funded per task from the faucet.
        if (auto r = m_coordinator.fund(kName, reward, QStringLiteral("demo-%1-%2").arg(QDateTime::currentMSecsSinceEpoch()).arg(o.seed)); !r) {
            qCWarning(lcDevnet).noquote() << "demo submitter:" << r.error().toString();
            return;
        }
        auto row = m_coordinator.submitTask(*spec, reward, kName);
        if (!row) {
            qCWarning(lcDevnet).noquote() << "demo submitter:" << row.error().toString();
            return;
        }
        ++m_submitted;
    }
}

} // namespace idleforge::devnet
