#pragma once
// Runs the built idleforgectl as a real process and keeps its exit code and output, for tests
// of the command line.
#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>

namespace idleforge::testing {

struct CtlRun {
    int exitCode = -1; // -1: crashed or did not finish in time
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline CtlRun runCtl(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(IDLEFORGE_BIN_DIR "/idleforgectl"), args);
    CtlRun r;
    if (!p.waitForFinished(300000))
        return r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace idleforge::testing
