#include "TrayController.h"

#include "Log.h"
#include "node/NodeService.h"

#include <QAction>
#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace idleforge::ui {

TrayController::TrayController(node::NodeService *node, QObject *parent)
    : QObject(parent), m_node(node), m_tray(new QSystemTrayIcon(this)), m_menu(new QMenu)
{
    m_tray->setIcon(QIcon(QStringLiteral(":/idleforge/icons/idleforge.svg")));
    QAction *open = m_menu->addAction(tr("Open dashboard"));
    open->setObjectName(QStringLiteral("openDashboardAction"));
    m_menu->addSeparator();
    QAction *quit = m_menu->addAction(tr("Quit IdleForge"));
    quit->setObjectName(QStringLiteral("quitAction"));
    connect(open, &QAction::triggered, this, &TrayController::openDashboardRequested);
    connect(quit, &QAction::triggered, this, &TrayController::quitRequested);
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason reason) {
        if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
            Q_EMIT openDashboardRequested();
    });
    connect(node, &node::NodeService::statusChanged, this, &TrayController::updateFromNode);
    connect(node, &node::NodeService::benchmarkFinished, this, &TrayController::updateFromNode);
    updateFromNode();
}

TrayController::~TrayController() { delete m_menu; }

void TrayController::show()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable())
        qCWarning(lcUi) << "no system tray available; the dashboard window stays the only way in";
    m_tray->show();
}

bool TrayController::isVisible() const { return m_tray->isVisible(); }

void TrayController::updateFromNode()
{
    QString tip = QStringLiteral("IdleForge: ") + m_node->statusText();
    if (m_node->primaryGflops() > 0)
        tip += QStringLiteral("\n%1: %2 GFLOP/s").arg(m_node->primaryDeviceName()).arg(m_node->primaryGflops(), 0, 'f', 1);
    m_tray->setToolTip(tip);
}

} // namespace idleforge::ui
