#include "CreditsText.h"

#include "base/Credits.h"

#include <QCoreApplication>

namespace idleforge::ui {

QString formatCreditsLocalized(qint64 micro, const QLocale &locale)
{
    const QChar point = locale.decimalPoint().isEmpty() ? QLatin1Char('.') : locale.decimalPoint().front();
    QString text = formatCredits(micro, point, [&locale](quint64 whole) { return locale.toString(whole); });
    // Six decimals are exact but hard to read: trailing zeros go, down to two (1.50, 0.000005).
    // The fraction is digits only, so the last decimal point is the one.
    const qsizetype dot = text.lastIndexOf(point);
    qsizetype end = text.size();
    while (end - dot - 1 > 2 && text.at(end - 1) == QLatin1Char('0'))
        --end;
    text.truncate(end);
    return text;
}

QString creditsText(qint64 micro, const QLocale &locale)
{
    return QCoreApplication::translate("CreditsText", "%1 credits").arg(formatCreditsLocalized(micro, locale));
}

QString signedCreditsText(qint64 micro, const QLocale &locale)
{
    const QString number = formatCreditsLocalized(micro, locale);
    return QCoreApplication::translate("CreditsText", "%1 credits").arg(micro > 0 ? locale.positiveSign() + number : number);
}

} // namespace idleforge::ui
