#include "OnboardingModel.h"

#include "HardwareModel.h"
#include "Log.h"
#include "node/NodeService.h"
#include "settings/Settings.h"

#include <QLocale>

namespace idleforge::ui {

namespace {
const QString kKey = QStringLiteral("onboarding_step");
}

OnboardingModel::OnboardingModel(settings::Settings &settings, node::NodeService *node, QObject *wallet,
                                 QObject *settingsModel, QObject *parent)
    : QObject(parent), m_settings(settings), m_node(node), m_wallet(wallet), m_settingsModel(settingsModel)
{
    connect(&m_settings, &settings::Settings::changed, this, [this](const QString &key) {
        if (key == kKey)
            Q_EMIT stepChanged();
    });
    connect(node, &node::NodeService::statusChanged, this, &OnboardingModel::benchmarkChanged);
    connect(node, &node::NodeService::benchmarkProgressChanged, this, &OnboardingModel::benchmarkChanged);
    connect(node, &node::NodeService::benchmarkFinished, this, &OnboardingModel::benchmarkChanged);
}

int OnboardingModel::step() const
{
    const int stored = int(m_settings.value(kKey).toLongLong());
    return stored >= kDone ? int(Finished) : qBound(0, stored, int(Finished));
}

bool OnboardingModel::shouldShow() const { return m_settings.value(kKey).toLongLong() < kDone; }

QString OnboardingModel::stepTitle() const
{
    switch (step()) {
    case Welcome: return tr("Welcome to IdleForge");
    case Wallet: return tr("Your payout wallet");
    case Benchmark: return tr("Measuring this PC");
    case Idle: return tr("When to work");
    case Autostart: return tr("Start with your PC");
    default: return tr("All set");
    }
}

bool OnboardingModel::benchmarking() const { return m_node->status() == node::NodeService::Status::Benchmarking; }
bool OnboardingModel::hasBenchmark() const { return !m_node->lastBenchmark().isEmpty(); }
double OnboardingModel::benchmarkProgress() const { return m_node->benchmarkProgress(); }

QString OnboardingModel::benchmarkText() const
{
    if (benchmarking())
        return HardwareModel::stageText(m_node->benchmarkMessage());
    if (hasBenchmark())
        return tr("%1: %2 GFLOP/s").arg(m_node->primaryDeviceName(), QLocale().toString(m_node->primaryGflops(), 'f', 1));
    return m_node->statusText();
}

void OnboardingModel::store(int step)
{
    // The settings table writes a small INI file; one write per step.
    if (auto r = m_settings.set(kKey, QString::number(step)); !r)
        qCWarning(lcUi).noquote() << "first-run guide:" << r.error().message;
    Q_EMIT stepChanged(); // also when the value was already there
}

void OnboardingModel::next()
{
    if (!shouldShow())
        return;
    store(qMin(step() + 1, int(Finished)));
}

void OnboardingModel::back()
{
    if (shouldShow() && step() > 0)
        store(step() - 1);
}

void OnboardingModel::skipAll()
{
    store(kDone);
    Q_EMIT completed();
}

void OnboardingModel::finish()
{
    store(kDone);
    Q_EMIT completed();
}

void OnboardingModel::runBenchmark()
{
    if (!benchmarking())
        m_node->rerunBenchmark();
}

} // namespace idleforge::ui
