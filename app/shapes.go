package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// atLeast is a layout that stretches its objects over the container and
// makes the container at least min: big touch targets, fixed drawing sizes.
type atLeast struct{ min fyne.Size }

func (l atLeast) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := l.min
	for _, o := range objs {
		if o.Visible() {
			s = s.Max(o.MinSize())
		}
	}
	return s
}

func (l atLeast) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

// sized wraps o so that it is at least w×h.
func sized(o fyne.CanvasObject, w, h float32) *fyne.Container {
	return container.New(atLeast{fyne.NewSize(w, h)}, o)
}

// symbolKind is the picture beside an outcome's words.
type symbolKind int

const (
	symbolOK   symbolKind = iota // a white check in a green circle
	symbolStop                   // a white bar in a red octagon, like a stop sign
	symbolHold                   // a white bookmark in an amber square: for the hold shelf
	symbolWarn                   // a white "!" in an amber circle: a doubt, or wait for more
)

var white = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}

// symbol draws an outcome's icon with canvas shapes, so its colours do not
// depend on the app's theme variant.
type symbol struct {
	widget.BaseWidget
	kind symbolKind
	size float32
}

func newSymbol(kind symbolKind, size float32) *symbol {
	s := &symbol{kind: kind, size: size}
	s.ExtendBaseWidget(s)
	return s
}

func (s *symbol) setKind(k symbolKind) {
	if s.kind != k {
		s.kind = k
		s.Refresh()
	}
}

func (s *symbol) CreateRenderer() fyne.WidgetRenderer {
	r := &symbolRenderer{
		s:      s,
		circle: canvas.NewCircle(okColor),
		stop:   &canvas.Polygon{FillColor: refusedColor, Sides: 8, Angle: 22.5},
		square: &canvas.Rectangle{FillColor: holdColor},
		tick1:  canvas.NewLine(white),
		tick2:  canvas.NewLine(white),
		bar:    canvas.NewRectangle(white),
		mark:   &canvas.Polygon{FillColor: holdColor, Sides: 3},
		markV:  canvas.NewRectangle(white),
		warn:   canvas.NewCircle(holdColor),
		bang:   canvas.NewRectangle(white),
		dot:    canvas.NewCircle(white),
	}
	r.refresh()
	return r
}

type symbolRenderer struct {
	s            *symbol
	circle       *canvas.Circle
	stop         *canvas.Polygon
	square       *canvas.Rectangle
	tick1, tick2 *canvas.Line
	bar          *canvas.Rectangle
	mark         *canvas.Polygon // the notch, in the background colour
	markV        *canvas.Rectangle
	warn         *canvas.Circle    // the amber disc of symbolWarn
	bang         *canvas.Rectangle // the stroke of its "!"
	dot          *canvas.Circle    // and the dot
}

func (r *symbolRenderer) Objects() []fyne.CanvasObject {
	return []fyne.CanvasObject{r.circle, r.stop, r.square, r.warn, r.tick1, r.tick2, r.bar, r.markV, r.mark, r.bang, r.dot}
}

func (r *symbolRenderer) MinSize() fyne.Size { return fyne.NewSize(r.s.size, r.s.size) }

func (r *symbolRenderer) Destroy() {}

func (r *symbolRenderer) Refresh() {
	r.refresh()
	r.Layout(r.s.Size())
	for _, o := range r.Objects() {
		canvas.Refresh(o)
	}
}

func (r *symbolRenderer) refresh() {
	k := r.s.kind
	show := func(o fyne.CanvasObject, on bool) {
		if on {
			o.Show()
		} else {
			o.Hide()
		}
	}
	show(r.circle, k == symbolOK)
	show(r.tick1, k == symbolOK)
	show(r.tick2, k == symbolOK)
	show(r.stop, k == symbolStop)
	show(r.bar, k == symbolStop)
	show(r.square, k == symbolHold)
	show(r.mark, k == symbolHold)
	show(r.markV, k == symbolHold)
	show(r.warn, k == symbolWarn)
	show(r.bang, k == symbolWarn)
	show(r.dot, k == symbolWarn)
}

func (r *symbolRenderer) Layout(size fyne.Size) {
	d := min(size.Width, size.Height)
	x0, y0 := (size.Width-d)/2, (size.Height-d)/2
	at := func(fx, fy float32) fyne.Position { return fyne.NewPos(x0+fx*d, y0+fy*d) }
	whole := fyne.NewSize(d, d)

	r.circle.Move(at(0, 0))
	r.circle.Resize(whole)
	r.tick1.StrokeWidth, r.tick2.StrokeWidth = d/9, d/9
	r.tick1.Position1, r.tick1.Position2 = at(0.26, 0.52), at(0.44, 0.70)
	r.tick2.Position1, r.tick2.Position2 = at(0.42, 0.70), at(0.76, 0.33)

	r.stop.Move(at(0, 0))
	r.stop.Resize(whole)
	r.bar.Move(at(0.2, 0.42))
	r.bar.Resize(fyne.NewSize(0.6*d, 0.16*d))
	r.bar.CornerRadius = 0.04 * d

	r.square.Move(at(0, 0))
	r.square.Resize(whole)
	r.square.CornerRadius = 0.18 * d
	// A bookmark: a white ribbon with a notch cut in its foot.
	r.markV.Move(at(0.32, 0.16))
	r.markV.Resize(fyne.NewSize(0.36*d, 0.66*d))
	r.mark.Move(at(0.32, 0.62))
	r.mark.Resize(fyne.NewSize(0.36*d, 0.24*d))

	r.warn.Move(at(0, 0))
	r.warn.Resize(whole)
	r.bang.Move(at(0.42, 0.18))
	r.bang.Resize(fyne.NewSize(0.16*d, 0.42*d))
	r.bang.CornerRadius = 0.06 * d
	r.dot.Move(at(0.41, 0.66))
	r.dot.Resize(fyne.NewSize(0.18*d, 0.18*d))
}
