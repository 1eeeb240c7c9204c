// The network section's view model: credits in the user's locale from integer micro-credits
// (no floating point: 2^53 + 1 micro-credits keep their last digit), and offline until attached.
#include "CreditsText.h"
#include "NetworkModel.h"

#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace idleforge;

class TestNetworkModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatsCreditsInTheLocale_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<qint64>("micro");
        QTest::addColumn<QString>("text");
        QTest::newRow("C zero") << "C" << qint64(0) << "0.00";
        QTest::newRow("C one micro") << "C" << qint64(1) << "0.000001";
        QTest::newRow("C negative") << "C" << qint64(-1'500'000) << "-1.50";
        QTest::newRow("C trailing zeros to two") << "C" << qint64(1'250'000) << "1.25";
        QTest::newRow("C no zeros kept past two") << "C" << qint64(1'230'400) << "1.2304";
        QTest::newRow("de two decimals") << "de_DE" << qint64(12'000'000'000) << "12.000,00";
        QTest::newRow("en grouping") << "en_US" << qint64(1'234'567'890'123) << "1,234,567.890123";
        QTest::newRow("de comma") << "de_DE" << qint64(1'234'567'890'123) << "1.234.567,890123";
        QTest::newRow("2^53 + 1") << "C" << qint64(9'007'199'254'740'993) << "9007199254.740993";
        QTest::newRow("most negative") << "C" << std::numeric_limits<qint64>::min() << "-9223372036854.775808";
    }
    void formatsCreditsInTheLocale()
    {
        QFETCH(QString, locale);
        QFETCH(qint64, micro);
        QFETCH(QString, text);
        QLocale l(locale);
        l.setNumberOptions(locale == QLatin1String("C") ? QLocale::OmitGroupSeparator : QLocale::DefaultNumberOptions);
        QCOMPARE(ui::formatCreditsLocalized(micro, l), text);
    }

    void offlineUntilAttached()
    {
        ui::NetworkModel m;
        QVERIFY(!m.online());
        QSignalSpy changed(&m, &ui::NetworkModel::changed);
        m.attach(nullptr);
        QCOMPARE(changed.count(), 1);
        QVERIFY(m.networkText().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNetworkModel)
#include "TestNetworkModel.moc"
