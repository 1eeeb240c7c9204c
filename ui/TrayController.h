#pragma once
// The tray icon and its menu. Its tooltip and icon follow the node's status; its actions ask
// the application to show the dashboard or quit (it never reaches into the core itself).
#include <QObject>

class QSystemTrayIcon;
class QMenu;
class QAction;

namespace idleforge::node { class NodeService; }

namespace idleforge::ui {

class TrayController : public QObject {
    Q_OBJECT
public:
    explicit TrayController(node::NodeService *node, QObject *parent = nullptr);
    ~TrayController() override;

    void show();
    bool isVisible() const;
    QSystemTrayIcon *trayIcon() const { return m_tray; }
    QMenu *menu() const { return m_menu; }

Q_SIGNALS:
    void openDashboardRequested();
    void quitRequested();

private:
    void updateFromNode();

    node::NodeService *m_node;
    QSystemTrayIcon *m_tray = nullptr;
    QMenu *m_menu = nullptr;
};

} // namespace idleforge::ui
