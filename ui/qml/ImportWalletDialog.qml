import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Import a wallet from its recovery phrase: checked as it is typed (unknown words get the
// closest list words as buttons), then confirmed before it is stored.
Dialog {
    id: dialog
    required property QtObject wallet
    required property bool replace
    property var check: dialog.wallet.checkPhrase(phraseField.text)
    property bool confirming: false

    title: confirming ? qsTr("Import this wallet?") : qsTr("Import a recovery phrase")
    modal: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: parent
    width: Math.min(parent.width - 48, 640)

    Connections {
        target: dialog.wallet
        function onFinished(action, ok) {
            if (action === "import" && ok)
                dialog.close()
        }
    }
    onClosed: {
        phraseField.text = ""
        passphraseField.text = ""
    }

    ColumnLayout {
        width: parent.width
        spacing: 10
        Label {
            visible: !dialog.confirming
            text: qsTr("Type the 12 or 24 words of your recovery phrase, separated by spaces.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        TextArea {
            id: phraseField
            objectName: "importPhraseField"
            visible: !dialog.confirming
            wrapMode: TextEdit.Wrap
            inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhSensitiveData
            Accessible.name: qsTr("Recovery phrase")
            Layout.fillWidth: true
            Layout.preferredHeight: 90
        }
        Label {
            objectName: "importPhraseStatus"
            visible: !dialog.confirming && phraseField.text.trim() !== ""
            text: dialog.check.ok ? qsTr("The phrase checks out (%n words).", "", dialog.check.wordCount)
                                  : dialog.check.message
            color: dialog.check.ok ? palette.windowText : "#ffb74d"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Flow {
            visible: !dialog.confirming && dialog.check.position > 0
            spacing: 6
            Layout.fillWidth: true
            Repeater {
                model: dialog.check.suggestions
                Button {
                    required property string modelData
                    required property int index
                    objectName: "suggestion_" + index
                    text: modelData
                    Accessible.name: qsTr("Use %1 instead").arg(modelData)
                    onClicked: phraseField.text = dialog.wallet.replaceWord(phraseField.text, dialog.check.position, modelData)
                }
            }
        }
        TextField {
            id: passphraseField
            objectName: "importPassphraseField"
            visible: !dialog.confirming
            echoMode: TextInput.Password
            placeholderText: qsTr("Passphrase (only if you set one; most people did not)")
            Accessible.name: qsTr("Passphrase")
            Layout.fillWidth: true
        }
        Label {
            visible: dialog.confirming
            text: qsTr("The wallet of these %n words will be stored in the system keychain and receive the payouts.", "",
                       dialog.check.wordCount)
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            objectName: "importError"
            visible: text !== ""
            text: dialog.wallet.errorText
            color: "#ef5350"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "importNextButton"
            visible: !dialog.confirming
            enabled: dialog.check.ok
            text: qsTr("Continue")
            onClicked: dialog.confirming = true
        }
        Button {
            objectName: "importYesButton"
            visible: dialog.confirming
            enabled: !dialog.wallet.busy
            text: qsTr("Import")
            onClicked: dialog.wallet.importPhrase(phraseField.text, passphraseField.text, dialog.replace)
        }
        Button {
            objectName: "cancelImportButton"
            text: qsTr("Cancel")
            enabled: !dialog.wallet.busy
            onClicked: dialog.close()
        }
    }
}
