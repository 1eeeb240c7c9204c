import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// A captioned list of text lines in a details panel; hidden when empty.
ColumnLayout {
    id: box
    property string title
    property var lines: []
    visible: lines.length > 0
    spacing: 2
    Layout.fillWidth: true
    Label { text: box.title; color: Theme.textDim; font.pixelSize: Theme.fontSmall; topPadding: Theme.spacingSmall }
    Repeater {
        model: box.lines
        Label {
            required property string modelData
            text: modelData
            color: Theme.text
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }
}
