import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Logs: the user-visible activity log (LogModel), newest at the bottom, filtered by level,
// copied to the clipboard as shown.
Page {
    id: page
    required property QtObject logs
    title: qsTr("Logs")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 12

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Label {
                text: qsTr("Logs")
                font.pixelSize: 22
                font.bold: true
                Layout.fillWidth: true
            }
            Label { text: qsTr("Show") }
            FitComboBox {
                objectName: "logLevelFilter"
                Accessible.name: qsTr("Lowest level shown")
                // Index = level: 0 debug, 1 info, 2 warning, 3 error.
                model: [qsTr("Everything"), qsTr("Info and above"), qsTr("Warnings and errors"), qsTr("Errors only")]
                currentIndex: page.logs.minimumLevel
                onActivated: function(index) { page.logs.minimumLevel = index }
            }
            Button {
                objectName: "copyLogsButton"
                text: qsTr("Copy to clipboard")
                enabled: logList.count > 0
                onClicked: {
                    page.logs.copyToClipboard()
                    copiedNote.visible = true
                    copiedTimer.restart()
                }
            }
        }
        Label {
            id: copiedNote
            objectName: "copiedNote"
            visible: false
            text: qsTr("%n line(s) copied", "", logList.count)
            opacity: 0.7
            Timer {
                id: copiedTimer
                interval: 3000
                onTriggered: copiedNote.visible = false
            }
        }

        ListView {
            id: logList
            objectName: "logList"
            model: page.logs.filtered
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {}
            // Follow new lines while the view is at the bottom.
            property bool following: true
            onMovementEnded: following = atYEnd
            onCountChanged: if (following) positionViewAtEnd()

            delegate: RowLayout {
                id: entry
                required property string timeText
                required property int level
                required property string levelText
                required property string category
                required property string message
                width: ListView.view.width
                spacing: 10
                Label {
                    text: entry.timeText
                    font.family: "monospace"
                    opacity: 0.7
                }
                Label {
                    text: entry.levelText
                    font.bold: entry.level >= 2
                    color: entry.level >= 3 ? "#ef5350" : entry.level === 2 ? "#ffb74d" : palette.windowText
                    Layout.preferredWidth: 70
                }
                Label {
                    text: entry.category.replace(/^idleforge\./, "")
                    opacity: 0.7
                    Layout.preferredWidth: 80
                    elide: Text.ElideRight
                }
                Label {
                    text: entry.message
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
        }
        Label {
            objectName: "emptyLogNote"
            visible: logList.count === 0
            text: qsTr("Nothing logged at this level yet.")
            opacity: 0.7
        }
    }
}
