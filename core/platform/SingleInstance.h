#pragma once
// One IdleForge per user and data directory. The first instance listens on a local socket;
// a later one connects, sends its request ("raise") and exits, and the first one raises its
// window. A stale socket left by a crashed instance is detected and replaced.
#include <QObject>

class QLocalServer;

namespace idleforge::platform {

class SingleInstance : public QObject {
    Q_OBJECT
public:
    explicit SingleInstance(QString name, QObject *parent = nullptr);
    ~SingleInstance() override;

    // True when this process is now the primary instance. False when another instance answered;
    // `message` was then delivered to it.
    bool claim(const QByteArray &message = QByteArrayLiteral("raise"));

Q_SIGNALS:
    void messageReceived(const QByteArray &message);

private:
    QString m_name;
    QLocalServer *m_server = nullptr;
};

} // namespace idleforge::platform
