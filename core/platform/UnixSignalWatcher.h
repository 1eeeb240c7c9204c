#pragma once
// Turns SIGINT/SIGTERM (and SIGHUP) into a Qt signal on the event loop, through a self-pipe,
// so the headless node shuts down cleanly: stop the worker, flush the ledger, exit 0.
#include <QObject>

class QSocketNotifier;

namespace idleforge::platform {

class UnixSignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;
    void watch(int signalNumber);

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace idleforge::platform
