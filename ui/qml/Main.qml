import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The dashboard: a side bar of pages and the page shown. Every page gets its view model (ui/)
// through a required property; QML only shows what the models say.
ApplicationWindow {
    id: window
    objectName: "mainWindow"
    required property QtObject overview // the node and its benchmark (OverviewModel)
    required property QtObject network  // the provider session (NetworkModel)
    required property QtObject status   // what the node does and earns (StatusModel)
    required property QtObject activity // tasks, audits and disputes (ActivityModel)
    required property QtObject earnings // earnings by day, receipts, CSV (EarningsModel)

    // ---- The pages of the `pages` branch (Wallet, Hardware, Settings, Logs) ---------------
    // Each page file (WalletPage.qml, HardwarePage.qml, SettingsPage.qml, LogsPage.qml) takes its
    // model through a required property of the same name as below. main.cpp sets these once the
    // models exist; until then a page stays unloaded and its side bar entry is hidden, except
    // Hardware, which shows the benchmark summary (BenchmarkPage.qml) instead.
    property QtObject wallet: null
    property QtObject hardware: null
    property QtObject settings: null
    property QtObject logs: null
    property QtObject onboarding: null // the first-run guide (OnboardingModel), over everything until done
    readonly property var branchPages: [
        { key: "wallet", file: "WalletPage.qml", model: wallet },
        { key: "hardware", file: "HardwarePage.qml", model: hardware },
        { key: "settings", file: "SettingsPage.qml", model: settings },
        { key: "logs", file: "LogsPage.qml", model: logs }
    ]
    // ---------------------------------------------------------------------------------------

    width: 1180
    height: 760
    minimumWidth: 1024
    minimumHeight: 700
    title: qsTr("IdleForge")
    color: Theme.window
    Binding { target: Theme; property: "windowWidth"; value: window.width }

    // The one dark palette (Theme.applyPalette), for every control and dialog in the window.
    Component.onCompleted: Theme.applyPalette(palette)
    font.pixelSize: Theme.fontNormal

    // The side bar's entries; `page` is the index in the stack below.
    readonly property var navEntries: {
        const entries = [
            { key: "overview", title: qsTr("Overview"), page: 0, shown: true },
            { key: "activity", title: qsTr("Activity"), page: 1, shown: true },
            { key: "earnings", title: qsTr("Earnings"), page: 2, shown: true },
            { key: "wallet", title: qsTr("Wallet"), page: 3, shown: wallet !== null },
            { key: "hardware", title: qsTr("Hardware"), page: 4, shown: true },
            { key: "settings", title: qsTr("Settings"), page: 5, shown: settings !== null },
            { key: "logs", title: qsTr("Logs"), page: 6, shown: logs !== null }
        ]
        return entries.filter(e => e.shown)
    }
    function showPage(key) {
        for (let i = 0; i < navEntries.length; ++i)
            if (navEntries[i].key === key)
                nav.currentIndex = i
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Rectangle {
            Layout.fillHeight: true
            Layout.preferredWidth: Theme.sidebarWidth
            color: Theme.sidebar
            ColumnLayout {
                anchors.fill: parent
                spacing: Theme.spacing
                RowLayout {
                    Layout.margins: Theme.spacing
                    spacing: Theme.spacingSmall
                    Image {
                        source: "qrc:/idleforge/icons/idleforge.svg"
                        sourceSize.width: 28 * Theme.scale
                        sourceSize.height: 28 * Theme.scale
                        Accessible.ignored: true
                    }
                    Label {
                        text: qsTr("IdleForge")
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                    }
                }
                ListView {
                    id: nav
                    objectName: "navList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    model: window.navEntries
                    focus: true
                    keyNavigationEnabled: true
                    currentIndex: 0
                    Accessible.role: Accessible.PageTabList
                    Accessible.name: qsTr("Pages")
                    delegate: ItemDelegate {
                        id: entry
                        required property var modelData
                        required property int index
                        objectName: "nav_" + modelData.key
                        width: ListView.view.width
                        text: modelData.title
                        highlighted: ListView.isCurrentItem
                        font.pixelSize: Theme.fontNormal
                        leftPadding: Theme.margin
                        Accessible.role: Accessible.PageTab
                        Accessible.name: modelData.title
                        onClicked: {
                            nav.currentIndex = index
                            nav.forceActiveFocus()
                        }
                    }
                    Keys.onReturnPressed: pages.forceActiveFocus()
                }
            }
        }

        StackLayout {
            id: pages
            objectName: "pageStack"
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: nav.currentIndex >= 0 && nav.currentIndex < window.navEntries.length
                          ? window.navEntries[nav.currentIndex].page : 0

            OverviewPage {
                objectName: "overviewPage"
                overview: window.overview
                network: window.network
                status: window.status
            }
            ActivityPage {
                objectName: "activityPage"
                activity: window.activity
            }
            EarningsPage {
                objectName: "earningsPage"
                earnings: window.earnings
            }
            Loader {
                objectName: "walletPageLoader"
                active: window.wallet !== null
                onActiveChanged: if (active) setSource(window.branchPages[0].file, { wallet: window.wallet })
                Component.onCompleted: if (active) setSource(window.branchPages[0].file, { wallet: window.wallet })
            }
            Loader {
                objectName: "hardwarePageLoader"
                // Until HardwarePage.qml and its model are merged: the node's benchmark summary.
                sourceComponent: benchmarkPage
                Component.onCompleted: if (window.hardware !== null) setSource(window.branchPages[1].file, { hardware: window.hardware })
            }
            Loader {
                objectName: "settingsPageLoader"
                active: window.settings !== null
                onActiveChanged: if (active) setSource(window.branchPages[2].file, { settings: window.settings })
                Component.onCompleted: if (active) setSource(window.branchPages[2].file, { settings: window.settings })
            }
            Loader {
                objectName: "logsPageLoader"
                active: window.logs !== null
                onActiveChanged: if (active) setSource(window.branchPages[3].file, { logs: window.logs })
                Component.onCompleted: if (active) setSource(window.branchPages[3].file, { logs: window.logs })
            }
        }
    }

    // The first-run guide covers the dashboard until it is done or skipped (the model keeps the
    // step reached, so it resumes after a restart and never shows again once done).
    Loader {
        objectName: "onboardingLoader"
        anchors.fill: parent
        z: 10
        active: window.onboarding !== null && window.onboarding.shouldShow
        onActiveChanged: if (active) setSource("Onboarding.qml", { onboarding: window.onboarding })
        Component.onCompleted: if (active) setSource("Onboarding.qml", { onboarding: window.onboarding })
    }

    Component {
        id: benchmarkPage
        BenchmarkPage {
            objectName: "benchmarkPage"
            overview: window.overview
        }
    }

    // Ctrl+1 .. Ctrl+7: the pages in side bar order.
    Repeater {
        model: window.navEntries.length
        Item {
            required property int index
            Shortcut {
                sequence: "Ctrl+" + (index + 1)
                onActivated: nav.currentIndex = index
            }
        }
    }
}
