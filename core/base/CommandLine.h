#pragma once
// The rule every binary follows for --help and --version: asked for anywhere among the
// arguments (before a "--" that ends the options), they win over everything else, bad options
// included, and nothing else runs: no file is created, no worker started, nothing read.
#include <QStringList>

namespace idleforge::cli {

bool helpRequested(const QStringList &args);    // --help or -h
bool versionRequested(const QStringList &args); // --version

} // namespace idleforge::cli
