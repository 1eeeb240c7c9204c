import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Hardware: live sensors (polled only while this page shows), every benchmark figure against
// its device's peak with its earlier runs, and a re-run with progress.
Page {
    id: page
    required property QtObject hardware
    title: qsTr("Hardware")

    Binding {
        target: page.hardware
        property: "active"
        value: page.visible
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 24
        spacing: 14

        RowLayout {
            Layout.fillWidth: true
            Label {
                text: qsTr("Hardware")
                font.pixelSize: 22
                font.bold: true
                Layout.fillWidth: true
            }
            Button {
                objectName: "hardwareRerunButton"
                text: qsTr("Run benchmark again")
                enabled: !page.hardware.benchmarking
                onClicked: page.hardware.rerunBenchmark()
            }
        }
        ColumnLayout {
            objectName: "hardwareProgressBox"
            visible: page.hardware.benchmarking
            Layout.fillWidth: true
            ProgressBar {
                objectName: "hardwareProgress"
                from: 0
                to: 1
                value: page.hardware.progress
                Layout.fillWidth: true
                Accessible.name: qsTr("Benchmark progress")
            }
            Label { objectName: "hardwareProgressText"; text: page.hardware.progressText; opacity: 0.7 }
        }

        Label { text: qsTr("Now"); font.pixelSize: 16; font.bold: true }
        Flow {
            objectName: "sensorFlow"
            spacing: 12
            Layout.fillWidth: true
            Repeater {
                model: page.hardware.sensors
                Frame {
                    id: sensor
                    required property string sensorId
                    required property string name
                    required property string temperatureText
                    required property string utilisationText
                    required property string memoryText
                    required property string powerText
                    required property real utilisation
                    objectName: "sensor_" + sensorId
                    width: 240
                    ColumnLayout {
                        anchors.fill: parent
                        Label { text: sensor.name; font.bold: true; elide: Text.ElideRight; Layout.fillWidth: true }
                        Label {
                            objectName: "sensorTemperature_" + sensor.sensorId
                            text: sensor.temperatureText !== "" ? sensor.temperatureText : qsTr("temperature not reported")
                            opacity: sensor.temperatureText !== "" ? 1 : 0.6
                        }
                        Label {
                            objectName: "sensorUtilisation_" + sensor.sensorId
                            text: sensor.utilisationText !== "" ? sensor.utilisationText : qsTr("utilisation not reported")
                            opacity: sensor.utilisationText !== "" ? 1 : 0.6
                        }
                        ProgressBar {
                            visible: sensor.utilisation >= 0
                            from: 0
                            to: 1
                            value: Math.max(0, sensor.utilisation)
                            Layout.fillWidth: true
                        }
                        Label { visible: sensor.memoryText !== ""; text: sensor.memoryText; opacity: 0.7 }
                        Label { visible: sensor.powerText !== ""; text: sensor.powerText; opacity: 0.7 }
                    }
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Benchmark"); font.pixelSize: 16; font.bold: true }
            Label {
                objectName: "hardwareSourceLabel"
                text: page.hardware.hasBenchmark ? page.hardware.sourceText : qsTr("not measured yet")
                opacity: 0.7
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
        }
        ListView {
            id: figureList
            objectName: "figureList"
            model: page.hardware.figures
            clip: true
            spacing: 6
            Layout.fillWidth: true
            Layout.fillHeight: true
            ScrollBar.vertical: ScrollBar {}
            section.property: "deviceName"
            section.delegate: Label {
                required property string section
                text: section
                font.bold: true
                topPadding: 8
            }
            delegate: RowLayout {
                id: figure
                required property int index
                required property string label
                required property string valueText
                required property string peakText
                required property string deviceFacts
                required property real efficiency
                required property var history
                required property string historyText
                width: ListView.view.width
                spacing: 12
                Label {
                    text: figure.label
                    wrapMode: Text.Wrap // "Trainingsschritt (reproduzierbar)" takes two lines
                    Layout.preferredWidth: 210
                    Layout.maximumWidth: 210
                    ToolTip.text: figure.deviceFacts
                    ToolTip.visible: factsHover.hovered
                    HoverHandler { id: factsHover }
                }
                Label {
                    objectName: "figureValue_" + figure.index
                    text: figure.valueText
                    font.bold: true
                    Layout.preferredWidth: 130
                }
                ProgressBar {
                    opacity: figure.efficiency >= 0 ? 1 : 0 // keeps its room: the columns stay aligned
                    from: 0
                    to: 1
                    value: Math.min(1, Math.max(0, figure.efficiency))
                    Layout.preferredWidth: 110
                    Accessible.name: qsTr("Share of the peak")
                }
                Sparkline {
                    values: figure.history
                    Layout.preferredWidth: 80
                    Layout.preferredHeight: 20
                }
                // The peak and the history below it: at 1024 px neither is cut.
                ColumnLayout {
                    spacing: 0
                    Layout.fillWidth: true
                    Label {
                        text: figure.efficiency >= 0
                              ? qsTr("%1% %2").arg(Math.round(figure.efficiency * 100)).arg(figure.peakText)
                              : qsTr("peak unknown")
                        opacity: 0.7
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "figureHistory_" + figure.index
                        text: figure.historyText
                        opacity: 0.7
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }
            }
        }
    }
}
