// The first-run guide on the real display with the real keyring and a real benchmark: every
// step through its own buttons, the wallet created in the guide (its three words asked back),
// the benchmark's progress, idle preferences and autostart stored, resumed where it was left,
// and never shown again once done.
#include "OnboardingModel.h"
#include "PageHarness.h"
#include "SettingsModel.h"
#include "WalletModel.h"
#include "node/NodeService.h"
#include "secrets/KeychainStore.h"
#include "settings/Settings.h"
#include "wallet/WalletVault.h"

#include <QApplication>
#include <QSignalSpy>
#include <QtQml/qqmlextensionplugin.h>

Q_IMPORT_QML_PLUGIN(IdleForgePlugin)

using namespace idleforge;

class TestOnboarding : public QObject {
    Q_OBJECT
    QString m_service;
    std::unique_ptr<secrets::KeychainStore> m_store;
    std::unique_ptr<settings::Settings> m_settings;

    static bool clickNamed(test::PageHarness &page, const QString &name)
    {
        QQuickItem *i = nullptr;
        [&] { QTRY_VERIFY_WITH_TIMEOUT((i = page.find(name)) && i->isVisible() && i->isEnabled(), 10000); }();
        if (!i)
            return false;
        page.click(i);
        return true;
    }
    static QString textOf(test::PageHarness &page, const QString &name)
    {
        QQuickItem *i = page.find(name);
        return i ? i->property("text").toString() : QStringLiteral("<no %1>").arg(name);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(test::prepareDisplay(), "no X display: GUI tests need Xvfb (tests/with-test-env.sh)");
        QVERIFY2(!qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").isEmpty(), "no session bus: run under tests/with-test-env.sh");
        QFile::remove(wallet::WalletInfo::infoFile());
        QDir().mkpath(QFileInfo(wallet::WalletInfo::infoFile()).path());
        m_service = QStringLiteral("IdleForgeTestOnboarding-%1").arg(QCoreApplication::applicationPid());
        m_store = std::make_unique<secrets::KeychainStore>(m_service);
        m_settings = settings::Settings::temporary();
    }

    void throughEveryStepThenNeverAgain()
    {
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        opts.benchmarkTimeScale = 0.05;
        node::NodeService node(opts);
        ui::WalletModel wallet(*m_store, QStringLiteral("keychain"));
        ui::SettingsModel settingsModel(*m_settings);
        ui::OnboardingModel guide(*m_settings, &node, &wallet, &settingsModel);
        QVERIFY(guide.shouldShow());
        QCOMPARE(guide.step(), 0);
        auto page = std::make_unique<test::PageHarness>(QStringLiteral("Onboarding"), QStringLiteral("onboarding"), &guide);
        QVERIFY2(page->ok(), qPrintable(page->errors().join(u'\n')));
        QCOMPARE(textOf(*page, QStringLiteral("onboardingStepLabel")), guitest::shown("Onboarding", "Step %1 of %2").arg(1).arg(6));
        page->shot(QStringLiteral("onboarding-1-welcome"));

        // Wallet: created here, under the real keyring.
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(guide.step(), 1);
        QTRY_VERIFY(wallet.loaded());
        QCOMPARE(textOf(*page, QStringLiteral("onboardingNext")), guitest::shown("Onboarding", "Skip this step"));
        QSignalSpy phrase(&wallet, &ui::WalletModel::phraseReady);
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingCreateWallet")));
        QTRY_COMPARE(phrase.count(), 1);
        page->shot(QStringLiteral("onboarding-2-phrase"));
        const QStringList words = phrase.first().at(0).toStringList();
        const QList<int> asked = phrase.first().at(1).value<QList<int>>();
        QCOMPARE(words.size(), 24);
        QVERIFY(clickNamed(*page, QStringLiteral("phraseWrittenButton")));
        for (int i = 0; i < asked.size(); ++i) {
            QQuickItem *field = nullptr;
            QTRY_VERIFY((field = page->find(QStringLiteral("askedWord_%1").arg(i))));
            field->setProperty("text", words.at(asked.at(i)));
        }
        QSignalSpy finished(&wallet, &ui::WalletModel::finished);
        QVERIFY(clickNamed(*page, QStringLiteral("confirmCreateButton")));
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(wallet.errorText()));
        QVERIFY(wallet::WalletVault(*m_store).hasPayout()); // in the keyring
        QTRY_VERIFY(textOf(*page, QStringLiteral("onboardingWalletText")).contains(wallet.address()));
        QTRY_COMPARE(textOf(*page, QStringLiteral("onboardingNext")), guitest::shown("Onboarding", "Next"));
        page->shot(QStringLiteral("onboarding-2-wallet"));
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(guide.step(), 2);

        // Closed half-way: a new guide on the same settings resumes at the benchmark.
        page.reset();
        page = std::make_unique<test::PageHarness>(QStringLiteral("Onboarding"), QStringLiteral("onboarding"), &guide);
        QVERIFY(page->ok());
        QCOMPARE(settings::Settings(m_settings->file()).value(QStringLiteral("onboarding_step")).toLongLong(), 2);
        QCOMPARE(textOf(*page, QStringLiteral("onboardingStepLabel")), guitest::shown("Onboarding", "Step %1 of %2").arg(3).arg(6));

        // Benchmark with progress (the real worker).
        node.start();
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingRunBenchmark")));
        QTRY_VERIFY_WITH_TIMEOUT(page->find(QStringLiteral("onboardingBenchmarkProgress"))->isVisible(), 20000);
        // Shot once it has moved (the run is short here: IDLEFORGE_BENCH_TIME_SCALE).
        if (QTest::qWaitFor([&] { return guide.benchmarkProgress() > 0 || !guide.benchmarking(); }, 20000) && guide.benchmarking())
            page->shot(QStringLiteral("onboarding-3-benchmark"));
        QTRY_VERIFY_WITH_TIMEOUT(guide.hasBenchmark() && !guide.benchmarking(), 120000);
        QTRY_VERIFY(textOf(*page, QStringLiteral("onboardingBenchmarkText")).contains(QLatin1String("GFLOP/s")));
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(guide.step(), 3);

        // Idle preferences: a bad value says why and stores nothing, a good one is stored.
        QQuickItem *idle = page->find(QStringLiteral("onboardingIdleMinutes"));
        QVERIFY(idle);
        page->type(idle, QStringLiteral("0"));
        QTRY_VERIFY(!textOf(*page, QStringLiteral("onboardingIdleError")).isEmpty());
        QCOMPARE(m_settings->value(QStringLiteral("idle_minutes")).toDouble(), 5.0);
        page->type(idle, QStringLiteral("12"));
        QTRY_COMPARE(m_settings->value(QStringLiteral("idle_minutes")).toDouble(), 12.0);
        page->shot(QStringLiteral("onboarding-4-idle"));
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(guide.step(), 4);

        // Autostart off.
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingAutostart")));
        QTRY_COMPARE(m_settings->value(QStringLiteral("autostart")).toBool(), false);
        page->shot(QStringLiteral("onboarding-5-autostart"));
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(guide.step(), 5);

        QSignalSpy completed(&guide, &ui::OnboardingModel::completed);
        QCOMPARE(textOf(*page, QStringLiteral("onboardingNext")), guitest::shown("Onboarding", "Open the dashboard"));
        page->shot(QStringLiteral("onboarding-6-done"));
        QVERIFY(clickNamed(*page, QStringLiteral("onboardingNext")));
        QTRY_COMPARE(completed.count(), 1);
        QVERIFY(!guide.shouldShow());
        ui::OnboardingModel again(*m_settings, &node, &wallet, &settingsModel);
        QVERIFY(!again.shouldShow());
        QVERIFY2(page->errors().isEmpty(), qPrintable(page->errors().join(u'\n')));

        page.reset();
        QSignalSpy stopped(&node, &node::NodeService::stopped);
        node.shutdown();
        QVERIFY(stopped.wait(10000));
    }

    void skippingTheGuideEndsIt()
    {
        auto s = settings::Settings::temporary();
        node::NodeService::Options opts;
        opts.benchmarkOnStart = false;
        node::NodeService node(opts);
        ui::WalletModel wallet(*m_store, QStringLiteral("keychain"));
        ui::SettingsModel settingsModel(*s);
        ui::OnboardingModel guide(*s, &node, &wallet, &settingsModel);
        test::PageHarness page(QStringLiteral("Onboarding"), QStringLiteral("onboarding"), &guide);
        QVERIFY(page.ok());
        QVERIFY(clickNamed(page, QStringLiteral("onboardingSkipAll")));
        QTRY_VERIFY(!guide.shouldShow());
        QCOMPARE(s->value(QStringLiteral("onboarding_step")).toLongLong(), qint64(ui::OnboardingModel::kDone));
    }

    void cleanupTestCase()
    {
        if (m_store) {
            (void)secrets::removeNow(*m_store, wallet::kPayoutSecretName);
            (void)secrets::removeNow(*m_store, wallet::kIdentitySecretName);
        }
    }
};

QTEST_MAIN(TestOnboarding)
#include "TestOnboarding.moc"
