#pragma once
// In-process drivers: deliver every message to its addressee until nothing is left, count
// messages and bytes, and turn silence into a timeout (the party owing an answer loses). The
// network layer replaces this with real transport and deadlines; the machines do not change.
#include "verify/Audit.h"
#include "verify/Pinpoint.h"

#include <functional>

namespace idleforge::verify {

struct Traffic {
    int messages = 0;
    qint64 bytes = 0;
    QStringList rejected; // "<to>: <code>: <message>" for every message a machine refused
};

// Optional hook between send and delivery (tests tamper with, drop or duplicate messages).
// Returns the messages to deliver instead of `m` (empty: dropped).
using Tamper = std::function<std::vector<Message>(const Message &m)>;

// The solver's openings go to the verifier one by one as they are made (runAudit sets the solver's
// sink for the game, and clears it after).
Traffic runAudit(AuditVerifier &verifier, AuditSolver &solver, const Tamper &tamper = {});
Traffic runPinpoint(PinpointReferee &referee, PinpointParty &a, PinpointParty &b, const Tamper &tamper = {});

} // namespace idleforge::verify
