#pragma once
// The view models of the Wallet, Hardware, Settings and Logs pages and of the first-run guide,
// made and wired in one place for main.cpp, and what the QML engine needs for them (the QR
// code image provider).
//
//   auto pages = ui::makePageModels(core.settings(), core.node(), paths::ledgerFile(),
//                                   {core.walletStore(), core.walletStoreSpec()});
//   ui::registerPageSupport(engine);
//   properties.insert(pages->initialProperties()); // wallet, hardware, settings, logs, onboarding
//
// LogCapture::install() belongs at the very start of main(), after installLogFormat(), so the
// Logs page has the start-up lines too.
#include <QVariantMap>

#include <memory>

class QQmlEngine;

namespace idleforge::node {
class NodeService;
}
namespace idleforge::secrets {
class SecretStore;
}
namespace idleforge::settings {
class Settings;
}

namespace idleforge::ui {

class HardwarePageModel;
class LanguageSwitcher;
class LogModel;
class OnboardingModel;
class SettingsModel;
class WalletModel;

struct PageModels {
    // The OS keychain when the caller names no store (WalletStore::store null); else unused.
    std::unique_ptr<secrets::SecretStore> ownStore;
    std::unique_ptr<SettingsModel> settings;
    std::unique_ptr<LogModel> logs;
    std::unique_ptr<WalletModel> wallet;
    std::unique_ptr<HardwarePageModel> hardware;
    std::unique_ptr<OnboardingModel> onboarding; // shouldShow: whether to open the guide

    PageModels();
    ~PageModels();
    // The pages' required properties by name: wallet, hardware, settings, logs, onboarding.
    QVariantMap initialProperties() const;
    // Every page model follows the shown language (LanguageSwitcher::watch).
    void watchLanguage(LanguageSwitcher &language) const;
};

// The store the Wallet page keeps the payout wallet in: the one the node's identity lives in
// (idleforge --identity-store keychain or file:PATH), so the page and the node agree. Not owned;
// must outlive the models. Null: the OS keychain under `keychainService`.
struct WalletStore {
    secrets::SecretStore *store = nullptr;
    QString spec = QStringLiteral("keychain"); // as WalletInfo records it: "keychain", "file:PATH"
    QString keychainService = QStringLiteral("IdleForge");
};

// `ledgerPath`: the ledger file the Hardware page reads its history from (empty: none).
std::unique_ptr<PageModels> makePageModels(settings::Settings &settings, node::NodeService &node, const QString &ledgerPath,
                                           const WalletStore &walletStore = {});
void registerPageSupport(QQmlEngine &engine);

} // namespace idleforge::ui
