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
// sample it has not answered.
#include "verify/GraphRun.h"
#include "verify/Message.h"
#include "verify/StepRecomputer.h"

#include <vector>

namespace idleforge::verify {

struct AuditSample {
    std::int64_t step = 0;
    bool ok = false;
    QString reason; // why it failed
};

struct AuditReport {
    bool finished = false;
    bool ok = false;
    std::vector<AuditSample> samples;
    std::int64_t totalSteps = 0;
    int recomputed = 0;
    QString failure; // the protocol-level reason when the solver refused or timed out
};

class AuditVerifier {
public:
    // `task` and `recomputer` must outlive this object.
    AuditVerifier(const TaskContext &task, StepRecomputer &recomputer, const Hash256 &seed, int samples, QString game,
                  Limits limits = {});
    std::vector<Message> start();
    Result<std::vector<Message>> handle(const Message &m);
    void onTimeout();
    const AuditReport &report() const { return m_report; }

private:
    enum class State { Start, AwaitCommitment, AwaitOpenings, Done };
    std::vector<Message> finish(const QString &failure = {});
    AuditSample check(const Message &m, std::int64_t t);

    const TaskContext &m_task;
    StepRecomputer &m_recomputer;
    Hash256 m_seed;
    int m_wanted;
    MessageGate m_gate;
    State m_state = State::Start;
    Hash256 m_commitment{};
    std::vector<std::int64_t> m_samples;
    AuditReport m_report;
};

class AuditSolver {
public:
    // `run` must outlive this object.
    AuditSolver(RunSource &run, const Hash256 &taskId, QString game, Limits limits = {});
    Result<std::vector<Message>> handle(const Message &m);
    bool finished() const { return m_state == State::Done; }

private:
    enum class State { AwaitRequest, AwaitChallenge, AwaitResult, Done };
    RunSource &m_run;
    Hash256 m_taskId;
    MessageGate m_gate;
    State m_state = State::AwaitRequest;
    Hash256 m_seedCommit{};
};

} // namespace idleforge::verify
