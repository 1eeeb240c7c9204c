#pragma once
// The process's file-descriptor limit: raised from the soft to the hard limit at start-up (the
// usual 1024 soft limit is a relic; servers are expected to raise it), and reported so that
// connection caps can leave headroom. A server whose accept() fails for want of a descriptor is
// worse off than one that refuses: Qt 6.4 does not report EMFILE from accept, the listener stays
// readable and the event loop spins at 100 % CPU (measured with ulimit -n 64, issue 13.5).
#include <QtGlobal>

namespace idleforge::platform {

// Raises the soft RLIMIT_NOFILE to the hard one where it is lower; returns the soft limit now
// (a large number for "unlimited").
qint64 raiseDescriptorLimit();

} // namespace idleforge::platform
