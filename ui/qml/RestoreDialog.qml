import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

// Restore the wallet and the node identity from a backup file: opened with its password
// first (a wrong password or a damaged file says so and changes nothing), then the address
// inside is shown and confirmed before it is stored.
Dialog {
    id: dialog
    required property QtObject wallet
    required property bool replace
    property string openedAddress: ""

    title: openedAddress === "" ? qsTr("Restore from a backup") : qsTr("Restore this wallet?")
    modal: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: parent
    width: Math.min(parent.width - 48, 600)

    Connections {
        target: dialog.wallet
        function onBackupOpened(address) { dialog.openedAddress = address }
        function onFinished(action, ok) {
            if (action === "restore" && ok && dialog.openedAddress !== "")
                dialog.close()
        }
    }
    onClosed: {
        dialog.wallet.discardOpened()
        passwordField.text = ""
    }
    FileDialog {
        id: picker
        fileMode: FileDialog.OpenFile
        nameFilters: [qsTr("IdleForge wallet backups (*.ifbackup)"), qsTr("All files (*)")]
        onAccepted: pathField.text = selectedFile
    }

    ColumnLayout {
        width: parent.width
        spacing: 10
        RowLayout {
            visible: dialog.openedAddress === ""
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "restorePathField"
                placeholderText: qsTr("Backup file")
                Accessible.name: qsTr("Backup file")
                Layout.fillWidth: true
            }
            Button {
                text: qsTr("Browse…")
                onClicked: picker.open()
            }
        }
        TextField {
            id: passwordField
            objectName: "restorePasswordField"
            visible: dialog.openedAddress === ""
            echoMode: TextInput.Password
            placeholderText: qsTr("Password of the file")
            Accessible.name: qsTr("Password of the file")
            Layout.fillWidth: true
        }
        Label {
            objectName: "restoreAddress"
            visible: dialog.openedAddress !== ""
            text: qsTr("The backup holds the wallet %1. Store it in the system keychain and receive the payouts there?")
                  .arg(dialog.openedAddress)
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "restoreError"
            visible: text !== ""
            text: dialog.wallet.errorText
            color: "#ef5350"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            visible: dialog.wallet.busy
            BusyIndicator { running: dialog.wallet.busy }
            Label { text: dialog.wallet.busyText }
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "restoreOpenButton"
            visible: dialog.openedAddress === ""
            enabled: pathField.text !== "" && passwordField.text !== "" && !dialog.wallet.busy
            text: qsTr("Open")
            onClicked: dialog.wallet.openBackup(pathField.text, passwordField.text)
        }
        Button {
            objectName: "restoreYesButton"
            visible: dialog.openedAddress !== ""
            enabled: !dialog.wallet.busy
            text: qsTr("Restore")
            onClicked: dialog.wallet.restoreOpened(dialog.replace)
        }
        Button {
            objectName: "cancelRestoreButton"
            text: qsTr("Cancel")
            enabled: !dialog.wallet.busy
            onClicked: dialog.close()
        }
    }
}
