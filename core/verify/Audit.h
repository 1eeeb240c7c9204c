#pragma once
// The sampling audit as two state machines (DESIGN.md, "Verification" 1):
//
//   verifier -> solver  audit.request    {task_id, seed_commit}        H(seed), before any commitment
//   solver -> verifier  audit.commitment {commitment, steps}           the run commitment
//   verifier -> solver  audit.challenge  {seed, samples:[t...]}        the seed revealed; samples
//                                                                      = drawSamples(seed, commitment)
//   solver -> verifier  audit.opening    {step, state_hash, state_proof, next_hash, next_proof,
//                                         tensors:[...]} + blob s_t    one per sample, in order
//   verifier -> solver  audit.result     {ok, samples:[{step, ok}]}
//   either side         audit.refuse     {reason}                      gives up; refusing loses
//
// The verifier checks both Merkle openings against the commitment (count N+1), H(s_t) = h_t,
// recomputes the step and compares with h_{t+1}. A solver that refuses or times out fails every
// sample it has not answered. The solver serves all samples of one checkpoint interval with one
// replay (RunSource::forEachState).
//
// Replay mode, where sampling would cost more than re-running the whole run (replayCostsLess:
// short tasks, m close to N; AuditMode::Auto decides after the draw, so neither side can steer it):
//   verifier -> solver  audit.challenge  {seed, samples:[], replay:true}
//   solver -> verifier  audit.hashes     {count: N+1} + blob h_0..h_N (32 bytes each)
//   verifier -> solver  audit.result     {ok, samples:[{step, ok}]}   the drawn samples before the
//                                                                      first failing step, and that step
// The verifier checks merkleRoot(h_0..h_N) = commitment, H(s_0) = h_0, then steps from s_0 and
// compares every h_{t+1}; it stops at the first mismatch (that step fails; the audit fails and the
// coordinator opens the pinpoint game as for a failed sample). Nothing is served, every step is
// checked: detection is certain, the cost is one replay. The replay runs inside handle(): a
// caller that must yield the machine quickly (GameRelay, when the user returns) waits for it.
#include "verify/GraphRun.h"
#include "verify/Message.h"
#include "verify/StepRecomputer.h"
#include "verify/Tensors.h"

#include <functional>
#include <vector>

namespace idleforge::verify {

struct AuditSample {
    std::int64_t step = 0;
    bool ok = false;
    QString reason; // why it failed
};

enum class AuditMode { Auto, Sample, Replay };

struct AuditReport {
    bool finished = false;
    bool ok = false;
    bool replayed = false;              // replay mode: samples = the drawn ones it passed + the failing step
    std::vector<AuditSample> samples;
    std::int64_t totalSteps = 0;
    int recomputed = 0;
    std::int64_t servingSteps = 0;      // steps the solver replayed to serve (servingSteps())
    QString failure; // the protocol-level reason when the solver refused or timed out
};

class AuditVerifier {
public:
    // `task` and `recomputer` must outlive this object.
    AuditVerifier(const TaskContext &task, StepRecomputer &recomputer, const Hash256 &seed, int samples, QString game,
                  Limits limits = {});
    // Auto (the default): replay mode where replayCostsLess(N, k, samples), else sampling.
    void setMode(AuditMode mode) { m_mode = mode; }
    std::vector<Message> start();
    Result<std::vector<Message>> handle(const Message &m);
    void onTimeout();
    const AuditReport &report() const { return m_report; }

private:
    enum class State { Start, AwaitCommitment, AwaitOpenings, Done };
    std::vector<Message> finish(const QString &failure = {});
    // `tensors`: where the opening's state lies in its blob (handle() checked the list).
    AuditSample check(const Message &m, std::int64_t t, const std::vector<WireSlice> &tensors);
    Result<std::vector<Message>> replayRun(const Message &m);

    const TaskContext &m_task;
    StepRecomputer &m_recomputer;
    Hash256 m_seed;
    int m_wanted;
    AuditMode m_mode = AuditMode::Auto;
    bool m_replay = false;
    MessageGate m_gate;
    State m_state = State::Start;
    Hash256 m_commitment{};
    std::vector<std::int64_t> m_samples;
    graph::TrainState m_served; // the last opening's s_t: each sample's is copied into its buffers
    AuditReport m_report;
};

class AuditSolver {
public:
    // `run` must outlive this object.
    AuditSolver(RunSource &run, const Hash256 &taskId, QString game, Limits limits = {});
    // Where the openings go as they are made, from inside handle(audit.challenge): the node's
    // relay uploads one while the next is replayed, so the solver holds a window of states, not
    // all m (246 MB for m = 44 of the 5.6 MB d128 state). The sink may wait; false means they can
    // no longer be sent (the relay closes): serving stops there and handle() returns nothing.
    // A refusal for a state that cannot be served then follows the openings already sent. With no
    // sink, handle() returns every opening at once and a refusal is the only message.
    using Sink = std::function<bool(Message)>;
    void setSink(Sink sink) { m_sink = std::move(sink); }
    Result<std::vector<Message>> handle(const Message &m);
    bool finished() const { return m_state == State::Done; }

private:
    enum class State { AwaitRequest, AwaitChallenge, AwaitResult, Done };
    std::vector<Message> refuse(const QString &why);
    // The openings of the sampled states (one replay per checkpoint interval), or a refusal.
    std::vector<Message> serve(const std::vector<std::int64_t> &samples, const std::vector<Hash256> &hashes);
    RunSource &m_run;
    Hash256 m_taskId;
    MessageGate m_gate;
    Sink m_sink;
    QByteArray m_blob; // the streamed openings' state bytes, shared with the last one sent
    State m_state = State::AwaitRequest;
    Hash256 m_seedCommit{};
};

} // namespace idleforge::verify
