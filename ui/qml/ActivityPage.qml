import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Activity: every task, audit and dispute from the node's history with its verification state;
// filters and sorting are ActivityFilterModel's, the details ActivityModel's.
Page {
    id: page
    required property QtObject activity
    readonly property QtObject rows: activity.filtered
    title: qsTr("Activity")
    background: Rectangle { color: Theme.window }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 100 // it takes what the details panel leaves, never pushes it out
            spacing: Theme.spacing

            // The filters wrap onto a second line where the page is narrow (1024 px, long
            // German or Spanish choices): nothing is cut and the details panel keeps its room.
            Flow {
                id: filters
                Layout.fillWidth: true
                spacing: Theme.spacingSmall
                FitComboBox {
                    id: kindFilter
                    objectName: "kindFilter"
                    textRole: "text"
                    valueRole: "value"
                    model: [{ text: qsTr("All kinds"), value: "" }, { text: qsTr("Tasks"), value: "task" },
                            { text: qsTr("Audits"), value: "audit" }, { text: qsTr("Disputes"), value: "dispute" }]
                    onActivated: page.rows.kind = currentValue
                    Accessible.name: qsTr("Show kind")
                }
                FitComboBox {
                    objectName: "stateFilter"
                    textRole: "text"
                    valueRole: "value"
                    model: [{ text: qsTr("All states"), value: "" }, { text: qsTr("In progress"), value: "open" },
                            { text: qsTr("Verified or won"), value: "verified" }, { text: qsTr("Disputed"), value: "disputed" },
                            { text: qsTr("Lost or slashed"), value: "lost" }]
                    onActivated: page.rows.stateGroup = currentValue
                    Accessible.name: qsTr("Show state")
                }
                FitComboBox {
                    id: sortBox
                    objectName: "sortBox"
                    textRole: "text"
                    valueRole: "value"
                    model: [{ text: qsTr("Newest first"), value: "started", asc: false },
                            { text: qsTr("Oldest first"), value: "started", asc: true },
                            { text: qsTr("By task"), value: "task", asc: true },
                            { text: qsTr("By state"), value: "state", asc: true },
                            { text: qsTr("Most credits"), value: "credits", asc: false }]
                    onActivated: index => page.rows.sortBy(currentValue, model[index].asc)
                    Accessible.name: qsTr("Sort")
                }
                TextField {
                    objectName: "searchField"
                    placeholderText: qsTr("Task or game")
                    width: Math.max(160 * Theme.scale, Math.min(320 * Theme.scale, filters.width))
                    onTextChanged: page.rows.search = text
                    Accessible.name: qsTr("Search by task or game")
                }
            }

            ListView {
                id: list
                objectName: "activityList"
                model: page.rows
                clip: true
                spacing: 2
                focus: true
                keyNavigationEnabled: true
                currentIndex: -1
                Layout.fillWidth: true
                Layout.fillHeight: true
                Accessible.role: Accessible.List
                Accessible.name: qsTr("Tasks, audits and disputes")
                // The current delegate's row: it follows filtering and sorting, not only the index.
                onCurrentItemChanged: page.activity.select(currentItem ? currentItem.historyId : 0)
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: item
                    required property int index
                    required property var historyId
                    required property string kindText
                    required property string taskId
                    required property string game
                    required property string roleText
                    required property string state
                    required property string stateText
                    required property string creditsText
                    required property string startedText
                    width: ListView.view.width
                    // At 1024 px beside the details panel the role and the date make room.
                    readonly property bool narrow: width < 560 * Theme.scale
                    highlighted: ListView.isCurrentItem
                    Accessible.name: qsTr("%1 %2, %3, %4").arg(kindText).arg(taskId).arg(stateText).arg(creditsText)
                    onClicked: list.currentIndex = index
                    contentItem: RowLayout {
                        spacing: Theme.spacing
                        Label { text: item.kindText; color: Theme.textDim; Layout.preferredWidth: 70 * Theme.scale }
                        Label {
                            text: item.game.length > 0 ? qsTr("%1 / %2").arg(item.taskId).arg(item.game) : item.taskId
                            color: Theme.text
                            font.bold: true
                            Layout.preferredWidth: 110 * Theme.scale
                        }
                        Label { text: item.roleText; color: Theme.textDim; visible: !item.narrow; Layout.preferredWidth: 70 * Theme.scale }
                        Label {
                            objectName: "stateText"
                            text: item.stateText
                            color: Theme.stateColor(item.state)
                            font.bold: true
                            Layout.preferredWidth: 90 * Theme.scale
                        }
                        Label {
                            text: item.creditsText
                            color: Theme.text
                            horizontalAlignment: Text.AlignRight
                            elide: Text.ElideLeft
                            Layout.preferredWidth: 90 * Theme.scale
                            Layout.fillWidth: item.narrow
                        }
                        Label { text: item.startedText; color: Theme.textDim; elide: Text.ElideRight; visible: !item.narrow; Layout.fillWidth: true }
                    }
                }
                Label {
                    anchors.centerIn: parent
                    visible: list.count === 0
                    text: qsTr("No tasks, audits or disputes yet.")
                    color: Theme.textDim
                }
            }
        }

        ActivityDetails {
            objectName: "detailsPanel"
            activity: page.activity
            Layout.fillHeight: true
            Layout.preferredWidth: Math.max(320, page.width * 0.36)
            Layout.minimumWidth: 300
        }
    }
}
