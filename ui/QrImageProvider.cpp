#include "QrImageProvider.h"

#include <qrencode.h>

#include <memory>

namespace idleforge::ui {

namespace {
constexpr int kQuietZone = 4;
}

QImage qrImage(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M),
                                                         &QRcode_free);
    if (!code)
        return {};
    const int n = code->width;
    QImage image(n + 2 * kQuietZone, n + 2 * kQuietZone, QImage::Format_Grayscale8);
    image.fill(255);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x)
            if (code->data[y * n + x] & 1) // bit 0: the module is dark
                image.setPixel(x + kQuietZone, y + kQuietZone, qRgb(0, 0, 0));
    return image;
}

QImage QrImageProvider::requestImage(const QString &id, QSize *size, const QSize &requestedSize)
{
    const QImage modules = qrImage(id);
    if (modules.isNull())
        return {};
    const int w = requestedSize.width(), h = requestedSize.height();
    const int want = w > 0 && h > 0 ? qMin(w, h) : w > 0 ? w : h > 0 ? h : 256;
    const int scale = qMax(1, want / modules.width());
    QImage scaled = modules.scaled(modules.size() * scale, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    if (size)
        *size = scaled.size();
    return scaled;
}

} // namespace idleforge::ui
