#pragma once
// Credits as the pages say them: integer micro-credits in the user's locale (its digit grouping
// and decimal point), never through floating point. The digits are base/Credits.h's
// formatCredits, the one formatter of the whole tree; this is its localized face for ui/.
#include <QLocale>
#include <QString>

namespace idleforge::ui {

// "1,234,567.890123" (en_US), "1.234.567,890123" (de_DE).
QString formatCreditsLocalized(qint64 micro, const QLocale &locale);
// The same with its unit: "1,234.500000 credits".
QString creditsText(qint64 micro, const QLocale &locale = QLocale());

} // namespace idleforge::ui
