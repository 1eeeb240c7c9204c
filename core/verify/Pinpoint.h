#pragma once
// The graph-based pinpoint game (DESIGN.md, "Verification" 2) between parties "a" and "b"
// with the coordinator as "referee". Messages (referee -> both parties, both answer):
//
//   pinpoint.hello           {task_id, steps}        -> pinpoint.commitment {commitment, count}
//   pinpoint.step_children   {level, index}          -> pinpoint.step_nodes {left, right?}
//   pinpoint.step_open       {step: j}               -> pinpoint.step_opening {next, next_proof, prev?, prev_proof?}
//   pinpoint.trace           {step: t}               -> pinpoint.trace_root {root, count}
//   pinpoint.trace_children  {level, index}          -> pinpoint.trace_nodes {left, right?}
//   pinpoint.node_open       {node: i}               -> pinpoint.node_opening {leaf, leaf_proof, tensors,
//                                                        sources:[...]} + blob (the node's inputs)
//   pinpoint.verdict         {winner, ...}           (no answer)
//   a party may answer anything with pinpoint.refuse {reason}: refusing loses.
//
// 1. Steps: the referee walks down both parties' run-commitment trees (Merkle roots over
//    h_0..h_N) to the leftmost leaf j where they differ, checking at every round that the two
//    children a party reveals hash to the node it claimed before. Then h_{j-1} (agreed) and h_j
//    are opened against the commitments: the dispute is step t = j-1 (j = 0 means s_0 itself,
//    which the referee computes from the spec). ceil(log2(N+1)) rounds at most.
// 2. Nodes: both replay step t and commit to a trace root over M+1 leaves (RunSource.h); the
//    same walk finds the first differing leaf i.
// 3. One op: each party opens node i's inputs, each checked against what is agreed: s_t leaves
//    by Merkle proof against h_t, earlier nodes' outputs by their output leaves and a proof
//    against the party's trace root, the batch against the referee's own, gradients against
//    zero. The referee runs node i alone on the repro kernels (i = M: assembles s_{t+1} and
//    hashes it) and the party whose leaf matches wins. Failing a check, refusing, answering
//    out of turn or timing out (onTimeout) loses.
#include "verify/GraphRun.h"
#include "verify/MerkleLevels.h"
#include "verify/Message.h"

#include <array>
#include <memory>
#include <optional>

namespace idleforge::verify {

class PinpointParty {
public:
    // `run` and `task` must outlive this object. `name` is "a" or "b".
    PinpointParty(QString name, RunSource &run, const TaskContext &task, QString game, Limits limits = {});
    Result<std::vector<Message>> handle(const Message &m);
    bool finished() const { return m_state == State::Done; }

private:
    enum class State { Idle, Steps, Opened, Traced, Final, Done };
    Result<Message> answer(const Message &m);
    Result<QJsonObject> nodeOpening(int node, QByteArray &blob);
    QString m_name;
    RunSource &m_run;
    const TaskContext &m_task;
    MessageGate m_gate;
    State m_state = State::Idle;
    std::unique_ptr<MerkleLevels> m_stateTree;
    std::int64_t m_step = -1;
    std::optional<StepReplay> m_trace;
    std::unique_ptr<MerkleLevels> m_traceTree;
};

struct PinpointOutcome {
    bool finished = false;
    bool dispute = true;
    QString winner;         // "a", "b" or "none"
    QString reason;
    std::int64_t step = -1; // the disputed step t (s_t -> s_t+1); -1 for s_0 itself
    // Each party's h_{t+1} (a, b), opened against its commitment: who made the claim that lost
    // can be traced (a run resumed from another provider's checkpoint carries its h_0..h_k).
    std::array<Hash256, 2> claimedNext{};
    int node = -1;          // index in the step's plan; M = the state_commit pseudo-node
    QString op;
    QString nodeName;
    int stepRounds = 0;     // bisection rounds over steps
    int nodeRounds = 0;     // bisection rounds over the trace
    int refereeOps = 0;     // ops the referee recomputed
    double refereeSeconds = 0; // time in that recomputation
    qint64 refereeBytes = 0;   // input bytes the referee received for it
};

class PinpointReferee {
public:
    // `task` must outlive this object.
    PinpointReferee(const TaskContext &task, QString game, Limits limits = {});
    ~PinpointReferee();
    std::vector<Message> start();
    Result<std::vector<Message>> handle(const Message &m);
    // A party that still owes an answer loses.
    std::vector<Message> onTimeout();
    const PinpointOutcome &outcome() const { return m_outcome; }
    // Parties the referee is waiting for ("a", "b").
    QStringList awaiting() const;

private:
    enum class Phase { Commit, StepWalk, StepOpen, Trace, TraceWalk, NodeOpen, Done };
    struct Walk {
        std::vector<std::uint64_t> widths;
        int level = 0;
        std::uint64_t index = 0;
        std::array<Hash256, 2> node{};
    };
    std::vector<Message> request(const QString &type, const QJsonObject &body);
    using Answers = std::array<Message, 2>;
    std::vector<Message> advance();
    std::optional<std::vector<Message>> judge(const std::array<QString, 2> &err);
    std::vector<Message> onCommit(const Answers &ans);
    std::vector<Message> onChildren(const Answers &ans);
    std::vector<Message> onStepOpen(const Answers &ans);
    std::vector<Message> ruleOnInitialState();
    std::vector<Message> onTrace(const Answers &ans);
    std::vector<Message> continueWalk();
    std::vector<Message> walkNext(Walk &w, const QString &type, int &rounds);
    std::vector<Message> verdict(const QString &winner, const QString &reason);
    std::vector<Message> lose(int party, const QString &reason);
    Result<void> validate(const Message &m) const;
    QString checkOpening(int party, const Message &m) const;
    std::vector<Message> rule();
    const std::vector<graph::ReproExecutor::NodeInfo> &refereePlan() const;
    graph::ReproExecutor &refereeExecutor() const;
    const graph::Batch &refereeBatch() const;
    bool refereeWalkedTrace() const;

    struct Impl;
    std::unique_ptr<Impl> d;
    const TaskContext &m_task;
    MessageGate m_gate;
    Phase m_phase = Phase::Commit;
    std::array<std::optional<Message>, 2> m_answers;
    std::array<Hash256, 2> m_commitment{};
    std::array<Hash256, 2> m_traceRoot{};
    std::array<Hash256, 2> m_next{}; // h_{t+1} each claims
    Hash256 m_agreed{};              // h_t
    Walk m_walk;
    PinpointOutcome m_outcome;
};

} // namespace idleforge::verify
