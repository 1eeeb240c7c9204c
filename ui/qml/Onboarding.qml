import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The first-run guide (OnboardingModel): welcome, wallet, benchmark, idle preferences,
// autostart, done. Every step can be skipped; the step reached is kept, so closing the window
// resumes here next time.
Page {
    id: guide
    required property QtObject onboarding
    readonly property QtObject wallet: onboarding.wallet
    readonly property QtObject settings: onboarding.settings
    title: onboarding.stepTitle

    function openWalletDialog(component) {
        const dialog = component.createObject(guide, { wallet: guide.wallet, replace: false })
        dialog.closed.connect(function() { if (dialog) dialog.destroy() })
        dialog.open()
    }
    Component { id: createComponent; CreateWalletDialog {} }
    Component { id: importComponent; ImportWalletDialog {} }

    header: ColumnLayout {
        spacing: 4
        Label {
            objectName: "onboardingTitle"
            text: guide.onboarding.stepTitle
            font.pixelSize: 24
            font.bold: true
            leftPadding: 32
            topPadding: 24
        }
        Label {
            objectName: "onboardingStepLabel"
            text: qsTr("Step %1 of %2").arg(guide.onboarding.step + 1).arg(guide.onboarding.stepCount)
            opacity: 0.7
            leftPadding: 32
        }
    }

    StackLayout {
        objectName: "onboardingSteps"
        anchors.fill: parent
        anchors.margins: 32
        currentIndex: guide.onboarding.step

        // Welcome
        Label {
            text: qsTr("IdleForge trains machine-learning models for the network while you are away from your PC, "
                       + "proves the work, and pays you for it. This guide sets up a wallet for the payouts, measures "
                       + "your hardware and asks when IdleForge may work. It takes two minutes.")
            wrapMode: Text.Wrap
        }
        // Wallet
        ColumnLayout {
            spacing: 12
            Label {
                text: guide.wallet.hasWallet
                      ? qsTr("Payouts go to %1.").arg(guide.wallet.address)
                      : qsTr("Payouts go to a wallet whose keys stay in your system keychain. Create a new one, or "
                             + "import the recovery phrase of one you have.")
                objectName: "onboardingWalletText"
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                visible: !guide.wallet.hasWallet
                Button {
                    objectName: "onboardingCreateWallet"
                    text: qsTr("Create a wallet")
                    enabled: guide.wallet.loaded && !guide.wallet.busy
                    onClicked: guide.openWalletDialog(createComponent)
                }
                Button {
                    objectName: "onboardingImportWallet"
                    text: qsTr("Import a recovery phrase")
                    enabled: guide.wallet.loaded && !guide.wallet.busy
                    onClicked: guide.openWalletDialog(importComponent)
                }
            }
            Label {
                visible: text !== ""
                text: guide.wallet.errorText
                color: "#ef5350"
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Item { Layout.fillHeight: true }
        }
        // Benchmark
        ColumnLayout {
            spacing: 12
            Label {
                text: qsTr("IdleForge measures what this PC can compute, so the network offers it tasks that fit.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ProgressBar {
                objectName: "onboardingBenchmarkProgress"
                visible: guide.onboarding.benchmarking
                from: 0
                to: 1
                value: guide.onboarding.benchmarkProgress
                Layout.fillWidth: true
                Accessible.name: qsTr("Benchmark progress")
            }
            Label {
                objectName: "onboardingBenchmarkText"
                text: guide.onboarding.benchmarkText
                opacity: 0.8
            }
            Button {
                objectName: "onboardingRunBenchmark"
                visible: !guide.onboarding.benchmarking && !guide.onboarding.hasBenchmark
                text: qsTr("Measure now")
                onClicked: guide.onboarding.runBenchmark()
            }
            Item { Layout.fillHeight: true }
        }
        // Idle preferences
        ColumnLayout {
            spacing: 12
            Label {
                text: qsTr("IdleForge works only while you are away, and stops the moment you touch the mouse or "
                           + "the keyboard or start a game.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            RowLayout {
                Label { text: qsTr("Start after this many idle minutes") }
                TextField {
                    id: idleField
                    objectName: "onboardingIdleMinutes"
                    text: guide.settings.valueTextOf("idle_minutes")
                    Accessible.name: qsTr("Idle minutes before work starts")
                    onEditingFinished: idleError.text = guide.settings.setValue("idle_minutes", text)
                                                        ? "" : guide.settings.errorOf("idle_minutes")
                }
            }
            Label { id: idleError; objectName: "onboardingIdleError"; visible: text !== ""; color: "#ef5350" }
            Switch {
                objectName: "onboardingBattery"
                text: qsTr("Also work while on battery")
                checked: guide.settings.valueOf("run_on_battery") === true
                onToggled: guide.settings.setValue("run_on_battery", checked)
            }
            Item { Layout.fillHeight: true }
        }
        // Autostart
        ColumnLayout {
            spacing: 12
            Label {
                text: qsTr("IdleForge can start with your desktop, minimized to the tray, so idle time is never missed.")
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Switch {
                objectName: "onboardingAutostart"
                text: qsTr("Start IdleForge when I log in")
                checked: guide.settings.valueOf("autostart") === true
                onToggled: guide.settings.setValue("autostart", checked)
            }
            Item { Layout.fillHeight: true }
        }
        // Done
        Label {
            text: qsTr("All set. IdleForge waits in the tray and starts working when you are away. The dashboard shows "
                       + "what it earns and how its work was verified.")
            wrapMode: Text.Wrap
        }
    }

    footer: Pane {
        RowLayout {
            anchors.fill: parent
            spacing: 10
            Button {
                objectName: "onboardingSkipAll"
                text: qsTr("Skip the guide")
                flat: true
                visible: guide.onboarding.step < 5
                onClicked: guide.onboarding.skipAll()
            }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "onboardingBack"
                text: qsTr("Back")
                enabled: guide.onboarding.step > 0
                onClicked: guide.onboarding.back()
            }
            Button {
                objectName: "onboardingNext"
                text: guide.onboarding.step === 5 ? qsTr("Open the dashboard")
                    : (guide.onboarding.step === 1 && !guide.wallet.hasWallet)
                      || (guide.onboarding.step === 2 && !guide.onboarding.hasBenchmark) ? qsTr("Skip this step")
                    : qsTr("Next")
                highlighted: true
                onClicked: guide.onboarding.step === 5 ? guide.onboarding.finish() : guide.onboarding.next()
            }
        }
    }
}
