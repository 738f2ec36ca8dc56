package app

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"github.com/circdesk/circdesk/assets"
	"github.com/circdesk/circdesk/circ"
)

// smallScreen is the smallest screen a school station has.
var smallScreen = fyne.NewSize(1024, 768)

// longestDemoTitles are the n longest titles of the demo school's catalog.
func longestDemoTitles(t *testing.T, n int) []string {
	t.Helper()
	f, err := assets.Demo.Open("demo/titles.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var titles []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			titles = append(titles, strings.Split(line, "\t")[0])
		}
	}
	slices.SortFunc(titles, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	return titles[:n]
}

// assertFits fails when the window's content needs more room than the
// window has: Fyne's desktop driver then grows the window to fit, past the
// screen's edge, and never shrinks it back.
func (s *station) assertFits(when string) {
	s.t.Helper()
	c := s.ui.win.Canvas()
	min := c.Content().MinSize()
	if s.ui.win.Padded() {
		min = min.Add(fyne.NewSquareSize(2 * theme.Padding()))
	}
	if min.Width > smallScreen.Width || min.Height > smallScreen.Height {
		s.t.Errorf("%s: the window needs %v, more than the %v screen: it would grow past the screen", when, min, smallScreen)
	}
	if got := c.Size(); got != smallScreen {
		s.t.Errorf("%s: the window is %v, want %v", when, got, smallScreen)
	}
}

func TestLongTitlesFitASmallScreen(t *testing.T) {
	titles := longestDemoTitles(t, 5)
	var items []circ.Item
	for i, title := range titles {
		items = append(items, circ.Item{Barcode: fmt.Sprintf("3123400009%04d", i), Title: title, Status: circ.Available, Parts: 1})
	}
	s := newStation(t, stationConfig{items: items})
	s.ui.win.Resize(smallScreen)
	s.assertFits("at the start")

	// Check-in: the "Returned:" card, the hold card and the "Just
	// returned" line, with the longest titles.
	s.switchMode("Check-in", circ.ModeCheckin)
	r := s.ui.kiosk.returns
	for _, it := range items {
		s.scan(it.Barcode)
		s.waitForText("returned", r.result.title, it.Title)
		s.assertFits("after returning " + it.Title)
	}
	s.scan(oceanBook)
	s.waitForText("hold card", r.hold.headline, "Hold shelf: Sam")
	s.assertFits("with the hold card up")

	// And back to checkout: the banner and the session's list.
	s.switchMode("Checkout", circ.ModeCheckout)
	s.assertFits("back in checkout")
	s.identify(mayaCard, "Hi Maya!")
	for _, it := range items {
		s.scan(it.Barcode)
		s.waitForText("banner title", s.ui.kiosk.checkout.banner.card.title, it.Title)
		s.assertFits("after borrowing " + it.Title)
	}
	s.ui.tabs.SelectIndex(1)
	s.assertFits("on the librarian's side")
}
