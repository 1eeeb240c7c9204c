import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The node's benchmark: status, progress of a run, the headline figures and every figure
// against its peak. Shown as the Hardware page until the `pages` branch's HardwarePage.qml.
Page {
    id: page
    required property QtObject overview
    title: qsTr("Hardware")
    background: Rectangle { color: Theme.window }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "statusLabel"
                text: page.overview.statusText
                font.pixelSize: Theme.fontTitle
                font.bold: true
                Layout.fillWidth: true
                Accessible.name: text
            }
            Button {
                objectName: "rerunBenchmarkButton"
                text: qsTr("Run benchmark again")
                Accessible.name: text
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
                Accessible.name: qsTr("Benchmark progress")
            }
            Label { text: page.overview.progressText; color: Theme.textDim }
        }

        Label {
            objectName: "errorLabel"
            visible: page.overview.hasError
            text: page.overview.errorText
            color: Theme.bad
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
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Label {
                objectName: "benchmarkSourceLabel"
                text: page.overview.benchmarkSourceText
                color: Theme.textDim
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        ListView {
            id: hardwareList
            objectName: "hardwareList"
            model: page.overview.hardware
            clip: true
            Accessible.name: qsTr("Benchmark figures")
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
                    color: Theme.textDim
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
        }
    }
}
