#include "ReceiptText.h"

namespace idleforge::ui {

QString ReceiptText::kind(const QString &kind)
{
    if (kind == QLatin1String("reward")) return tr("Reward");
    if (kind == QLatin1String("fee")) return tr("Fee");
    if (kind == QLatin1String("stake")) return tr("Stake");
    if (kind == QLatin1String("slash")) return tr("Slash");
    if (kind == QLatin1String("payout")) return tr("Payout");
    return kind;
}

QString ReceiptText::status(const QString &status)
{
    if (status == QLatin1String("pending")) return tr("Pending");
    if (status == QLatin1String("verified")) return tr("Verified");
    if (status == QLatin1String("rejected")) return tr("Rejected");
    return status;
}

} // namespace idleforge::ui
