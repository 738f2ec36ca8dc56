package app

import (
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// tickEvery is how often the countdown bar is redrawn.
const tickEvery = 200 * time.Millisecond

var (
	barTrack = color.NRGBA{R: 0xe0, G: 0xe6, B: 0xed, A: 0xff}
	barFull  = color.NRGBA{R: 0x1e, G: 0x6f, B: 0xd9, A: 0xff}
	barLow   = color.NRGBA{R: 0xe6, G: 0x8a, B: 0x00, A: 0xff}
)

// countdownBar is the visible inactivity countdown: a bar that shrinks from
// full to nothing as the session's idle time runs out.
type countdownBar struct {
	widget.BaseWidget
	fraction float32 // 1: the whole timeout left; 0: none
}

func newCountdownBar() *countdownBar {
	b := &countdownBar{fraction: 1}
	b.ExtendBaseWidget(b)
	return b
}

// set shows left of total remaining.
func (b *countdownBar) set(left, total time.Duration) {
	f := float32(1)
	if total > 0 {
		f = float32(left) / float32(total)
	}
	f = max(0, min(1, f))
	if f != b.fraction {
		b.fraction = f
		b.Refresh()
	}
}

func (b *countdownBar) CreateRenderer() fyne.WidgetRenderer {
	r := &countdownRenderer{
		b:     b,
		track: &canvas.Rectangle{FillColor: barTrack, CornerRadius: 8},
		fill:  &canvas.Rectangle{FillColor: barFull, CornerRadius: 8},
	}
	return r
}

type countdownRenderer struct {
	b           *countdownBar
	track, fill *canvas.Rectangle
}

func (r *countdownRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.track, r.fill}
}

func (r *countdownRenderer) MinSize() fyne.Size { return fyne.NewSize(200, 16) }

func (r *countdownRenderer) Destroy() {}

func (r *countdownRenderer) Layout(size fyne.Size) {
	r.track.Resize(size)
	w := size.Width * r.b.fraction
	r.fill.Resize(fyne.NewSize(w, size.Height))
	// The bar shrinks towards its middle, so it reads the same whichever
	// way the child's language runs.
	r.fill.Move(fyne.NewPos((size.Width-w)/2, 0))
}

func (r *countdownRenderer) Refresh() {
	if r.b.fraction < 0.2 {
		r.fill.FillColor = barLow
	} else {
		r.fill.FillColor = barFull
	}
	r.Layout(r.b.Size())
	canvas.Refresh(r.track)
	canvas.Refresh(r.fill)
}
