#pragma once
// "image://idleforge-qr/<text>": a QR code of the text (a wallet address: public), encoded by
// libqrencode (error correction M), black modules on white with the standard 4-module quiet
// zone, scaled in whole pixels per module to the requested size (default 256 px).
#include <QQuickImageProvider>

namespace idleforge::ui {

class QrImageProvider : public QQuickImageProvider {
public:
    static constexpr const char *kId = "idleforge-qr";
    QrImageProvider() : QQuickImageProvider(QQuickImageProvider::Image) {}
    QImage requestImage(const QString &id, QSize *size, const QSize &requestedSize) override;
};

// The QR code of `text` with one pixel per module and the quiet zone; a null image when the
// text does not fit a QR code.
QImage qrImage(const QString &text);

} // namespace idleforge::ui
