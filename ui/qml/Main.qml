import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    required property QtObject overview
    required property QtObject network

    width: 900
    height: 600
    minimumWidth: 640
    minimumHeight: 420
    title: qsTr("IdleForge")

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            Image {
                source: "qrc:/idleforge/icons/idleforge.svg"
                sourceSize.width: 28
                sourceSize.height: 28
            }
            Label {
                text: qsTr("IdleForge")
                font.pixelSize: 18
                font.bold: true
                Layout.fillWidth: true
            }
        }
    }

    OverviewPage {
        objectName: "overviewPage"
        anchors.fill: parent
        overview: window.overview
        network: window.network
    }
}
