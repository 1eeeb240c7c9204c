// Issue 19: what a whole audit costs, as a share of the training it checks, as JSON on stdout.
//
// For each task (40 steps: the devnet demo's length; 1,000 steps; 10,000 steps on a smaller model
// so the row runs in minutes) and each checkpoint interval k, the run is trained once (wall and
// CPU time, checkpoints included, which is what the solver pays), right after a reference run of
// the same task with only the final checkpoint, and then audited for a new host
// (P = 99 %, f = 10 %: m = 44) and a reputable one (40 clean audits: m = 4), twice each:
//   "before": sampling only, every sample served by its own replay from its checkpoint
//             (RunSource::state(t) per sample: what main did);
//   "after":  AuditMode::Auto, samples of one interval served by one replay, replay mode where
//             sampling would cost more.
// Audit cost = the solver's serving (replays, packing s_t) + the verifier's work (proofs, H(s_t),
// recomputation, or the whole replay), both timed around their handle() calls (wall and process CPU;
// the two run one after the other in this thread, as `idleforgectl audit` runs them). Transfers
// are in-process copies here; on the network add the blob upload of 5.6 MB per sample (d=128).
// The floor is m/N of the training. Also: the state hash against one step, and for k <= 10 on the
// 1,000-step task (200 with --quick) the training twice more: with every periodic checkpoint written
// synchronously and fsynced (the baseline of CheckpointWriter's background, unsynced writes), and
// written in the background with its pages kept in the page cache (the baseline of
// CheckpointPages::Dropped, "training_pages_kept").
//
// Usage: BenchAuditCost [--quick] [--threads N] [--hash-only [--rounds N] | --extras] [--idle]
// --idle runs the process at SCHED_IDLE, every thread, as the worker runs.
// --extras prints the product's path instead: the 1,000-step task (200 with --quick) at the k that
// `idleforgectl task new` gives it (suggestedCheckpointEvery, 256 MiB of disk: k = 22), trained
// without and with the solver's extra checkpoints in memory (/dev/shm, every k' =
// extraCheckpointEvery with --ram-mb, default 3072 as the node's: k' = 2; 2048: k' = 3), each
// right after its reference, and both audited (m = 44 and 4, AuditMode::Auto).
// --hash-only prints only the state hash figure (BLAKE3 leaves on the pool and on one thread, and
// the BLAKE2b leaves of protocol version 1 as the baseline, against one step of the same state)
// and what one unsynced checkpoint of that state costs to write.
#include "compute/graph/Checkpoint.h"
#include "compute/graph/ReproExecutor.h"
#include "compute/graph/LiveStateHasher.h"
#include "compute/graph/StateHasher.h"
#include "compute/graph/Training.h"
#include "compute/repro/Runtime.h"
#include "task/TaskSpec.h"
#include "task/Templates.h"
#include "verify/Audit.h"
#include "verify/AuditPolicy.h"
#include "verify/GraphRun.h"
#include "verify/SampleSelection.h"

#include <QCoreApplication>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>

#ifdef __linux__
#include <sched.h>
#endif
#include <ctime>

using namespace idleforge;

namespace {

struct Stamp {
    double wall = 0, cpu = 0;
    static Stamp now()
    {
        timespec ts{};
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
        return {std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(),
                double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9};
    }
    Stamp operator-(const Stamp &o) const { return {wall - o.wall, cpu - o.cpu}; }
    Stamp &operator+=(const Stamp &o)
    {
        wall += o.wall;
        cpu += o.cpu;
        return *this;
    }
    QJsonObject json() const { return {{QStringLiteral("wall_s"), wall}, {QStringLiteral("cpu_s"), cpu}}; }
};

// main's serving: state(t) for each sample (the default forEachState), each replayed from its checkpoint.
class OneReplayPerSample final : public verify::RunSource {
public:
    explicit OneReplayPerSample(verify::RunSource &inner) : m_inner(inner) {}
    const std::vector<crypto::Hash256> &stateHashes() const override { return m_inner.stateHashes(); }
    Result<graph::TrainState> state(std::int64_t t) override { return m_inner.state(t); }
    Result<verify::StepReplay> replay(std::int64_t t, int inputsOf) override { return m_inner.replay(t, inputsOf); }
    const std::vector<graph::ReproExecutor::NodeInfo> &plan() const override { return m_inner.plan(); }

private:
    verify::RunSource &m_inner;
};

struct TaskCase {
    QString label;
    task::TemplateOptions options;
    std::vector<qint64> ks;
};

task::TaskSpec specOf(task::TemplateOptions o, qint64 k)
{
    o.checkpointEvery = k;
    return task::parseTaskSpec(task::makeTemplateSpec(o).value()).value();
}

qint64 folderBytes(const QString &dir)
{
    qint64 sum = 0;
    QDirIterator it(dir, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        sum += it.fileInfo().size();
    }
    return sum;
}

enum class Variant { Before, After, Replay };

// `training`: this run (k as given); `reference`: the same task with no checkpoint but the last,
// so the extra checkpoint writes a small k costs the solver can be counted with the audit.
QJsonObject auditOnce(const verify::TaskContext &ctx, verify::RunSource &run, int m, Variant variant, int threads, const Stamp &training,
                      const Stamp &reference)
{
    const bool after = variant != Variant::Before;
    verify::ReproStepRecomputer recomputer(ctx, threads);
    verify::AuditVerifier verifier(ctx, recomputer, verify::seedFromText("bench-19"), m, QStringLiteral("bench"));
    verifier.setMode(variant == Variant::Before ? verify::AuditMode::Sample
                     : variant == Variant::After ? verify::AuditMode::Auto
                                                 : verify::AuditMode::Replay);
    verify::AuditSolver solver(run, ctx.taskId, QStringLiteral("bench"));
    Stamp solverTime, verifierTime;
    int messages = 0;
    qint64 bytes = 0;
    std::vector<verify::Message> queue = verifier.start();
    while (!queue.empty()) {
        std::vector<verify::Message> next;
        for (const auto &msg : queue) {
            ++messages;
            bytes += msg.wireBytes();
            const bool toVerifier = msg.to == QLatin1String("verifier");
            const Stamp a = Stamp::now();
            auto r = toVerifier ? verifier.handle(msg) : solver.handle(msg);
            (toVerifier ? verifierTime : solverTime) += Stamp::now() - a;
            if (!r)
                qFatal("audit message refused: %s", qPrintable(r.error().message));
            for (auto &x : *r)
                next.push_back(std::move(x));
        }
        queue = std::move(next);
    }
    const auto &rep = verifier.report();
    const qint64 N = ctx.graph.config.steps;
    const qint64 k = ctx.graph.config.checkpointEvery;
    // What the solver replayed: computed from the draw (the same for both variants' samples).
    std::int64_t served = 0;
    if (!rep.replayed) {
        if (after) {
            served = rep.servingSteps;
        } else {
            for (const auto &s : rep.samples)
                served += k > 0 ? s.step % k : s.step;
        }
    }
    Stamp total = solverTime;
    total += verifierTime;
    const double floorShare = double(std::min<qint64>(m, N)) / double(N);
    const double checkpointExtra = std::max(0.0, training.wall - reference.wall);
    const double stepSeconds = reference.wall / double(N);
    const qint64 sampled = rep.replayed ? 0 : qint64(rep.samples.size());
    return {{QStringLiteral("variant"), variant == Variant::Before ? QStringLiteral("before")
                                        : variant == Variant::After ? QStringLiteral("after")
                                                                    : QStringLiteral("replay (forced)")},
            {QStringLiteral("m"), m},
            {QStringLiteral("mode"), rep.replayed ? QStringLiteral("replay") : QStringLiteral("sample")},
            {QStringLiteral("ok"), rep.ok},
            {QStringLiteral("recomputed_steps"), rep.recomputed},
            {QStringLiteral("served_steps"), double(served)},
            {QStringLiteral("messages"), messages},
            {QStringLiteral("bytes"), double(bytes)},
            {QStringLiteral("solver"), solverTime.json()},
            {QStringLiteral("verifier"), verifierTime.json()},
            {QStringLiteral("verifier_recompute_s"), recomputer.seconds()},
            {QStringLiteral("audit"), total.json()},
            {QStringLiteral("audit_over_training_wall"), total.wall / training.wall},
            {QStringLiteral("audit_over_training_cpu"), total.cpu / training.cpu},
            {QStringLiteral("floor_m_over_N"), floorShare},
            {QStringLiteral("audit_over_floor_wall"), total.wall / training.wall / floorShare},
            // The honest figure when k was chosen small: the solver's extra checkpoint writes count too.
            {QStringLiteral("audit_plus_checkpoint_extra_over_reference_training_wall"), (total.wall + checkpointExtra) / reference.wall},
            {QStringLiteral("verifier_overhead_steps_per_sample"),
             sampled > 0 ? (verifierTime.wall - recomputer.seconds()) / double(sampled) / stepSeconds : 0.0},
            {QStringLiteral("solver_overhead_steps_per_sample"),
             sampled > 0 ? (solverTime.wall - double(served) * stepSeconds) / double(sampled) / stepSeconds : 0.0},
            {QStringLiteral("intervals_touched"), double(rep.replayed ? 0 : verify::intervalsTouched([&] {
                 std::vector<std::int64_t> v;
                 for (const auto &x : rep.samples)
                     v.push_back(x.step);
                 return v;
             }(), k))}};
}

// Steps replayed to serve `samples` (ascending) from the nearest checkpoint at or before each,
// where checkpoints lie at the multiples of k and of k2 (the solver's extras; 0: none).
qint64 servedFromEither(const std::vector<std::int64_t> &samples, qint64 k, qint64 k2)
{
    const auto nearest = [&](std::int64_t t) { return std::max(k > 0 ? t / k * k : 0, k2 > 0 ? t / k2 * k2 : 0); };
    qint64 served = 0;
    for (size_t i = 0; i < samples.size(); ++i)
        if (i + 1 == samples.size() || nearest(samples[i + 1]) != nearest(samples[i]))
            served += samples[i] - nearest(samples[i]);
    return served;
}

// --extras (see the top of this file).
QJsonObject extrasFigure(task::TemplateOptions o, int threads, bool quick, qint64 ramMb)
{
    o.steps = quick ? 200 : 1000;
    const qint64 stateBytes = specOf(o, 0).cost.stateBytes;
    const int newHost = verify::samplesFor(0.99, 0.10);
    const qint64 k = verify::suggestedCheckpointEvery(o.steps, newHost, stateBytes, verify::kCheckpointDiskBudgetBytes);
    const qint64 k2 = verify::extraCheckpointEvery(o.steps, k, newHost, stateBytes, ramMb << 20);
    verify::Reputation reputable;
    for (int i = 0; i < 40; ++i)
        reputable.recordAudit(true);
    const auto ctx = verify::loadTaskContext(specOf(o, k)).value();
    const auto reference = verify::loadTaskContext(specOf(o, o.steps)).value();
    const QString shm = QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    const auto train = [threads](const verify::TaskContext &c, const QString &dir, const QString &extraDir, qint64 every,
                                 graph::RunResult *r) {
        graph::ReproExecutor exec(c.graph, threads);
        graph::RunOptions ro;
        ro.checkpointDir = QDir(dir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
        ro.extraCheckpointDir = extraDir.isEmpty() ? std::string() : QDir(extraDir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
        ro.extraCheckpointEvery = every;
        ro.taskId = c.taskId;
        ro.shard = c.shard;
        const Stamp t0 = Stamp::now();
        *r = graph::runTraining(c.graph, exec, ro);
        return Stamp::now() - t0;
    };
    QJsonArray rows;
    for (const bool extras : {false, true}) {
        QTemporaryDir refDir, dir, memory(shm + QStringLiteral("/idleforge-bench-XXXXXX"));
        graph::RunResult r;
        const Stamp ref = train(reference, refDir.path(), {}, 0, &r);
        const Stamp training = train(ctx, dir.path(), extras ? memory.path() : QString(), extras ? k2 : 0, &r);
        auto run = std::move(verify::GraphRun::open(ctx, dir.path(), threads,
                                                    extras ? QDir(memory.path()).filePath(QStringLiteral("checkpoints-repro")) : QString()).value());
        QJsonArray audits;
        for (const int m : {newHost, reputable.samples(o.steps)}) {
            QJsonObject a = auditOnce(ctx, *run, m, Variant::After, threads, training, ref);
            const auto samples = verify::drawSamples(verify::seedFromText("bench-19"), r.commitment, o.steps, m);
            a.insert(QStringLiteral("served_steps"), double(servedFromEither(samples, k, extras ? k2 : 0)));
            audits.append(a);
        }
        rows.append(QJsonObject{{QStringLiteral("extras_every"), double(extras ? k2 : 0)},
                                {QStringLiteral("extra_checkpoints"), double(r.extraCheckpoints)},
                                {QStringLiteral("extra_bytes"), double(folderBytes(memory.path()))},
                                {QStringLiteral("checkpoint_bytes"), double(folderBytes(dir.path()))},
                                {QStringLiteral("training"), training.json()},
                                {QStringLiteral("reference_training_final_checkpoint_only"), ref.json()},
                                {QStringLiteral("step_s"), ref.wall / double(o.steps)},
                                {QStringLiteral("audits"), audits}});
        std::fprintf(stderr, "done: extras %s\n", extras ? "on" : "off");
    }
    return {{QStringLiteral("task"), QStringLiteral("gpt L2 d128 ctx64 b8")}, {QStringLiteral("steps"), double(o.steps)},
            {QStringLiteral("k"), double(k)}, {QStringLiteral("threads"), threads}, {QStringLiteral("extra_folder"), shm},
            {QStringLiteral("ram_mb"), double(ramMb)},
            {QStringLiteral("rows"), rows}};
}

int g_loopRounds = 9; // --rounds

QJsonObject hashFigure(const task::TemplateOptions &o, int threads)
{
    const auto spec = specOf(o, 10);
    const auto ctx = verify::loadTaskContext(spec).value();
    graph::ReproExecutor exec(ctx.graph, threads);
    graph::TrainState s = graph::initialState(ctx.graph);
    std::vector<double> step, hashPool, hashOne, blake2bOne, snapshot, background, ckptWall, ckptCpu;
    graph::StateHasher hasher;
    // A periodic checkpoint as CheckpointWriter writes it (unsynced), at step 1,000's size: the
    // solver pays N/k of these, which is what keeps a small k from paying (core/verify/README.md).
    QTemporaryDir ckptDir;
    graph::Checkpoint ckpt{ctx.taskId, {}, std::vector<crypto::Hash256>(1001), std::vector<float>(1000)};
    for (int i = 0; i < 7; ++i) {
        auto a = Stamp::now();
        exec.step(s, graph::makeBatch(ctx.shard, ctx.graph.config.seed, s.step, ctx.graph.config.batch, ctx.graph.config.context));
        step.push_back((Stamp::now() - a).wall);
        a = Stamp::now();
        (void)graph::stateHash(s, true);
        hashPool.push_back((Stamp::now() - a).wall);
        a = Stamp::now();
        (void)graph::stateHash(s, false);
        hashOne.push_back((Stamp::now() - a).wall);
        // The baseline: the same bytes through BLAKE2b, as protocol version 1 hashed its leaves.
        a = Stamp::now();
        for (const auto &t : s.tensors)
            (void)crypto::blake2b256(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t *>(t.data.data()),
                                                                   t.data.size() * sizeof(float)));
        blake2bOne.push_back((Stamp::now() - a).wall);
        // What runTraining's StateHasher costs the step: the snapshot copy (then the hash on its
        // own thread, waited for here).
        a = Stamp::now();
        hasher.submit(s);
        snapshot.push_back((Stamp::now() - a).wall);
        (void)hasher.collect();
        background.push_back((Stamp::now() - a).wall);
        ckpt.state = s;
        ckpt.hashOfState = graph::stateHash(s); // the loop passes the h_t it has (format 03 stores it)
        a = Stamp::now();
        if (const std::string err = graph::writeCheckpoint(ckptDir.path().toStdString(), ckpt, graph::Durability::Cached); !err.empty())
            qFatal("checkpoint: %s", err.c_str());
        const Stamp wrote = Stamp::now() - a;
        ckptWall.push_back(wrote.wall);
        ckptCpu.push_back(wrote.cpu);
    }
    const auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    // The hash in the loop, as runTraining runs it (StateHasher: a snapshot, hashed on its own
    // thread while the next step computes), against the same steps without any hash and with the
    // hash inline on the pool: the wall time it adds per step, both cores busy with the step.
    // This VM's step time drifts by 10-30 % between runs, so the three variants run back to back
    // in each of --rounds rounds (9), each variant first in turn, and the overhead is the median of the rounds' paired ratios.
    // A fourth variant: LiveStateHasher, the live state hashed at the lowest priority while the next
    // step runs, the rest at its optimizer fence (runTraining's third place).
    const int loopSteps = 30;
    std::vector<double> loopNone, loopBackground, loopInline, loopLive, pairedBackground, pairedInline, pairedLive;
    struct Fence final : graph::StepObserver {
        graph::LiveStateHasher live;
        void onNode(int, graph::StepPhase, std::string_view, std::string_view, std::span<graph::TensorView>) override {}
        void beforeOptimizer() override
        {
            if (live.pending())
                (void)live.finish();
        }
    } fence;
    for (int round = 0; round < g_loopRounds; ++round) {
        for (int turn = 0; turn < 4; ++turn) {
            const int variant = (round + turn) % 4; // each variant first in turn: no order bias
            graph::TrainState x = graph::initialState(ctx.graph);
            graph::StateHasher h;
            const auto a = Stamp::now();
            for (int i = 0; i < loopSteps; ++i) {
                exec.step(x, graph::makeBatch(ctx.shard, ctx.graph.config.seed, x.step, ctx.graph.config.batch, ctx.graph.config.context),
                          variant == 3 ? &fence : nullptr);
                if (variant == 1) {
                    if (h.pending())
                        (void)h.collect();
                    h.submit(x);
                } else if (variant == 2) {
                    (void)graph::stateHash(x, true);
                } else if (variant == 3) {
                    if (fence.live.pending())
                        (void)fence.live.finish();
                    fence.live.begin(x);
                }
            }
            if (h.pending())
                (void)h.collect();
            if (fence.live.pending())
                (void)fence.live.finish();
            (variant == 0 ? loopNone : variant == 1 ? loopBackground : variant == 2 ? loopInline : loopLive).push_back((Stamp::now() - a).wall / loopSteps);
        }
        pairedBackground.push_back(loopBackground.back() / loopNone.back() - 1);
        pairedInline.push_back(loopInline.back() / loopNone.back() - 1);
        pairedLive.push_back(loopLive.back() / loopNone.back() - 1);
    }
    qint64 stateBytes = 0;
    for (const auto &t : s.tensors)
        stateBytes += qint64(t.data.size() * sizeof(float));
    return {{QStringLiteral("state_bytes"), double(stateBytes)},
            {QStringLiteral("step_s"), median(step)},
            {QStringLiteral("state_hash_pool_s"), median(hashPool)},
            {QStringLiteral("state_hash_one_thread_s"), median(hashOne)},
            {QStringLiteral("hash_over_step_pool"), median(hashPool) / median(step)},
            {QStringLiteral("hash_over_step_one_thread"), median(hashOne) / median(step)},
            {QStringLiteral("loop_step_no_hash_s"), median(loopNone)},
            {QStringLiteral("loop_step_background_hash_s"), median(loopBackground)},
            {QStringLiteral("loop_step_inline_pool_hash_s"), median(loopInline)},
            {QStringLiteral("loop_background_hash_over_step"), median(pairedBackground)},
            {QStringLiteral("loop_inline_hash_over_step"), median(pairedInline)},
            {QStringLiteral("loop_step_live_hash_s"), median(loopLive)},
            {QStringLiteral("loop_live_hash_over_step"), median(pairedLive)},
            {QStringLiteral("loop_rounds"), double(pairedInline.size())},
            {QStringLiteral("state_hasher_snapshot_s"), median(snapshot)},
            {QStringLiteral("checkpoint_write_cached_wall_s"), median(ckptWall)},
            {QStringLiteral("checkpoint_write_cached_cpu_s"), median(ckptCpu)},
            {QStringLiteral("state_hasher_snapshot_and_hash_s"), median(background)},
            {QStringLiteral("baseline_blake2b_leaves_one_thread_s"), median(blake2bOne)},
            {QStringLiteral("baseline_blake2b_over_step_one_thread"), median(blake2bOne) / median(step)}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const bool quick = args.contains(QStringLiteral("--quick"));
    int threads = 2;
    qint64 ramMb = 3072; // as `idleforge --ram-checkpoints-mb`
    for (qsizetype i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QStringLiteral("--threads") && i + 1 < args.size() && args.at(i + 1).toInt() > 0)
            threads = args.at(++i).toInt();
        else if (a == QStringLiteral("--ram-mb") && i + 1 < args.size() && args.at(i + 1).toInt() > 0)
            ramMb = args.at(++i).toInt();
        else if (a == QStringLiteral("--rounds") && i + 1 < args.size() && args.at(i + 1).toInt() > 0)
            g_loopRounds = args.at(++i).toInt();
        else if (a == QStringLiteral("--idle")) {
            // As the worker runs (app/worker/LowPriority.cpp): every thread of the process at
            // SCHED_IDLE, the pool's and the live hasher's alike.
#ifdef __linux__
            sched_param lowest{};
            if (::sched_setscheduler(0, SCHED_IDLE, &lowest) != 0)
                std::fputs("--idle: SCHED_IDLE refused\n", stderr);
#endif
        }
        else if (a != QStringLiteral("--quick") && a != QStringLiteral("--hash-only") && a != QStringLiteral("--extras")
                 && a != QStringLiteral("--idle")) {
            std::fputs("usage: BenchAuditCost [--quick] [--hash-only [--rounds N] | --extras [--ram-mb MB]] [--threads N] [--idle]\n"
                       "  prints JSON: audit cost against training (issue 19); --hash-only: the state hash only\n",
                       stderr);
            return a == QStringLiteral("--help") ? 0 : 2;
        }
    }

    task::TemplateOptions d128; // gpt: 2 layers, d=128, 4 heads, context 64, batch 8
    d128.data.size = 1 << 16;
    if (args.contains(QStringLiteral("--hash-only"))) {
        task::TemplateOptions d128b32 = d128; // 4x the tokens a step, the same state
        d128b32.batch = 32;
        const QJsonObject out{{QStringLiteral("issue"), 19}, {QStringLiteral("threads"), threads},
                              {QStringLiteral("state_hash_d128"), hashFigure(d128, threads)},
                              {QStringLiteral("state_hash_d128_batch32"), hashFigure(d128b32, threads)}};
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    if (args.contains(QStringLiteral("--extras"))) {
        const QJsonObject out{{QStringLiteral("issue"), 19}, {QStringLiteral("extras"), extrasFigure(d128, threads, quick, ramMb)}};
        std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    task::TemplateOptions small = d128;
    small.layers = 1;
    small.dModel = 32;
    small.heads = 2;
    small.context = 16;
    small.batch = 4;
    std::vector<TaskCase> cases;
    {
        TaskCase demo{QStringLiteral("gpt L2 d128 ctx64 b8 (the devnet demo's length)"), d128, {10}};
        demo.options.steps = 40;
        TaskCase mid{QStringLiteral("gpt L2 d128 ctx64 b8"), d128, quick ? std::vector<qint64>{2, 10} : std::vector<qint64>{2, 5, 10, 50}};
        mid.options.steps = quick ? 200 : 1000;
        TaskCase longRun{QStringLiteral("gpt L1 d32 ctx16 b4 (a smaller model, so 10,000 steps run in minutes)"), small,
                         quick ? std::vector<qint64>{10} : std::vector<qint64>{5, 10, 100}};
        longRun.options.steps = quick ? 2000 : 10'000;
        cases = {demo, mid, longRun};
    }

    verify::Reputation reputable;
    for (int i = 0; i < 40; ++i)
        reputable.recordAudit(true);

    const auto trainInto = [threads](const verify::TaskContext &ctx, const QString &dir, graph::RunResult *result,
                                     graph::Durability periodic = graph::Durability::Cached,
                                     graph::CheckpointPages pages = graph::CheckpointPages::Dropped) {
        graph::ReproExecutor exec(ctx.graph, threads);
        graph::RunOptions o;
        o.periodicDurability = periodic;
        o.periodicPages = pages;
        o.checkpointDir = QDir(dir).filePath(QStringLiteral("checkpoints-repro")).toStdString();
        o.taskId = ctx.taskId;
        o.shard = ctx.shard;
        const Stamp t0 = Stamp::now();
        *result = graph::runTraining(ctx.graph, exec, o);
        return Stamp::now() - t0;
    };
    QJsonArray rows;
    for (const TaskCase &c : cases) {
        bool first = true;
        for (const qint64 k : c.ks) {
            // The reference (only the final checkpoint) runs right before each k's training, not once
            // a task: this VM drifts 10-30 % within a run, and the checkpoints' extra is the small
            // difference of the two.
            Stamp reference;
            {
                const auto ctx = verify::loadTaskContext(specOf(c.options, c.options.steps)).value();
                QTemporaryDir tmp;
                graph::RunResult r;
                reference = trainInto(ctx, tmp.path(), &r);
            }
            const auto spec = specOf(c.options, k);
            const auto ctx = verify::loadTaskContext(spec).value();
            const qint64 N = ctx.graph.config.steps;
            QTemporaryDir tmp;
            graph::RunResult result;
            const Stamp training = trainInto(ctx, tmp.path(), &result);
            Stamp synced; // the baselines: every periodic checkpoint written in the loop and fsynced,
            Stamp kept;   // and written in the background but its pages left in the page cache
            if (k <= 10 && &c == &cases[1]) { // the 1,000-step task (200 with --quick)
                QTemporaryDir other;
                graph::RunResult again;
                synced = trainInto(ctx, other.path(), &again, graph::Durability::Synced);
                QTemporaryDir third;
                kept = trainInto(ctx, third.path(), &again, graph::Durability::Cached, graph::CheckpointPages::Kept);
            }
            auto run = std::move(verify::GraphRun::open(ctx, tmp.path(), threads).value());
            OneReplayPerSample sequential(*run);
            QJsonArray audits;
            for (const int m : {verify::samplesFor(0.99, 0.10), reputable.samples(N)})
                for (const Variant v : {Variant::Before, Variant::After})
                    audits.append(auditOnce(ctx, v == Variant::Before ? static_cast<verify::RunSource &>(sequential) : *run, m, v, threads,
                                            training, reference));
            if (first) // one replay-mode audit per task, the yardstick of "one replay"
                audits.append(auditOnce(ctx, *run, 1, Variant::Replay, threads, training, reference));
            first = false;
            rows.append(QJsonObject{{QStringLiteral("task"), c.label},
                                    {QStringLiteral("steps"), double(N)},
                                    {QStringLiteral("k"), double(k)},
                                    {QStringLiteral("threads"), threads},
                                    {QStringLiteral("training"), training.json()},
                                    {QStringLiteral("reference_training_final_checkpoint_only"), reference.json()},
                                    {QStringLiteral("training_synced_periodic_checkpoints"), synced.wall > 0 ? synced.json() : QJsonValue()},
                                    {QStringLiteral("training_pages_kept"), kept.wall > 0 ? kept.json() : QJsonValue()},
                                    {QStringLiteral("training_hash_wait_s"), result.hashSeconds},
                                    {QStringLiteral("training_hash_place"), QString::fromStdString(result.hashPlace)},
                                    {QStringLiteral("step_s"), reference.wall / double(N)},
                                    {QStringLiteral("checkpoint_bytes"), double(folderBytes(tmp.path()))},
                                    {QStringLiteral("audits"), audits}});
            std::fprintf(stderr, "done: %s, %lld steps, k=%lld\n", qPrintable(c.label), static_cast<long long>(N), static_cast<long long>(k));
        }
    }
    QJsonObject out{{QStringLiteral("issue"), 19},
                    {QStringLiteral("harness"), QStringLiteral("in-process: GraphRun + AuditSolver + AuditVerifier, as idleforgectl audit")},
                    {QStringLiteral("cost_model_assumed"),
                     QJsonObject{{QStringLiteral("sample_overhead_steps"), verify::kSampleOverheadSteps},
                                 {QStringLiteral("checkpoint_load_steps"), verify::kCheckpointLoadSteps},
                                 {QStringLiteral("replay_step_cost"), verify::kReplayStepCost}}},
                    {QStringLiteral("state_hash_d128"), hashFigure(d128, threads)},
                    {QStringLiteral("rows"), rows}};
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Indented).constData(), stdout);
    return 0;
}
