import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Overview: what the node is doing and what this machine can do.
Page {
    id: page
    required property QtObject overview
    required property QtObject network
    title: qsTr("Overview")

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 16

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "statusLabel"
                text: page.overview.statusText
                font.pixelSize: 22
                font.bold: true
                Layout.fillWidth: true
            }
            Button {
                objectName: "rerunBenchmarkButton"
                text: qsTr("Run benchmark again")
                enabled: !page.overview.benchmarking
                onClicked: page.overview.rerunBenchmark()
            }
        }

        ColumnLayout {
            objectName: "benchmarkProgressBox"
            visible: page.overview.benchmarking
            Layout.fillWidth: true
            ProgressBar {
                objectName: "benchmarkProgress"
                from: 0
                to: 1
                value: page.overview.progress
                Layout.fillWidth: true
            }
            Label { text: page.overview.progressText; opacity: 0.7 }
        }

        ColumnLayout {
            objectName: "networkBox"
            visible: page.network.online
            Layout.fillWidth: true
            Label { objectName: "networkLabel"; text: page.network.networkText; font.bold: true }
            Label { objectName: "earningsLabel"; text: page.network.earningsText }
            Label {
                objectName: "activityLabel"
                text: page.network.activityText
                opacity: 0.7
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }

        Label {
            objectName: "errorLabel"
            visible: page.overview.hasError
            text: page.overview.errorText
            color: "#c62828"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 16
            MetricTile {
                objectName: "computeTile"
                title: qsTr("Compute (fp32 matrix multiply)")
                value: page.overview.gflopsText
                detail: page.overview.efficiencyText
            }
            MetricTile {
                objectName: "deviceTile"
                title: qsTr("Device")
                value: page.overview.deviceName
                detail: page.overview.cpuFactsText
            }
        }
        MetricTile {
            objectName: "memoryTile"
            title: qsTr("Memory bandwidth")
            value: page.overview.bandwidthText
        }

        // Hardware: every measured figure against the device's theoretical peak.
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Hardware")
                font.pixelSize: 16
                font.bold: true
            }
            Label {
                objectName: "benchmarkSourceLabel"
                text: page.overview.benchmarkSourceText
                opacity: 0.7
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        ListView {
            id: hardwareList
            objectName: "hardwareList"
            model: page.overview.hardware
            clip: true
            spacing: 4
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 60
            section.property: "deviceName"
            section.delegate: ColumnLayout {
                id: sectionHeader
                required property string section
                width: ListView.view.width
                spacing: 0
                Label {
                    text: sectionHeader.section
                    font.bold: true
                    topPadding: 6
                }
            }
            delegate: RowLayout {
                id: figure
                required property string label
                required property string valueText
                required property string peakText
                required property string deviceFacts
                required property real efficiency
                width: ListView.view.width
                spacing: 12
                Label {
                    text: figure.label
                    Layout.preferredWidth: 200
                    ToolTip.text: figure.deviceFacts
                    ToolTip.visible: factsHover.hovered
                    HoverHandler { id: factsHover }
                }
                Label {
                    text: figure.valueText
                    font.bold: true
                    Layout.preferredWidth: 130
                }
                ProgressBar {
                    visible: figure.efficiency >= 0
                    from: 0
                    to: 1
                    value: Math.min(1, Math.max(0, figure.efficiency))
                    Layout.preferredWidth: 120
                }
                Label {
                    text: figure.efficiency >= 0
                          ? qsTr("%1% %2").arg(Math.round(figure.efficiency * 100)).arg(figure.peakText)
                          : qsTr("peak unknown")
                    opacity: 0.7
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
        }
    }
}
