#pragma once
// The line protocol between the node and idleforge-worker: one JSON object per line.
//
// node -> worker
//   {"type":"job","id":"7","job":"bench","params":{...}}   start a job (one at a time)
//   {"type":"cancel","id":"7"}                               stop that job at its next safe point
//   {"type":"stop"}                                          finish: cancel, checkpoint, exit 0
// worker -> node
//   {"type":"hello","version":"0.2.0","pid":123,"jobs":["bench",...],
//    "priority":{"cpu":"idle","nice":19,"io":"idle"}}   (app/worker/LowPriority.h)
//   {"type":"progress","id":"7","fraction":0.25,"message":"GEMM fp32 on ..."}  (+ job fields)
//   {"type":"result","id":"7","result":{...}}
//   {"type":"error","id":"7","code":"bench.bad_param","message":"..."}  (id absent: line-level)
//   {"type":"bye"}                                           sent just before a graceful exit
// Closing the worker's stdin counts as "stop". Lines are at most kMaxLineBytes.
#include <QJsonObject>
#include <QString>

namespace idleforge::workerproto {

inline constexpr qsizetype kMaxLineBytes = 64 * 1024 * 1024;

inline const QString kJob = QStringLiteral("job");
inline const QString kCancel = QStringLiteral("cancel");
inline const QString kStop = QStringLiteral("stop");
inline const QString kHello = QStringLiteral("hello");
inline const QString kProgress = QStringLiteral("progress");
inline const QString kResult = QStringLiteral("result");
inline const QString kError = QStringLiteral("error");
inline const QString kBye = QStringLiteral("bye");

inline QJsonObject errorMessage(const QString &id, const QString &code, const QString &message)
{
    QJsonObject o{{QStringLiteral("type"), kError}, {QStringLiteral("code"), code},
                  {QStringLiteral("message"), message}};
    if (!id.isEmpty())
        o.insert(QStringLiteral("id"), id);
    return o;
}

} // namespace idleforge::workerproto
