#pragma once
// The words for a receipt's kind and status (protocol/Receipt.h), shared by the Activity and
// Earnings pages so each is translated once.
#include <QCoreApplication>
#include <QString>

namespace idleforge::ui {

class ReceiptText {
    Q_DECLARE_TR_FUNCTIONS(ReceiptText)
public:
    static QString kind(const QString &kind);     // "Reward", "Fee", "Stake", "Slash", "Payout"
    static QString status(const QString &status); // "Pending", "Verified", "Rejected"
};

} // namespace idleforge::ui
