import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Overview: what the node is doing (the policy's state and reason, Pause / Resume), what it
// earned, the current task and the last events. Every text comes from StatusModel.
Page {
    id: page
    required property QtObject overview
    required property QtObject network
    required property QtObject status
    title: qsTr("Overview")
    background: Rectangle { color: Theme.window }

    ScrollView {
        anchors.fill: parent
        contentWidth: availableWidth
        ColumnLayout {
            width: parent.width
            spacing: Theme.spacing

            RowLayout {
                Layout.fillWidth: true
                Layout.margins: Theme.margin
                Layout.bottomMargin: 0
                spacing: Theme.spacing
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        objectName: "stateLabel"
                        text: page.status.stateText
                        font.pixelSize: Theme.fontTitle
                        font.bold: true
                        color: Theme.text
                        Accessible.name: text
                    }
                    Label {
                        objectName: "reasonLabel"
                        text: page.status.reasonText
                        visible: text.length > 0
                        color: Theme.textDim
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                        Accessible.name: text
                    }
                }
                Button {
                    objectName: "pauseButton"
                    text: page.status.paused ? qsTr("Resume") : qsTr("Pause")
                    enabled: page.status.canPause
                    Accessible.name: text
                    onClicked: page.status.paused ? page.status.resume() : page.status.pause()
                }
            }

            Label {
                objectName: "errorLabel"
                visible: page.overview.hasError
                text: page.overview.errorText
                color: Theme.bad
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
            }

            GridLayout {
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                columns: page.width > 1300 ? 5 : 3
                columnSpacing: Theme.spacing
                rowSpacing: Theme.spacing
                MetricTile { objectName: "todayTile"; title: qsTr("Today"); value: page.status.todayText }
                MetricTile { objectName: "weekTile"; title: qsTr("Last 7 days"); value: page.status.weekText }
                MetricTile { objectName: "lifetimeTile"; title: qsTr("Lifetime"); value: page.status.lifetimeText }
                MetricTile { objectName: "rateTile"; title: qsTr("Rate"); value: page.status.rateText }
                MetricTile { objectName: "stakeTile"; title: qsTr("Stake"); value: page.status.stakeText }
            }

            Frame {
                objectName: "taskBox"
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                background: Rectangle { color: Theme.panel; radius: Theme.radius; border.color: Theme.border }
                Accessible.name: qsTr("Current task")
                ColumnLayout {
                    anchors.fill: parent
                    spacing: Theme.spacingSmall
                    Label { text: qsTr("Current task"); color: Theme.textDim; font.pixelSize: Theme.fontSmall }
                    Label {
                        objectName: "taskLabel"
                        text: page.status.hasTask ? page.status.taskText : qsTr("No task right now")
                        font.pixelSize: Theme.fontLarge
                        font.bold: true
                        color: Theme.text
                        Accessible.name: text
                    }
                    ProgressBar {
                        objectName: "taskProgress"
                        visible: page.status.hasTask
                        from: 0
                        to: 1
                        value: page.status.taskProgress
                        Layout.fillWidth: true
                        Accessible.name: qsTr("Task progress")
                    }
                    RowLayout {
                        visible: page.status.hasTask
                        spacing: Theme.margin
                        Label { objectName: "stepLabel"; text: page.status.stepText; color: Theme.text }
                        Label { objectName: "tokensLabel"; text: page.status.tokensText; color: Theme.textDim }
                        Label { objectName: "etaLabel"; text: page.status.etaText; color: Theme.textDim }
                    }
                }
            }

            ColumnLayout {
                objectName: "networkBox"
                visible: page.network.online
                Layout.fillWidth: true
                Layout.leftMargin: Theme.margin
                Layout.rightMargin: Theme.margin
                Label { objectName: "networkLabel"; text: page.network.networkText; font.bold: true; color: Theme.text }
                Label { objectName: "earningsLabel"; text: page.network.earningsText; color: Theme.text }
            }

            Label {
                text: qsTr("Recent events")
                font.pixelSize: Theme.fontLarge
                font.bold: true
                color: Theme.text
                Layout.leftMargin: Theme.margin
            }
            Repeater {
                objectName: "recentEvents"
                model: page.status.recentEvents
                Label {
                    required property string modelData
                    text: modelData
                    color: Theme.textDim
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.margin
                    Layout.rightMargin: Theme.margin
                }
            }
            Label {
                visible: page.status.recentEvents.length === 0
                text: qsTr("Nothing yet: events appear here once the node works for the network.")
                color: Theme.textDim
                Layout.leftMargin: Theme.margin
                Layout.bottomMargin: Theme.margin
            }
        }
    }
}
