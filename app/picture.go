package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/widget"
)

// cardPicture draws a library card held under a barcode scanner, for the
// Welcome screen. It is made of canvas shapes: no image file, and it scales
// with the space it gets.
type cardPicture struct {
	widget.BaseWidget
	book bool // a book under the scanner (the Returns screen), not a card
}

func newCardPicture() *cardPicture {
	p := &cardPicture{}
	p.ExtendBaseWidget(p)
	return p
}

// newBookPicture draws a book held under the scanner, for the Returns screen.
func newBookPicture() *cardPicture {
	p := &cardPicture{book: true}
	p.ExtendBaseWidget(p)
	return p
}

var (
	scannerBody  = color.NRGBA{R: 0x37, G: 0x47, B: 0x4f, A: 0xff}
	scannerGlass = color.NRGBA{R: 0xff, G: 0x3d, B: 0x3d, A: 0xff}
	beamTop      = color.NRGBA{R: 0xff, G: 0x3d, B: 0x3d, A: 0x48}
	beamBottom   = color.NRGBA{R: 0xff, G: 0x3d, B: 0x3d, A: 0x14}
	cardFace     = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	cardEdge     = color.NRGBA{R: 0xb0, G: 0xbe, B: 0xc5, A: 0xff}
	cardBand     = color.NRGBA{R: 0x1e, G: 0x6f, B: 0xd9, A: 0xff}
	cardPhoto    = color.NRGBA{R: 0xd6, G: 0xe8, B: 0xfb, A: 0xff}
	cardPerson   = color.NRGBA{R: 0x7b, G: 0xa7, B: 0xdc, A: 0xff}
	cardText     = color.NRGBA{R: 0xcf, G: 0xd8, B: 0xdc, A: 0xff}
	barInk       = color.NRGBA{R: 0x21, G: 0x21, B: 0x21, A: 0xff}
)

// barWidths is the barcode drawn on the card, in units: bar, space, bar, …
var barWidths = []float32{2, 1, 1, 1, 3, 1, 1, 2, 2, 1, 1, 1, 3, 2, 1, 1, 2, 1, 1, 3, 1, 1, 2, 1, 1, 2, 3, 1, 1}

func (p *cardPicture) CreateRenderer() fyne.WidgetRenderer {
	r := &cardRenderer{
		book:   p.book,
		body:   &canvas.Rectangle{FillColor: scannerBody, CornerRadius: 18},
		grip:   &canvas.Rectangle{FillColor: scannerBody, CornerRadius: 10},
		glass:  &canvas.Rectangle{FillColor: scannerGlass, CornerRadius: 4},
		beam:   canvas.NewVerticalGradient(beamTop, beamBottom),
		card:   &canvas.Rectangle{FillColor: cardFace, StrokeColor: cardEdge, StrokeWidth: 3, CornerRadius: 16},
		band:   &canvas.Rectangle{FillColor: cardBand, CornerRadius: 12},
		photo:  &canvas.Rectangle{FillColor: cardPhoto, CornerRadius: 6},
		head:   canvas.NewCircle(cardPerson),
		torso:  &canvas.Rectangle{FillColor: cardPerson, CornerRadius: 18},
		laser:  &canvas.Rectangle{FillColor: scannerGlass, CornerRadius: 2},
		shadow: &canvas.Rectangle{FillColor: color.NRGBA{A: 0x18}, CornerRadius: 16},
	}
	for range 3 {
		r.lines = append(r.lines, &canvas.Rectangle{FillColor: cardText, CornerRadius: 4})
	}
	for i := range barWidths {
		if i%2 == 0 {
			r.bars = append(r.bars, canvas.NewRectangle(barInk))
		}
	}
	return r
}

type cardRenderer struct {
	book              bool
	body, grip, glass *canvas.Rectangle
	beam              *canvas.LinearGradient
	shadow, card      *canvas.Rectangle
	band, photo       *canvas.Rectangle
	head              *canvas.Circle
	torso             *canvas.Rectangle
	lines, bars       []*canvas.Rectangle
	laser             *canvas.Rectangle
}

func (r *cardRenderer) Objects() []fyne.CanvasObject {
	objs := []fyne.CanvasObject{r.shadow, r.card, r.band, r.photo, r.torso, r.head}
	for _, l := range r.lines {
		objs = append(objs, l)
	}
	for _, b := range r.bars {
		objs = append(objs, b)
	}
	return append(objs, r.beam, r.laser, r.grip, r.body, r.glass)
}

// The drawing is designed on a 400×300 grid and scaled to fit.
const pictureW, pictureH = 400, 300

func (r *cardRenderer) MinSize() fyne.Size { return fyne.NewSize(pictureW*0.8, pictureH*0.8) }

func (r *cardRenderer) Destroy() {}

func (r *cardRenderer) Refresh() {
	for _, o := range r.Objects() {
		canvas.Refresh(o)
	}
}

func (r *cardRenderer) Layout(size fyne.Size) {
	k := min(size.Width/pictureW, size.Height/pictureH)
	x0 := (size.Width - pictureW*k) / 2
	y0 := (size.Height - pictureH*k) / 2
	place := func(o fyne.CanvasObject, x, y, w, h float32) {
		o.Move(fyne.NewPos(x0+x*k, y0+y*k))
		o.Resize(fyne.NewSize(w*k, h*k))
	}
	// The scanner, a handheld head pointing down.
	place(r.grip, 280, 0, 50, 40)
	place(r.body, 131, 20, 220, 56)
	place(r.glass, 161, 70, 160, 8)
	place(r.beam, 161, 78, 160, 178)
	if r.book {
		r.layoutBook(place)
		return
	}
	// The card under it.
	place(r.shadow, 66, 126, 280, 170)
	place(r.card, 60, 120, 280, 170)
	place(r.band, 60, 120, 280, 34)
	place(r.photo, 78, 168, 70, 84)
	place(r.head, 98, 180, 30, 30)
	place(r.torso, 89, 216, 48, 36)
	for i, l := range r.lines {
		place(l, 164, float32(172+i*22), float32(150-i*34), 10)
	}
	r.placeBarcode(place, 164, 234, 3.5, 44)
	place(r.laser, 158, 254, 166, 5)
}

// layoutBook lays out the book variant: a cover with a coloured spine, its
// title lines and the barcode label, under the scanner.
func (r *cardRenderer) layoutBook(place func(o fyne.CanvasObject, x, y, w, h float32)) {
	place(r.shadow, 96, 116, 210, 184)
	place(r.card, 90, 110, 210, 184)
	place(r.band, 90, 110, 30, 184) // the spine
	for _, o := range []fyne.CanvasObject{r.photo, r.head, r.torso} {
		o.Resize(fyne.NewSize(0, 0))
	}
	for i, l := range r.lines {
		place(l, 136, float32(132+i*22), float32(140-i*30), 10)
	}
	r.placeBarcode(place, 150, 224, 2.5, 40)
	place(r.laser, 140, 254, 150, 5)
}

// placeBarcode lays the bars out from x at y, unit wide per barWidths unit
// and h high.
func (r *cardRenderer) placeBarcode(place func(o fyne.CanvasObject, x, y, w, h float32), x, y, unit, h float32) {
	bar := 0
	for i, w := range barWidths {
		if i%2 == 0 {
			place(r.bars[bar], x, y, w*unit, h)
			bar++
		}
		x += w * unit
	}
}
