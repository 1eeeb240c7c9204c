#include "LogCapture.h"

#include <QMutex>

#include <atomic>
#include <cstring>
#include <deque>

namespace idleforge::ui {

namespace {
QtMessageHandler g_previous = nullptr;
std::atomic<bool> g_installed{false};

struct Queue {
    QMutex mutex;
    std::deque<LogLine> lines;
};

Queue &queue()
{
    static Queue *q = new Queue; // never destroyed: messages may come during static destruction
    return *q;
}

void handler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (LogCapture::keeps(type, context.category)) {
        LogLine line{QDateTime::currentDateTime(), type, QString::fromLatin1(context.category ? context.category : "default"),
                     message};
        Queue &q = queue();
        QMutexLocker lock(&q.mutex);
        q.lines.push_back(std::move(line));
        while (q.lines.size() > std::size_t(LogCapture::kQueueLimit))
            q.lines.pop_front();
    }
    if (g_previous)
        g_previous(type, context, message);
}
} // namespace

int levelOf(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg: return 0;
    case QtInfoMsg: return 1;
    case QtWarningMsg: return 2;
    case QtCriticalMsg:
    case QtFatalMsg: return 3;
    }
    return 1;
}

bool LogCapture::keeps(QtMsgType type, const char *category)
{
    if (!category || std::strcmp(category, "default") == 0)
        return type != QtDebugMsg && type != QtInfoMsg;
    return std::strncmp(category, "idleforge.", 10) == 0;
}

void LogCapture::install()
{
    if (g_installed.exchange(true))
        return;
    g_previous = qInstallMessageHandler(handler);
}

bool LogCapture::isInstalled() { return g_installed.load(); }

QList<LogLine> LogCapture::take()
{
    Queue &q = queue();
    QMutexLocker lock(&q.mutex);
    QList<LogLine> out(q.lines.begin(), q.lines.end());
    q.lines.clear();
    return out;
}

} // namespace idleforge::ui
