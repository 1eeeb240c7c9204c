import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A new wallet: the recovery phrase is shown once, then three of its words are asked back
// before anything is stored. The words live only in this dialog, which is destroyed when it
// closes; the model forgets an unconfirmed phrase then.
Dialog {
    id: dialog
    required property QtObject wallet
    required property bool replace
    property var words: []
    property var asked: []
    property int stage: 0 // 0: write the words down, 1: give three back

    title: stage === 0 ? qsTr("Your recovery phrase") : qsTr("Check your recovery phrase")
    modal: true
    closePolicy: Popup.CloseOnEscape
    anchors.centerIn: parent
    width: Math.min(parent.width - 48, 640)

    Connections {
        target: dialog.wallet
        function onPhraseReady(words, asked) {
            dialog.words = words
            dialog.asked = asked
        }
        function onFinished(action, ok) {
            if (action === "create" && ok)
                dialog.close()
        }
    }
    Component.onCompleted: dialog.wallet.beginCreate()
    onClosed: {
        dialog.wallet.cancelCreate()
        dialog.words = []
        dialog.asked = []
    }

    ColumnLayout {
        width: parent.width
        spacing: 12
        Label {
            visible: dialog.stage === 0
            text: qsTr("Write these %n words down on paper, in order, and keep them offline. They are the only way to "
                       + "recover the wallet; anyone who has them has your funds. They are not shown again.", "",
                       dialog.words.length)
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        GridLayout {
            visible: dialog.stage === 0
            columns: 4
            columnSpacing: 16
            rowSpacing: 6
            Repeater {
                model: dialog.words
                Label {
                    required property string modelData
                    required property int index
                    objectName: "phraseWord_" + index
                    text: qsTr("%1. %2").arg(index + 1).arg(modelData)
                    font.family: "monospace"
                    font.pixelSize: 15
                }
            }
        }
        Label {
            visible: dialog.stage === 1
            text: qsTr("Type these words of your phrase to show it was written down correctly.")
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Repeater {
            id: answers
            model: dialog.stage === 1 ? dialog.asked : []
            RowLayout {
                required property int modelData
                required property int index
                property alias text: answerField.text
                Label {
                    text: qsTr("Word %1").arg(modelData + 1)
                    Layout.preferredWidth: 90
                }
                TextField {
                    id: answerField
                    objectName: "askedWord_" + index
                    inputMethodHints: Qt.ImhNoPredictiveText | Qt.ImhNoAutoUppercase | Qt.ImhSensitiveData
                    Accessible.name: qsTr("Word %1 of the recovery phrase").arg(modelData + 1)
                    Layout.preferredWidth: 220
                }
            }
        }
        Label {
            objectName: "createError"
            visible: dialog.stage === 1 && text !== ""
            text: dialog.wallet.errorText
            color: "#ef5350"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        BusyIndicator {
            visible: dialog.wallet.busy
            running: dialog.wallet.busy
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "phraseWrittenButton"
            visible: dialog.stage === 0
            enabled: dialog.words.length > 0
            text: qsTr("I have written them down")
            onClicked: dialog.stage = 1
        }
        Button {
            objectName: "confirmCreateButton"
            visible: dialog.stage === 1
            enabled: !dialog.wallet.busy
            text: qsTr("Create the wallet")
            onClicked: {
                const typed = []
                for (let i = 0; i < answers.count; ++i)
                    typed.push(answers.itemAt(i).text)
                dialog.wallet.confirmCreate(typed, dialog.replace)
            }
        }
        Button {
            objectName: "cancelCreateButton"
            text: qsTr("Cancel")
            enabled: !dialog.wallet.busy
            onClicked: dialog.close()
        }
    }
}
