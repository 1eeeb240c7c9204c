#pragma once
// idleforgectl subcommands. Each lives in its own <Name>Command.cpp, takes the arguments after
// its name (argv[0] is the subcommand name) and returns the process exit code:
// 0 success, 1 the operation failed, 2 bad usage.
#include <QStringList>

namespace idleforge::ctl {

int runAudit(const QStringList &args);
int runBench(const QStringList &args);
int runDispute(const QStringList &args);
int runDevices(const QStringList &args);
int runTask(const QStringList &args);
int runWallet(const QStringList &args);
int runDevnet(const QStringList &args);
int runStatus(const QStringList &args);
int runConfig(const QStringList &args);
int runPause(const QStringList &args);
int runResume(const QStringList &args);

} // namespace idleforge::ctl
