import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import QtCharts

// Earnings: by day over the last 30 days (values on hover), the totals, the receipts and the
// CSV export. Every figure is EarningsModel's text; the bars' heights are only heights.
Page {
    id: page
    required property QtObject earnings
    title: qsTr("Earnings")
    background: Rectangle { color: Theme.window }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.margin
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            MetricTile { objectName: "earningsLifetimeTile"; title: qsTr("Lifetime"); value: page.earnings.lifetimeText }
            MetricTile { objectName: "earningsBalanceTile"; title: qsTr("Balance"); value: page.earnings.balanceText }
            MetricTile { objectName: "earningsPendingTile"; title: qsTr("Pending"); value: page.earnings.pendingText }
            MetricTile { objectName: "earningsStakeTile"; title: qsTr("Stake"); value: page.earnings.stakeText }
        }

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "periodLabel"
                text: page.earnings.periodText
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.bold: true
                Layout.fillWidth: true
            }
            Label {
                objectName: "hoverLabel"
                id: hoverLabel
                color: Theme.accent
                text: ""
            }
        }

        ChartView {
            id: chart
            objectName: "earningsChart"
            Layout.fillWidth: true
            Layout.preferredHeight: Math.max(200, page.height * 0.34)
            antialiasing: true
            backgroundColor: Theme.panel
            legend.visible: false
            localizeNumbers: true // the axis labels in the language's digits and decimal point
            locale: Qt.uiLanguage.length > 0 ? Qt.locale(Qt.uiLanguage) : Qt.locale()
            margins { top: 4; bottom: 4; left: 4; right: 4 }
            Accessible.name: qsTr("Earnings by day, last 30 days")
            BarSeries {
                id: series
                objectName: "earningsSeries"
                axisX: BarCategoryAxis {
                    categories: page.earnings.dayLabels
                    labelsColor: Theme.textDim
                    gridVisible: false
                    labelsFont.pixelSize: Theme.fontSmall * 0.8
                }
                axisY: ValueAxis {
                    min: page.earnings.minHeight
                    max: page.earnings.maxHeight
                    tickCount: page.earnings.tickCount
                    labelsColor: Theme.textDim
                    gridLineColor: Theme.border
                    labelFormat: "%.2f"
                }
                BarSet {
                    label: qsTr("Credits")
                    color: Theme.accent
                    borderColor: Theme.accent
                    values: page.earnings.dayHeights
                }
                onHovered: (status, index, barset) => hoverLabel.text = status ? page.earnings.dayTexts[index] : ""
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Label { text: qsTr("Receipts"); color: Theme.text; font.pixelSize: Theme.fontLarge; font.bold: true; Layout.fillWidth: true }
            Label { objectName: "exportResult"; id: exportResult; color: Theme.textDim; elide: Text.ElideMiddle; Layout.maximumWidth: page.width * 0.5 }
            Button {
                objectName: "exportButton"
                text: qsTr("Export CSV…")
                enabled: !page.earnings.exporting
                Accessible.name: qsTr("Export the receipts as CSV")
                onClicked: saveDialog.open()
            }
        }

        ListView {
            id: receipts
            objectName: "receiptsList"
            model: page.earnings
            clip: true
            Layout.fillWidth: true
            Layout.fillHeight: true
            keyNavigationEnabled: true
            Accessible.role: Accessible.List
            Accessible.name: qsTr("Receipts")
            ScrollBar.vertical: ScrollBar {}
            delegate: ItemDelegate {
                id: row
                required property string receiptId
                required property string kindText
                required property string amountText
                required property string statusText
                required property string task
                required property string issuedText
                width: ListView.view.width
                Accessible.name: qsTr("%1 %2 credits, %3, %4").arg(kindText).arg(amountText).arg(statusText).arg(task)
                contentItem: RowLayout {
                    spacing: Theme.spacing
                    Label { text: row.issuedText; color: Theme.textDim; Layout.preferredWidth: 150 * Theme.scale }
                    Label { text: row.kindText; color: Theme.text; Layout.preferredWidth: 80 * Theme.scale }
                    Label { text: row.amountText; color: Theme.text; font.bold: true; horizontalAlignment: Text.AlignRight; Layout.preferredWidth: 120 * Theme.scale }
                    Label { text: row.statusText; color: Theme.textDim; Layout.preferredWidth: 80 * Theme.scale }
                    Label { text: row.task; color: Theme.textDim; elide: Text.ElideRight; Layout.preferredWidth: 90 * Theme.scale }
                    Label { text: row.receiptId; color: Theme.textDim; elide: Text.ElideRight; Layout.fillWidth: true }
                }
            }
            Label {
                anchors.centerIn: parent
                visible: receipts.count === 0
                text: qsTr("No receipts yet.")
                color: Theme.textDim
            }
        }
    }

    FileDialog {
        id: saveDialog
        objectName: "exportDialog"
        title: qsTr("Export receipts")
        fileMode: FileDialog.SaveFile
        defaultSuffix: "csv"
        nameFilters: [qsTr("CSV files (*.csv)")]
        onAccepted: page.earnings.exportCsv(selectedFile)
    }
    Connections {
        target: page.earnings
        function onExportFinished(ok, message) { exportResult.text = message }
    }
}
