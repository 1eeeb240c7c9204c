#include "CreditsText.h"

#include "base/Credits.h"

#include <QCoreApplication>

namespace idleforge::ui {

QString formatCreditsLocalized(qint64 micro, const QLocale &locale)
{
    return formatCredits(micro, locale.decimalPoint().isEmpty() ? QLatin1Char('.') : locale.decimalPoint().front(),
                         [&locale](quint64 whole) { return locale.toString(whole); });
}

QString creditsText(qint64 micro, const QLocale &locale)
{
    return QCoreApplication::translate("CreditsText", "%1 credits").arg(formatCreditsLocalized(micro, locale));
}

} // namespace idleforge::ui
