#include "WorkerJob.h"

#include "Cli.h"

#include "node/BenchmarkRunner.h"

#include <QCoreApplication>

#include <cstdio>

namespace idleforge::ctl {

int runWorkerJob(node::BenchmarkRunner &runner, const Cli &cli, bool freshLine, const std::function<void()> &start)
{
    int exitCode = 1;
    QObject::connect(&runner, &node::BenchmarkRunner::finished, [&exitCode] { exitCode = 0; });
    QObject::connect(&runner, &node::BenchmarkRunner::failed, [&](const QString &code, const QString &message) {
        if (freshLine)
            std::fputs("\n", stderr);
        cli.fail(QStringLiteral("%1 (%2)").arg(message, code));
        exitCode = 1;
    });
    QObject::connect(&runner, &node::BenchmarkRunner::stopped, QCoreApplication::instance(), &QCoreApplication::quit,
                     Qt::QueuedConnection);
    start();
    QCoreApplication::exec();
    return exitCode;
}

} // namespace idleforge::ctl
