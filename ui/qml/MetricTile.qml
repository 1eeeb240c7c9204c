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
    Accessible.role: Accessible.StaticText
    Accessible.name: title + ": " + (value.length > 0 ? value : "—")
    background: Rectangle { color: Theme.panel; radius: Theme.radius; border.color: Theme.border }
    ColumnLayout {
        anchors.fill: parent
        spacing: 4
        Label { text: tile.title; font.pixelSize: Theme.fontSmall; color: Theme.textDim }
        Label {
            objectName: tile.objectName + "Value"
            text: tile.value.length > 0 ? tile.value : "—"
            font.pixelSize: Theme.fontFigure
            color: Theme.text
            font.bold: true
        }
        Label {
            text: tile.detail
            visible: tile.detail.length > 0
            font.pixelSize: Theme.fontSmall
            color: Theme.textDim
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }
}
