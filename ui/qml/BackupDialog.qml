import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts

// Back up the wallet and the node identity to a password-encrypted file, confirmed first.
Dialog {
    id: dialog
    required property QtObject wallet
    required property bool replace // unused: a backup replaces no wallet
    property bool confirming: false

    title: qsTr("Back up the wallet")
    modal: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: parent
    width: Math.min(parent.width - 48, 600)

    Connections {
        target: dialog.wallet
        function onFinished(action, ok) {
            if (action !== "backup")
                return
            if (ok)
                dialog.close()
            else
                dialog.confirming = false
        }
    }
    onClosed: {
        passwordField.text = ""
        repeatField.text = ""
    }
    FileDialog {
        id: picker
        fileMode: FileDialog.SaveFile
        nameFilters: [qsTr("IdleForge wallet backups (*.ifbackup)"), qsTr("All files (*)")]
        onAccepted: pathField.text = selectedFile
    }

    ColumnLayout {
        width: parent.width
        spacing: 10
        Label {
            text: dialog.confirming
                  ? qsTr("Write the backup to %1? A file already there is replaced.").arg(pathField.text)
                  : qsTr("The file is encrypted with the password you choose here. Keep the file and the password apart; "
                         + "without the password the file is useless, to you too.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        RowLayout {
            visible: !dialog.confirming
            Layout.fillWidth: true
            TextField {
                id: pathField
                objectName: "backupPathField"
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
            objectName: "backupPasswordField"
            visible: !dialog.confirming
            echoMode: TextInput.Password
            placeholderText: qsTr("Password for the file")
            Accessible.name: qsTr("Password for the file")
            Layout.fillWidth: true
        }
        TextField {
            id: repeatField
            objectName: "backupRepeatField"
            visible: !dialog.confirming
            echoMode: TextInput.Password
            placeholderText: qsTr("The same password again")
            Accessible.name: qsTr("The same password again")
            Layout.fillWidth: true
        }
        Label {
            objectName: "backupError"
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
            objectName: "backupNextButton"
            visible: !dialog.confirming
            enabled: pathField.text !== "" && passwordField.text !== ""
            text: qsTr("Continue")
            onClicked: dialog.confirming = true
        }
        Button {
            objectName: "backupYesButton"
            visible: dialog.confirming
            enabled: !dialog.wallet.busy
            text: qsTr("Write the backup")
            onClicked: {
                if (!dialog.wallet.backupTo(pathField.text, passwordField.text, repeatField.text))
                    dialog.confirming = false
            }
        }
        Button {
            objectName: "cancelBackupButton"
            text: qsTr("Cancel")
            enabled: !dialog.wallet.busy
            onClicked: dialog.close()
        }
    }
}
