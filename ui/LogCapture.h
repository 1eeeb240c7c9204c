#pragma once
// The user-visible activity log's source: a Qt message handler that keeps what IdleForge's own
// categories (idleforge.*) say, plus warnings and errors of the default category, and chains to
// the handler that was installed before (the log format of base/Log.h prints as ever).
//
// The handler may run on any thread; it only appends to a bounded, mutex-guarded queue (the
// oldest lines go first when nobody drains it). LogModel drains it on the GUI thread in batches.
#include <QDateTime>
#include <QList>
#include <QString>

namespace idleforge::ui {

struct LogLine {
    QDateTime time;
    QtMsgType type = QtInfoMsg;
    QString category;
    QString message;
};

// 0 debug, 1 info, 2 warning, 3 error (critical and fatal).
int levelOf(QtMsgType type);

class LogCapture {
public:
    static constexpr int kQueueLimit = 5000;

    // Installs the handler once (later calls do nothing); safe before any QCoreApplication.
    static void install();
    static bool isInstalled();
    // Every line since the last call, oldest first.
    static QList<LogLine> take();
    // Whether a message of this category and type belongs in the activity log.
    static bool keeps(QtMsgType type, const char *category);
};

} // namespace idleforge::ui
