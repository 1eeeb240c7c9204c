#pragma once
// Where IdleForge keeps its files. Everything lives under one data directory
// (default: QStandardPaths::AppLocalDataLocation, e.g. ~/.local/share/IdleForge), which the
// IDLEFORGE_HOME environment variable or --data-dir overrides (tests use a temporary one).
#include <QString>

namespace idleforge::paths {

void setDataDir(const QString &dir); // empty: back to the default
QString dataDir();                   // created on first use
bool dataDirOverridden();            // by setDataDir() or IDLEFORGE_HOME
QString ledgerFile();                // dataDir()/ledger.sqlite
QString jobsDir();                   // dataDir()/jobs
QString storeDir();                  // dataDir()/store (content-addressed blobs)
QString runtimeSocketName();         // per-user local socket name for single instance/status

// Path of idleforge-worker: IDLEFORGE_WORKER if set, else next to the running binary,
// else the installed libexec/bin location.
QString workerProgram();

} // namespace idleforge::paths
