#pragma once
// idleforge's command line, parsed once for both faces (dashboard and --headless).
#include "NetworkSession.h"
#include "node/NodeService.h"

#include <QStringList>

namespace idleforge::app {

struct AppOptions {
    bool headless = false;
    bool minimized = false;
    node::NodeService::Options node;
    NetworkOptions network;
};

// Prints help or the version and exits 0 for --help/--version; prints the error and exits 2
// for a bad value (QCommandLineParser's convention). Sets the data dir when --data-dir is given.
AppOptions parseAppOptions(const QStringList &arguments);

// True when the command line needs no display: --headless, and --help/--version, which must
// print and exit 0 on a machine without one (no Qt GUI platform plugin is loaded for them).
bool runsWithoutDisplay(int argc, char **argv);

} // namespace idleforge::app
