#pragma once
// The first-run guide: welcome -> wallet (create or import) -> benchmark with progress -> idle
// preferences -> autostart -> done. Every step may be skipped; the step reached is the
// `onboarding_step` setting, so a guide closed half-way resumes there at the next start, and
// once done (kDone) it is never shown again.
#include <QObject>

namespace idleforge::node {
class NodeService;
}
namespace idleforge::settings {
class Settings;
}

namespace idleforge::ui {

class OnboardingModel : public QObject {
    Q_OBJECT
    Q_PROPERTY(int step READ step NOTIFY stepChanged)
    Q_PROPERTY(int stepCount READ stepCount CONSTANT)
    Q_PROPERTY(bool shouldShow READ shouldShow NOTIFY stepChanged)
    Q_PROPERTY(QString stepTitle READ stepTitle NOTIFY stepChanged)
    Q_PROPERTY(QObject *wallet READ wallet CONSTANT)
    Q_PROPERTY(QObject *settings READ settingsModel CONSTANT)
    Q_PROPERTY(bool benchmarking READ benchmarking NOTIFY benchmarkChanged)
    Q_PROPERTY(bool hasBenchmark READ hasBenchmark NOTIFY benchmarkChanged)
    Q_PROPERTY(double benchmarkProgress READ benchmarkProgress NOTIFY benchmarkChanged)
    Q_PROPERTY(QString benchmarkText READ benchmarkText NOTIFY benchmarkChanged)
public:
    enum Step { Welcome, Wallet, Benchmark, Idle, Autostart, Finished, StepCount };
    Q_ENUM(Step)
    static constexpr int kDone = 100; // the setting's value once the guide is through

    // `wallet` (WalletModel) and `settingsModel` (SettingsModel) are the pages' own models.
    OnboardingModel(settings::Settings &settings, node::NodeService *node, QObject *wallet, QObject *settingsModel,
                    QObject *parent = nullptr);

    int step() const;
    int stepCount() const { return StepCount; }
    bool shouldShow() const;
    QString stepTitle() const;
    QObject *wallet() const { return m_wallet; }
    QObject *settingsModel() const { return m_settingsModel; }
    bool benchmarking() const;
    bool hasBenchmark() const;
    double benchmarkProgress() const;
    QString benchmarkText() const;

    Q_INVOKABLE void next();
    Q_INVOKABLE void back();
    Q_INVOKABLE void skipAll(); // done now: never shown again
    Q_INVOKABLE void finish();
    Q_INVOKABLE void runBenchmark();

Q_SIGNALS:
    void stepChanged();
    void benchmarkChanged();
    void completed(); // the guide is through (finished or skipped)

private:
    void store(int step);

    settings::Settings &m_settings;
    node::NodeService *m_node;
    QObject *m_wallet;
    QObject *m_settingsModel;
};

} // namespace idleforge::ui
