#pragma once
// The whole dashboard as the app shows it (Main.qml with every view model main.cpp makes) over
// real parts: an in-process devnet coordinator on loopback, a training solver node with its
// ledger and HistoryRecorder and a verifying auditor node (both on the real worker), a
// NodeService that benchmarks on the real worker into that ledger, and a payout wallet
// imported through the Wallet page's model. Used by TestScreenshots (tests/gui/screenshots.sh)
// and by the GUI lag benchmark (tests/bench/gui).
//
//   FullDashboard d;                      // in a QApplication, on an X display
//   if (auto why = d.start(); !why.isEmpty()) fail(why);
//   d.submitTask(60);                     // the solver trains it, the auditor audits it
//   guitest::showPage(d.window(), "earnings");
#include "ActivityModel.h"
#include "DevnetTestUtil.h"
#include "EarningsModel.h"
#include "GuiTestUtil.h"
#include "LogCapture.h"
#include "NetworkModel.h"
#include "OverviewModel.h"
#include "PageModels.h"
#include "StatusModel.h"
#include "WalletModel.h"
#include "base/Paths.h"
#include "devnet/Coordinator.h"
#include "devnet/DevnetApp.h"
#include "ledger/Ledger.h"
#include "node/HistoryRecorder.h"
#include "node/NodeService.h"
#include "node/PolicyDriver.h"
#include "node/ProviderNode.h"
#include "protocol/Envelope.h"
#include "secrets/MemoryStore.h"
#include "settings/Settings.h"
#include "wallet/NodeIdentity.h"

#include <QDir>
#include <QQuickStyle>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

namespace idleforge::test {

class FullDashboard {
public:
    // A public test vector (BIP39), imported as the payout wallet the Wallet page shows.
    static inline const QString kPhrase = QStringLiteral("neither lonely flavor argue grass remind eye tag avocado spot unusual intact");

    struct Side {
        std::unique_ptr<wallet::NodeIdentity> identity = std::make_unique<wallet::NodeIdentity>(wallet::NodeIdentity::generate());
        std::unique_ptr<ledger::Ledger> ledger;
        std::unique_ptr<node::ProviderNode> node;
    };

    FullDashboard() { paths::setDataDir(m_dir.filePath(QStringLiteral("home"))); }
    ~FullDashboard()
    {
        for (Side *s : {m_solver.get(), m_auditor.get()}) {
            if (!s || !s->node)
                continue;
            QSignalSpy stopped(s->node.get(), &node::ProviderNode::stopped);
            s->node->stop();
            if (stopped.isEmpty())
                stopped.wait(30000);
        }
        m_engine.reset(); // the QML goes before the models it shows
    }

    // Empty on success, else why it could not start.
    QString start(bool onboardingDone = true)
    {
        QDir().mkpath(paths::dataDir());
        ui::LogCapture::install(); // the Logs page's source, as main() installs it
        guitest::watchQmlMessages();
        qRegisterMetaType<protocol::Envelope>();
        devnet::DevnetConfig config;
        config.port = 0;
        config.dataDir = m_dir.filePath(QStringLiteral("devnet"));
        config.coordinator.heartbeatMs = 1000;
        config.coordinator.noTaskRetryMs = 200;
        config.sweepMs = 200;
        config.coordinator.stakeGrant = 1'000'000; // as the app's --devnet: 1 credit, staked, per provider
        if (auto started = m_net.start(config, m_devnetKeys); !started)
            return started.error().toString();

        m_settings = std::make_unique<settings::Settings>(settings::Settings::defaultFile());
        if (onboardingDone)
            (void)m_settings->set(QStringLiteral("onboarding_step"), QStringLiteral("100"));
        m_language = guitest::applyScreenshotLanguage();
        if (!m_language.isEmpty())
            (void)m_settings->set(QStringLiteral("language"), m_language);
        // The policy as an idle machine gives it: no input for 20 minutes, nothing else running
        // (one snapshot by hand; its facts thread is not started, so nothing changes it).
        m_policy = std::make_unique<node::PolicyDriver>(*m_settings, node::PolicyDriver::Options{});
        policy::Facts facts;
        facts.inputIdleMs = qint64(20) * 60 * 1000;
        facts.fullscreen = false;
        facts.otherCpuPercent = 3.0;
        facts.cpuTempC = 52.0;
        facts.onBattery = false;
        m_policy->onFacts(facts);
        m_solver = provider(QStringLiteral("solver"), true);
        m_auditor = provider(QStringLiteral("auditor"), false);
        if (!m_solver->ledger)
            return QStringLiteral("no solver ledger");
        m_recorder = std::make_unique<node::HistoryRecorder>(*m_solver->ledger);
        m_recorder->attach(m_solver->node.get());

        node::NodeService::Options nodeOptions;
        nodeOptions.benchmarkTimeScale = 0.05;
        m_nodeService = std::make_unique<node::NodeService>(nodeOptions);
        m_nodeService->setLedger(m_solver->ledger.get());
        makeModels();
        if (QString why = loadWindow(); !why.isEmpty())
            return why;
        m_nodeService->start();
        if (auto r = m_auditor->node->start(); !r)
            return r.error().toString();
        if (auto r = m_solver->node->start(); !r)
            return r.error().toString();
        m_pages->wallet->importPhrase(kPhrase, QString(), false);
        return {};
    }

    // A small GPT task for the solver (`steps` steps); returns its id ("t<N>") or empty. The
    // submitter is granted 1 credit: rewards must add up to no more.
    QString submitTask(qint64 steps, qint64 seed = 1, qint64 reward = 500000)
    {
        auto task = m_net.coordinator().submitTask(devnettest::smallSpec(steps, seed), reward, QStringLiteral("dashboard"));
        return task ? QStringLiteral("t%1").arg(task->id) : QString();
    }

    QQuickWindow *window() const { return m_window; }
    QQmlApplicationEngine &engine() { return *m_engine; }
    devnet::DevnetApp &net() { return m_net; }
    Side &solver() { return *m_solver; }
    node::HistoryRecorder &recorder() { return *m_recorder; }
    node::NodeService &nodeService() { return *m_nodeService; }
    ui::PageModels &pages() { return *m_pages; }
    ui::ActivityModel &activity() { return m_activity; }
    settings::Settings &settings() { return *m_settings; }
    node::PolicyDriver &policy() { return *m_policy; }
    QString language() const { return m_language; }
    QStringList qmlWarnings() const
    {
        QStringList out = guitest::qmlMessages();
        for (const QQmlError &e : m_engineWarnings)
            out << e.toString();
        return out;
    }

private:
    std::unique_ptr<Side> provider(const QString &name, bool train)
    {
        auto s = std::make_unique<Side>();
        if (train)
            if (auto opened = ledger::Ledger::open(ledgerPath(), m_net.key().publicKey()))
                s->ledger = std::move(opened).value();
        node::ProviderOptions o;
        o.url = m_net.url();
        o.coordinatorKey = m_net.key().publicKey();
        o.jobsDir = m_dir.filePath(name + QStringLiteral("/jobs"));
        o.storeDir = m_dir.filePath(name + QStringLiteral("/store"));
        o.workerProgram = qEnvironmentVariable("IDLEFORGE_WORKER");
        o.threads = 1;
        o.minBackoffMs = 100;
        o.trainTasks = train;
        o.name = name;
        s->node = std::make_unique<node::ProviderNode>(*s->identity, o, s->ledger.get());
        return s;
    }
    QString ledgerPath() const { return m_dir.filePath(QStringLiteral("solver.sqlite")); }

    void makeModels()
    {
        m_overview = std::make_unique<ui::OverviewModel>(m_nodeService.get());
        m_status.setPolicy(m_policy.get());
        m_status.setLedger(m_solver->ledger.get());
        m_status.attach(m_solver->node.get());
        m_network.attach(m_solver->node.get());
        m_activity.setLedger(m_solver->ledger.get());
        m_earnings.setLedger(m_solver->ledger.get());
        m_pages = ui::makePageModels(*m_settings, *m_nodeService, ledgerPath(), {&m_walletStore, QStringLiteral("memory")});
    }

    QString loadWindow()
    {
        QQuickStyle::setStyle(QStringLiteral("Fusion"));
        m_engine = std::make_unique<QQmlApplicationEngine>();
        QObject::connect(m_engine.get(), &QQmlEngine::warnings, m_engine.get(), [this](const QList<QQmlError> &w) { m_engineWarnings += w; });
        ui::registerPageSupport(*m_engine);
        QList<std::pair<QString, QObject *>> models{{QStringLiteral("overview"), m_overview.get()}, {QStringLiteral("network"), &m_network},
                                                    {QStringLiteral("status"), &m_status},     {QStringLiteral("activity"), &m_activity},
                                                    {QStringLiteral("earnings"), &m_earnings}};
        const QVariantMap pageProps = m_pages->initialProperties();
        for (auto it = pageProps.begin(); it != pageProps.end(); ++it)
            models.append({it.key(), it.value().value<QObject *>()});
        m_window = guitest::loadMain(*m_engine, models);
        if (!m_window)
            return QStringLiteral("Main.qml did not load");
        m_window->resize(1024, 700);
        m_window->show();
        if (!QTest::qWaitForWindowExposed(m_window))
            return QStringLiteral("the window was not exposed");
        return {};
    }

    QTemporaryDir m_dir;
    secrets::MemoryStore m_devnetKeys;
    secrets::MemoryStore m_walletStore;
    devnet::DevnetApp m_net;
    std::unique_ptr<settings::Settings> m_settings;
    QString m_language;
    std::unique_ptr<node::PolicyDriver> m_policy;
    std::unique_ptr<Side> m_solver, m_auditor;
    std::unique_ptr<node::HistoryRecorder> m_recorder;
    std::unique_ptr<node::NodeService> m_nodeService;
    std::unique_ptr<ui::OverviewModel> m_overview;
    ui::NetworkModel m_network;
    ui::StatusModel m_status;
    ui::ActivityModel m_activity;
    ui::EarningsModel m_earnings;
    std::unique_ptr<ui::PageModels> m_pages;
    std::unique_ptr<QQmlApplicationEngine> m_engine;
    QList<QQmlError> m_engineWarnings;
    QQuickWindow *m_window = nullptr;
};

} // namespace idleforge::test
