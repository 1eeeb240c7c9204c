import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Settings: one row per key of the settings table (SettingsModel), its editor chosen by the
// key's type, so a new setting appears here without QML work. A refused value keeps what was
// typed and shows the table's message under the editor.
Page {
    id: page
    required property QtObject settings
    title: qsTr("Settings")

    ListView {
        id: list
        objectName: "settingsList"
        anchors.fill: parent
        anchors.margins: 24
        clip: true
        spacing: 14
        model: page.settings
        keyNavigationEnabled: true
        ScrollBar.vertical: ScrollBar {}

        section.property: "section"
        section.delegate: Label {
            required property string section
            text: section
            font.pixelSize: 18
            font.bold: true
            topPadding: 12
            bottomPadding: 2
        }

        delegate: ColumnLayout {
            id: row
            required property string key
            required property string label
            required property string description
            required property string editor
            required property var value
            required property string valueText
            required property string defaultText
            required property bool isDefault
            required property real minimum
            required property real maximum
            required property string rangeText
            required property var choices
            required property var choiceLabels
            required property string error

            width: ListView.view.width
            spacing: 4

            function store(v) {
                return page.settings.setValue(row.key, v)
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12
                Label {
                    text: row.label
                    font.bold: true
                    Layout.preferredWidth: 220
                    wrapMode: Text.Wrap // a long label (German) takes two lines, never cut
                }
                Loader {
                    id: editorLoader
                    Layout.fillWidth: true
                    sourceComponent: row.editor === "bool" ? boolEditor
                                   : row.editor === "int" ? intEditor
                                   : row.editor === "double" ? numberEditor
                                   : row.editor === "choice" ? choiceEditor
                                   : row.editor === "schedule" ? scheduleEditor
                                   : textEditor
                }
                Button {
                    objectName: "settingReset_" + row.key
                    text: qsTr("Default")
                    visible: !row.isDefault
                    Accessible.name: qsTr("Reset %1 to its default (%2)").arg(row.label).arg(row.defaultText)
                    ToolTip.text: qsTr("Default: %1").arg(row.defaultText)
                    ToolTip.visible: hovered
                    onClicked: page.settings.reset(row.key)
                }
            }
            Label {
                text: row.rangeText === "" ? row.description : qsTr("%1 (%2)").arg(row.description).arg(row.rangeText)
                wrapMode: Text.Wrap
                opacity: 0.7
                Layout.fillWidth: true
            }
            Label {
                objectName: "settingError_" + row.key
                visible: row.error !== ""
                text: row.error
                color: "#ef5350"
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }

            Component {
                id: boolEditor
                Switch {
                    objectName: "setting_" + row.key
                    checked: row.value === true
                    Accessible.name: row.label
                    onToggled: {
                        row.store(checked)
                        checked = Qt.binding(function() { return row.value === true })
                    }
                }
            }
            Component {
                id: intEditor
                SpinBox {
                    objectName: "setting_" + row.key
                    from: row.minimum
                    to: row.maximum
                    value: row.value
                    editable: true
                    Accessible.name: row.label
                    onValueModified: {
                        row.store(value)
                        value = Qt.binding(function() { return row.value })
                    }
                }
            }
            Component {
                id: numberEditor
                TextField {
                    objectName: "setting_" + row.key
                    text: row.valueText
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    Accessible.name: row.label
                    onEditingFinished: {
                        if (row.store(text))
                            text = Qt.binding(function() { return row.valueText })
                    }
                }
            }
            Component {
                id: textEditor
                TextField {
                    objectName: "setting_" + row.key
                    text: row.value
                    placeholderText: qsTr("(empty)")
                    Accessible.name: row.label
                    onEditingFinished: {
                        if (row.store(text))
                            text = Qt.binding(function() { return row.value })
                    }
                }
            }
            Component {
                id: choiceEditor
                ComboBox {
                    objectName: "setting_" + row.key
                    model: row.choiceLabels
                    currentIndex: row.choices.indexOf(row.value)
                    Accessible.name: row.label
                    onActivated: function(index) {
                        row.store(row.choices[index])
                        currentIndex = Qt.binding(function() { return row.choices.indexOf(row.value) })
                    }
                }
            }
            Component {
                id: scheduleEditor
                RowLayout {
                    spacing: 6
                    TextField {
                        id: scheduleField
                        objectName: "setting_" + row.key
                        text: row.value
                        placeholderText: "mon-fri 18-8; sat,sun 0-24"
                        Accessible.name: row.label
                        Layout.fillWidth: true
                        onEditingFinished: {
                            if (row.store(text))
                                text = Qt.binding(function() { return row.value })
                        }
                    }
                    Button {
                        objectName: "schedulePresetAlways"
                        text: qsTr("Every hour")
                        onClicked: {
                            row.store("always")
                            scheduleField.text = Qt.binding(function() { return row.value })
                        }
                    }
                    Button {
                        objectName: "schedulePresetEvenings"
                        text: qsTr("Evenings and weekends")
                        onClicked: {
                            row.store("mon-fri 18-8; sat,sun 0-24")
                            scheduleField.text = Qt.binding(function() { return row.value })
                        }
                    }
                }
            }
        }
    }
}
