// idleforge-worker: compute process. Spawned by the node per job; speaks JSON lines on
// stdin/stdout (see core/base/WorkerMessages.h); killed to free the machine at once.
#include "WorkerLoop.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <cstring>

int main(int argc, char **argv)
{
    if (argc > 1 && (std::strcmp(argv[1], "--version") == 0)) {
        std::printf("idleforge-worker %s\n", IDLEFORGE_VERSION);
        return 0;
    }
    std::signal(SIGPIPE, SIG_IGN); // a vanished node shows up as a failed write, not a signal
    QCoreApplication app(argc, argv); // for Qt's string/JSON helpers; no event loop runs
    idleforge::worker::WorkerLoop loop;
    const int code = loop.run();
    std::fflush(stdout);
    std::_Exit(code); // skip static destructors of libraries still in use by the reader thread
}
