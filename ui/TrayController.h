#pragma once
// The tray icon and its menu. The icon says what the node is doing (earning, waiting for idle,
// paused, a game detected, an error) and the tooltip why ("Paused: Game running: cs2.exe"), both
// from the policy's decision (node/PolicyDriver.h) and the node's status. The menu: a status
// line, Pause for 1 hour, Pause until resumed, Resume, Open dashboard, Quit. Pausing goes to the
// policy; showing the dashboard and quitting are asked of the application.
//
// Notifications (tray messages): when work starts after the PC became idle, and when it pauses
// for a game; each kind at most once per kNotifyEveryMs, and none while notificationsOn() says no
// (the `notifications` setting). notify() shows the network's news (RewardNotifier) under the
// same setting.
#include <QObject>
#include <QString>

#include "policy/PolicyEngine.h"

#include <functional>

class QSystemTrayIcon;
class QMenu;
class QAction;

namespace idleforge::node {
class NodeService;
class PolicyDriver;
}

namespace idleforge::ui {

class TrayController : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kPauseForMs = 3'600'000;
    static constexpr qint64 kNotifyEveryMs = 10 * 60'000;

    explicit TrayController(node::NodeService *node, QObject *parent = nullptr);
    ~TrayController() override;

    // Follows the policy from now on: icon, tooltip, and the pause and resume actions.
    void setPolicy(node::PolicyDriver *policy);
    void setNotificationsOn(std::function<bool()> on) { m_notificationsOn = std::move(on); }
    // A tray message (RewardNotifier's, rate-limited there), unless notificationsOn() says no.
    void notify(const QString &title, const QString &text);
    void show();
    bool isVisible() const;
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QMenu *menu() const { return m_menu; }
    // "earning", "waiting", "paused", "game" or "error": which icon is up.
    QString iconState() const { return m_iconState; }

protected:
    bool event(QEvent *e) override; // LanguageChange: the menu and the tooltip in the new language

Q_SIGNALS:
    void openDashboardRequested();
    void quitRequested();
    void notified(const QString &title, const QString &text); // a message was shown

private:
    void update();
    void retranslate();
    void setIconState(const QString &state);
    void notifyOnChange(policy::State from, const policy::Decision &now);

    node::NodeService *m_node;
    node::PolicyDriver *m_policy = nullptr;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
    QAction *m_status = nullptr;
    QAction *m_pauseHour = nullptr;
    QAction *m_pauseUntil = nullptr;
    QAction *m_resume = nullptr;
    QAction *m_open = nullptr;
    QAction *m_quit = nullptr;
    QString m_iconState;
    std::function<bool()> m_notificationsOn = [] { return true; };
    policy::State m_lastState = policy::State::WaitingForIdle;
    qint64 m_lastStartNoticeMs = 0, m_lastGameNoticeMs = 0;
};

} // namespace idleforge::ui
