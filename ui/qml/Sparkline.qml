import QtQuick

// A small line of numbers, oldest left, scaled to its own range; nothing for fewer than two.
Canvas {
    id: line
    property var values: []
    property color color: palette.highlight
    onValuesChanged: requestPaint()
    onWidthChanged: requestPaint()
    onPaint: {
        const ctx = getContext("2d")
        ctx.reset()
        const n = line.values ? line.values.length : 0
        if (n < 2)
            return
        let lo = line.values[0], hi = line.values[0]
        for (let i = 1; i < n; ++i) {
            lo = Math.min(lo, line.values[i])
            hi = Math.max(hi, line.values[i])
        }
        const span = hi > lo ? hi - lo : 1
        ctx.strokeStyle = line.color
        ctx.lineWidth = 1.5
        ctx.beginPath()
        for (let j = 0; j < n; ++j) {
            const x = j * (width - 2) / (n - 1) + 1
            const y = height - 1 - (line.values[j] - lo) / span * (height - 2)
            if (j === 0)
                ctx.moveTo(x, y)
            else
                ctx.lineTo(x, y)
        }
        ctx.stroke()
    }
}
