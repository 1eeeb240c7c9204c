import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Wallet: the payout address with a copy button and its QR code; create, import, back up and
// restore, each confirmed in a dialog (WalletModel does the work off the GUI thread). Replacing
// a wallet that exists is asked first, separately.
Page {
    id: page
    required property QtObject wallet
    title: qsTr("Wallet")

    function begin(action) {
        if (page.wallet.hasWallet && action !== "backup") {
            replaceDialog.action = action
            replaceDialog.open()
        } else {
            page.openDialog(action, false)
        }
    }
    function openDialog(action, replace) {
        const component = action === "create" ? createComponent
                        : action === "import" ? importComponent
                        : action === "restore" ? restoreComponent : backupComponent
        const dialog = component.createObject(page, { wallet: page.wallet, replace: replace })
        dialog.closed.connect(function() { if (dialog) dialog.destroy() })
        dialog.open()
    }

    Component { id: createComponent; CreateWalletDialog {} }
    Component { id: importComponent; ImportWalletDialog {} }
    Component { id: backupComponent; BackupDialog {} }
    Component { id: restoreComponent; RestoreDialog {} }

    Dialog {
        id: replaceDialog
        property string action
        title: qsTr("Replace this wallet?")
        modal: true
        anchors.centerIn: parent
        width: Math.min(page.width - 48, 520)
        Label {
            width: parent.width
            wrapMode: Text.Wrap
            text: qsTr("The wallet %1 will be replaced. Without its recovery phrase or a backup, what it holds is lost. "
                       + "Back it up first if you have not.").arg(page.wallet.address)
        }
        footer: DialogButtonBox {
            Button {
                objectName: "replaceYesButton"
                text: qsTr("Replace it")
                DialogButtonBox.buttonRole: DialogButtonBox.AcceptRole
            }
            Button {
                objectName: "replaceNoButton"
                text: qsTr("Keep it")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
        }
        onAccepted: page.openDialog(action, true)
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 14

        Label {
            text: qsTr("Wallet")
            font.pixelSize: 22
            font.bold: true
        }
        Label {
            objectName: "noWalletNote"
            visible: page.wallet.loaded && !page.wallet.hasWallet
            text: qsTr("No payout wallet yet. Create one, or bring the one you have with its recovery phrase or a backup file.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            objectName: "walletBox"
            visible: page.wallet.hasWallet
            spacing: 24
            Layout.fillWidth: true
            Image {
                objectName: "walletQr"
                source: page.wallet.qrSource
                sourceSize.width: 200
                sourceSize.height: 200
                smooth: false
                Layout.preferredWidth: 200
                Layout.preferredHeight: 200
                Accessible.name: qsTr("QR code of the payout address")
            }
            ColumnLayout {
                spacing: 6
                Layout.fillWidth: true
                Label { text: qsTr("Payout address"); opacity: 0.7 }
                RowLayout {
                    Layout.fillWidth: true
                    TextEdit {
                        objectName: "walletAddress"
                        text: page.wallet.address
                        readOnly: true
                        selectByMouse: true
                        font.family: "monospace"
                        font.pixelSize: 15
                        color: palette.windowText
                        wrapMode: TextEdit.WrapAnywhere
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Payout address")
                    }
                    Button {
                        objectName: "copyAddressButton"
                        text: qsTr("Copy")
                        Accessible.name: qsTr("Copy the payout address")
                        onClicked: page.wallet.copyAddress()
                    }
                }
                Label { text: qsTr("Derivation path %1").arg(page.wallet.path); opacity: 0.7 }
                Label {
                    text: qsTr("Node ID %1").arg(page.wallet.nodeId)
                    opacity: 0.7
                    elide: Text.ElideMiddle
                    Layout.fillWidth: true
                }
                Label { text: page.wallet.storeText; opacity: 0.7 }
            }
        }

        RowLayout {
            objectName: "walletBusy"
            visible: page.wallet.busy
            BusyIndicator { running: page.wallet.busy; Layout.preferredHeight: 32; Layout.preferredWidth: 32 }
            Label { text: page.wallet.busyText }
        }
        Label {
            objectName: "walletError"
            visible: text !== ""
            text: page.wallet.errorText
            color: "#ef5350"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "walletNotice"
            visible: text !== ""
            text: page.wallet.noticeText
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        Flow {
            spacing: 10
            Layout.fillWidth: true
            Button {
                objectName: "createWalletButton"
                text: page.wallet.hasWallet ? qsTr("Create a new wallet") : qsTr("Create a wallet")
                enabled: page.wallet.loaded && !page.wallet.busy
                onClicked: page.begin("create")
            }
            Button {
                objectName: "importWalletButton"
                text: qsTr("Import a recovery phrase")
                enabled: page.wallet.loaded && !page.wallet.busy
                onClicked: page.begin("import")
            }
            Button {
                objectName: "backupWalletButton"
                text: qsTr("Back up to a file")
                enabled: page.wallet.hasWallet && !page.wallet.busy
                onClicked: page.begin("backup")
            }
            Button {
                objectName: "restoreWalletButton"
                text: qsTr("Restore from a backup")
                enabled: page.wallet.loaded && !page.wallet.busy
                onClicked: page.begin("restore")
            }
        }
        Item { Layout.fillHeight: true }
    }
}
