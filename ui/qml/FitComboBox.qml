import QtQuick
import QtQuick.Controls

// A ComboBox as wide as its widest choice in the current font, so no choice is cut in any
// language and at any window size (Theme.scale grows the font on large windows; Qt 6.4's
// ComboBox.WidestText does not measure again when the font changes). `model` is a list of
// strings, or of objects whose `textRole` property is the text.
ComboBox {
    id: box
    FontMetrics { id: metrics; font: box.font }
    implicitContentWidthPolicy: ComboBox.ContentItemImplicitWidth
    implicitWidth: {
        void metrics.font.pixelSize // measure again when the font changes
        let widest = 0
        const items = box.model
        const count = items && items.length !== undefined ? items.length : 0
        for (let i = 0; i < count; ++i) {
            const entry = items[i]
            const text = box.textRole.length > 0 ? String(entry[box.textRole]) : String(entry)
            widest = Math.max(widest, metrics.advanceWidth(text))
        }
        return Math.ceil(widest) + leftPadding + rightPadding + (indicator ? indicator.width + spacing : 0)
    }
}
