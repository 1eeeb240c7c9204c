import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One headline figure with a caption.
Frame {
    id: tile
    property string title
    property string value
    property string detail

    Layout.fillWidth: true
    ColumnLayout {
        anchors.fill: parent
        spacing: 4
        Label { text: tile.title; font.pixelSize: 13; opacity: 0.7 }
        Label {
            objectName: tile.objectName + "Value"
            text: tile.value.length > 0 ? tile.value : "—"
            font.pixelSize: 26
            font.bold: true
        }
        Label {
            text: tile.detail
            visible: tile.detail.length > 0
            font.pixelSize: 12
            opacity: 0.7
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }
}
