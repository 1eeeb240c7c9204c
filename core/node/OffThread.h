#pragma once
// Runs `work` on the global thread pool and `done(result)` back on the main thread, unless
// `self` is gone by then. For the node's file I/O and hashing, so the GUI thread never waits.
#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

#include <functional>
#include <memory>

namespace idleforge::node {

template <class T>
void offThread(QObject *self, std::function<T()> work, std::function<void(T)> done)
{
    QThreadPool::globalInstance()->start([guard = QPointer<QObject>(self), work = std::move(work), done = std::move(done)] {
        auto result = std::make_shared<T>(work());
        QMetaObject::invokeMethod(QCoreApplication::instance(), [guard, done, result] {
            if (guard)
                done(std::move(*result));
        }, Qt::QueuedConnection);
    });
}

} // namespace idleforge::node
