pragma Singleton
import QtQuick

// The dashboard's one dark theme: colours, spacing and font sizes. Sizes are in device-
// independent pixels (Qt scales them on HiDPI); `scale` grows them a little on large windows so
// that 2560x1440 does not look empty and 1024x700 still fits (Main.qml sets `windowWidth`).
QtObject {
    id: theme
    property real windowWidth: 1024
    readonly property real scale: Math.max(1.0, Math.min(1.35, windowWidth / 1280))

    readonly property color window: "#15171c"
    readonly property color panel: "#1d2027"
    readonly property color panelRaised: "#252933"
    readonly property color sidebar: "#101216"
    readonly property color border: "#323744"
    readonly property color text: "#e8eaf0"
    readonly property color textDim: "#9aa1b1"
    readonly property color accent: "#4fb3ff"
    readonly property color accentDim: "#23507a"
    readonly property color good: "#5ccf7f"
    readonly property color warning: "#f0b54a"
    readonly property color bad: "#ff6b6b"

    readonly property int spacing: Math.round(12 * scale)
    readonly property int spacingSmall: Math.round(6 * scale)
    readonly property int margin: Math.round(24 * scale)
    readonly property int radius: 6
    readonly property int sidebarWidth: Math.round(196 * scale)

    readonly property int fontSmall: Math.round(12 * scale)
    readonly property int fontNormal: Math.round(14 * scale)
    readonly property int fontLarge: Math.round(18 * scale)
    readonly property int fontTitle: Math.round(22 * scale)
    readonly property int fontFigure: Math.round(26 * scale)

    // The colour of a history state (Activity, Overview).
    function stateColor(state) {
        switch (state) {
        case "verified": case "won": return good
        case "disputed": return warning
        case "lost": case "slashed": return bad
        default: return textDim
        }
    }

    // The dashboard's palette onto a window's or control's `palette` (Main.qml; a page shown in
    // a window of its own, as the GUI tests do, gets the same).
    function applyPalette(p) {
        p.window = theme.window
        p.windowText = theme.text
        p.base = theme.panel
        p.alternateBase = theme.panelRaised
        p.text = theme.text
        p.button = theme.panelRaised
        p.buttonText = theme.text
        p.highlight = theme.accentDim
        p.highlightedText = theme.text
        p.placeholderText = theme.textDim
        p.toolTipBase = theme.panelRaised
        p.toolTipText = theme.text
        p.mid = theme.border
        p.dark = theme.sidebar
        p.light = theme.panelRaised
    }
}
