// idleforge-worker: compute process. Spawned by the node per job; speaks JSON lines on
// stdin/stdout (see core/base/WorkerMessages.h); killed to free the machine at once.
#include "LowPriority.h"
#include "WorkerLoop.h"
#include "base/BuildVersion.h"

#include "base/CommandLine.h"

#include <QCoreApplication>
#include <QStringList>

#include <csignal>
#include <cstdio>

namespace {
const char *kUsage =
    "usage: idleforge-worker [--help] [--version]\n"
    "  the compute process of an IdleForge node: the node (idleforge, idleforgectl) starts one per\n"
    "  job and speaks JSON lines with it on stdin/stdout (core/base/WorkerMessages.h); it is not\n"
    "  meant to be run by hand.\n";
} // namespace

int main(int argc, char **argv)
{
    // --help and --version anywhere win, before anything reads stdin (core/base/CommandLine.h).
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    if (idleforge::cli::versionRequested(args)) {
        std::printf("idleforge-worker %s\n", IDLEFORGE_VERSION);
        return 0;
    }
    if (idleforge::cli::helpRequested(args)) {
        std::fputs(kUsage, stdout);
        return 0;
    }
    // Lowest CPU and I/O priority before any thread exists (libtorch's pool inherits it).
    const idleforge::worker::Priority priority = idleforge::worker::lowerOwnPriority();
    std::signal(SIGPIPE, SIG_IGN); // a vanished node shows up as a failed write, not a signal
    QCoreApplication app(argc, argv); // for Qt's string/JSON helpers; no event loop runs
    idleforge::worker::WorkerLoop loop;
    loop.setPriority(priority.toJson());
    const int code = loop.run();
    std::fflush(stdout);
    std::_Exit(code); // skip static destructors of libraries still in use by the reader thread
}
