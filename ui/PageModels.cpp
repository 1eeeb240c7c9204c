#include "PageModels.h"
#include "LanguageSwitcher.h"

#include "HardwarePageModel.h"
#include "LogModel.h"
#include "OnboardingModel.h"
#include "QrImageProvider.h"
#include "SettingsModel.h"
#include "WalletModel.h"
#include "secrets/KeychainStore.h"

#include <QQmlEngine>

namespace idleforge::ui {

PageModels::PageModels() = default;
PageModels::~PageModels() = default;

QVariantMap PageModels::initialProperties() const
{
    return {{QStringLiteral("settings"), QVariant::fromValue(static_cast<QObject *>(settings.get()))},
            {QStringLiteral("logs"), QVariant::fromValue(static_cast<QObject *>(logs.get()))},
            {QStringLiteral("wallet"), QVariant::fromValue(static_cast<QObject *>(wallet.get()))},
            {QStringLiteral("hardware"), QVariant::fromValue(static_cast<QObject *>(hardware.get()))},
            {QStringLiteral("onboarding"), QVariant::fromValue(static_cast<QObject *>(onboarding.get()))}};
}

std::unique_ptr<PageModels> makePageModels(settings::Settings &settings, node::NodeService &node, const QString &ledgerPath,
                                           const WalletStore &walletStore)
{
    auto pages = std::make_unique<PageModels>();
    secrets::SecretStore *store = walletStore.store;
    QString spec = walletStore.spec;
    if (!store) {
        pages->ownStore = std::make_unique<secrets::KeychainStore>(walletStore.keychainService);
        store = pages->ownStore.get();
        spec = QStringLiteral("keychain");
    }
    pages->settings = std::make_unique<SettingsModel>(settings);
    pages->logs = std::make_unique<LogModel>();
    pages->wallet = std::make_unique<WalletModel>(*store, spec);
    pages->hardware = std::make_unique<HardwarePageModel>(&node, ledgerPath);
    pages->onboarding = std::make_unique<OnboardingModel>(settings, &node, pages->wallet.get(), pages->settings.get());
    return pages;
}

void registerPageSupport(QQmlEngine &engine)
{
    engine.addImageProvider(QString::fromLatin1(QrImageProvider::kId), new QrImageProvider);
}

void PageModels::watchLanguage(LanguageSwitcher &language) const
{
    for (QObject *o : {static_cast<QObject *>(settings.get()), static_cast<QObject *>(logs.get()), static_cast<QObject *>(wallet.get()),
                       static_cast<QObject *>(hardware.get()), static_cast<QObject *>(onboarding.get())})
        language.watch(o);
}

} // namespace idleforge::ui
