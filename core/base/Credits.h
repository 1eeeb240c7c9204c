#pragma once
// Credits are integers of micro-credits everywhere (the ledger's "never floating point" rule);
// this is the one place they become text. 1234567 -> "1.234567", -5 -> "-0.000005".
#include <QString>

#include <cstdint>
#include <functional>

namespace idleforge {

inline constexpr qint64 kMicroPerCredit = 1'000'000;

// `decimalPoint` and `groupWhole` (the integer part, already grouped for a locale) let the UI
// localise the text without floating point; the defaults give the C form used in CSV and logs.
inline QString formatCredits(qint64 micro, QChar decimalPoint = QLatin1Char('.'),
                             const std::function<QString(quint64)> &groupWhole = {})
{
    const quint64 magnitude = micro < 0 ? quint64(0) - quint64(micro) : quint64(micro);
    const quint64 whole = magnitude / quint64(kMicroPerCredit);
    return (micro < 0 ? QStringLiteral("-") : QString()) + (groupWhole ? groupWhole(whole) : QString::number(whole)) + decimalPoint +
           QStringLiteral("%1").arg(magnitude % quint64(kMicroPerCredit), 6, 10, QLatin1Char('0'));
}

} // namespace idleforge
