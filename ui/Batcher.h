#pragma once
// One model update per interval, however many core signals ask for it. request() (or a signal
// followed with follow()) starts a single-shot timer unless one runs; when it fires, the update
// runs once. So a burst of ledger changes or status steps costs one refresh, at most
// `intervalMs` late. poll() is the other mode, for a source without signals (LogCapture's
// queue): the update then runs every interval until the Batcher goes.
//
// The update runs on the Batcher's thread (the GUI thread for the view models); it must not
// block (the models read the ledger with readAsync).
#include <QObject>
#include <QTimer>

#include <functional>

namespace idleforge::ui {

class Batcher : public QObject {
    Q_OBJECT
public:
    Batcher(int intervalMs, std::function<void()> update, QObject *parent = nullptr);

    // The update runs once, at most intervalMs from now (or with the one already due).
    void request();
    // Every emission of `signal` is a request(); following the same signal twice counts once.
    template<typename Sender, typename Signal>
    void follow(const Sender *sender, Signal signal)
    {
        connect(sender, signal, this, &Batcher::request, Qt::UniqueConnection);
    }
    // Stops following every signal of `sender` (null: nothing to do).
    void unfollow(const QObject *sender);
    // Runs the update every interval from now on, requested or not.
    void poll();
    // Whether an update is due (requested and not yet run, or polling).
    bool pending() const { return m_timer.isActive(); }
    int intervalMs() const { return m_timer.interval(); }

Q_SIGNALS:
    void updated(); // after each run of the update (tests)

private:
    void run();

    QTimer m_timer;
    std::function<void()> m_update;
};

} // namespace idleforge::ui
