#pragma once
// Credits as the pages say them: integer micro-credits in the user's locale (its digit grouping
// and decimal point), never through floating point. The digits are base/Credits.h's
// formatCredits, the one formatter of the whole tree; this is its localized face for ui/.
#include <QLocale>
#include <QString>

namespace idleforge::ui {

// "1,234,567.890123" (en_US), "1.234.567,890123" (de_DE); trailing zeros go down to two
// decimals: "1.50", "0.000005".
QString formatCreditsLocalized(qint64 micro, const QLocale &locale);
// The same with its unit: "1,234.50 credits".
QString creditsText(qint64 micro, const QLocale &locale = QLocale());
// With its sign, for what was earned or lost: "+0.50 credits", "-0.25 credits".
QString signedCreditsText(qint64 micro, const QLocale &locale = QLocale());

} // namespace idleforge::ui
