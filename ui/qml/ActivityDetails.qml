import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The selected task, audit or dispute: its state, run commitment, steps, credits, the state
// changes, the sampled steps and their results, a dispute's verdict and the receipts.
Frame {
    id: panel
    required property QtObject activity
    background: Rectangle { color: Theme.panel; radius: Theme.radius; border.color: Theme.border }
    Accessible.name: qsTr("Details")

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: Theme.spacingSmall
            Label {
                visible: panel.activity.selectedId === 0
                text: qsTr("Select a row to see how it was verified.")
                color: Theme.textDim
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            ColumnLayout {
                visible: panel.activity.selectedId !== 0
                Layout.fillWidth: true
                spacing: Theme.spacingSmall
                Label {
                    objectName: "detailsTitle"
                    text: panel.activity.selectedTitle
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                    color: Theme.text
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    objectName: "detailsState"
                    text: panel.activity.selectedStateText
                    color: Theme.stateColor(panel.activity.selectedState)
                    font.bold: true
                }
                Label { text: panel.activity.selectedStepsText; color: Theme.text; visible: text.length > 0 }
                Label { objectName: "detailsCredits"; text: panel.activity.selectedCreditsText; color: Theme.text }
                Label { text: qsTr("Run commitment"); color: Theme.textDim; font.pixelSize: Theme.fontSmall; visible: runRoot.text.length > 0 }
                TextEdit {
                    id: runRoot
                    objectName: "detailsRunRoot"
                    text: panel.activity.selectedRunRoot
                    visible: text.length > 0
                    readOnly: true
                    selectByMouse: true
                    wrapMode: TextEdit.WrapAnywhere
                    color: Theme.text
                    font.family: "monospace"
                    font.pixelSize: Theme.fontSmall
                    Layout.fillWidth: true
                    Accessible.name: qsTr("Run commitment")
                }
                DetailsList { objectName: "detailsTimeline"; title: qsTr("History"); lines: panel.activity.selectedTimeline }
                Label { text: qsTr("Verdict"); color: Theme.textDim; font.pixelSize: Theme.fontSmall; visible: verdict.text.length > 0 }
                Label {
                    id: verdict
                    objectName: "detailsVerdict"
                    text: panel.activity.selectedVerdict
                    visible: text.length > 0
                    color: Theme.text
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                DetailsList { objectName: "detailsSamples"; title: qsTr("Sampled steps"); lines: panel.activity.selectedSamples }
                DetailsList { objectName: "detailsReceipts"; title: qsTr("Receipts"); lines: panel.activity.selectedReceipts }
            }
        }
    }
}
