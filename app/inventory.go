package app

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/circ/callnumber"
	"github.com/circdesk/circdesk/circ/inventory"
)

// InventoryOptions give the station window its inventories.
type InventoryOptions struct {
	Service *inventory.Service
	// Dir is where report exports and finalize's barcode files are saved.
	Dir string
}

// inventoryRecent is how many of the latest scans the screen lists.
const inventoryRecent = 8

// The colours of the scan results: never alone, always with words.
var (
	resultGreen  = color.NRGBA{R: 0x1b, G: 0x7f, B: 0x3b, A: 0xff}
	resultAmber  = color.NRGBA{R: 0xc7, G: 0x7c, B: 0x02, A: 0xff}
	resultBlue   = color.NRGBA{R: 0x1f, G: 0x5f, B: 0xbf, A: 0xff}
	resultRed    = color.NRGBA{R: 0xb3, G: 0x26, B: 0x1e, A: 0xff}
	resultPurple = color.NRGBA{R: 0x6a, G: 0x3d, B: 0x9a, A: 0xff}
	// resultNeutral: no verdict yet (the shelf order waits for the next book).
	resultNeutral = color.NRGBA{R: 0x55, G: 0x5b, B: 0x66, A: 0xff}
)

// inventoryView is the librarian's Inventory tab: pick or start an
// inventory, then scan into it from every reader; each scan shows large and
// in colour, with the counts, the progress and the last few scans.
type inventoryView struct {
	pick *widget.Select
	name *widget.Entry
	loc  *widget.Entry
	from *widget.Entry
	to   *widget.Entry
	// The rest of the scope: collection, material type, the call-number
	// scheme, and leaving out what an inventory saw lately.
	collection *widget.Entry
	material   *widget.Entry
	scheme     *widget.Select
	skipDays   *widget.Entry
	start      *widget.Button
	scan       *widget.Button // start or stop scanning into the picked inventory
	csv        *widget.Button
	pdf        *widget.Button
	final      *widget.Button
	message    *widget.Label // what became of the last action, or the problem

	banner   *canvas.Rectangle
	headline *canvas.Text  // "On shelf", large
	result   *widget.Label // the same words with the detail: "Out of order. Belongs after 599.75 LIO"
	progress *widget.ProgressBar
	share    *widget.Label // "12 of 40 accounted for"
	counts   *widget.Label
	recent   *widget.Label
	box      fyne.CanvasObject

	scanning bool
	// recentScans are the latest scans, newest first, as the session now
	// judges them; pending is the newest book whose place on the shelf the
	// next read decides.
	recentScans []inventory.Scan
	pending     string

	actions inventoryActions
}

// inventoryActions are what the tab asks of the station; answers come back
// through the view's methods, on the UI goroutine.
type inventoryActions struct {
	load     func()
	start    func(spec inventory.Spec)
	begin    func(name string)
	end      func()
	export   func(name, format string)
	finalize func(name string)
	now      func() time.Time // the station's clock
}

func newInventoryView(a inventoryActions) *inventoryView {
	v := &inventoryView{actions: a}
	v.pick = widget.NewSelect(nil, func(string) { v.stopped() })
	v.pick.PlaceHolder = lang.X("inventory.pick", "Pick an inventory")
	v.name = widget.NewEntry()
	v.name.SetPlaceHolder(lang.X("inventory.name", "Name, such as Nonfiction 500s"))
	v.loc = widget.NewEntry()
	v.loc.SetPlaceHolder(lang.X("inventory.location", "Location (all when empty)"))
	v.from = widget.NewEntry()
	v.from.SetPlaceHolder(lang.X("inventory.from", "From call number"))
	v.to = widget.NewEntry()
	v.to.SetPlaceHolder(lang.X("inventory.to", "To call number"))
	v.collection = widget.NewEntry()
	v.collection.SetPlaceHolder(lang.X("inventory.collection", "Collection (all when empty)"))
	v.material = widget.NewEntry()
	v.material.SetPlaceHolder(lang.X("inventory.material", "Material type (all when empty)"))
	v.scheme = widget.NewSelect([]string{schemeAuto(), "Dewey", "LC"}, nil)
	v.scheme.SetSelected(schemeAuto())
	v.skipDays = widget.NewEntry()
	v.skipDays.SetPlaceHolder(lang.X("inventory.skip_days", "Skip books seen in the last … days"))
	v.start = widget.NewButtonWithIcon(lang.X("inventory.start", "Start inventory"), theme.ContentAddIcon(), v.onStart)
	v.scan = widget.NewButtonWithIcon(lang.X("inventory.scan.start", "Start scanning"), theme.MediaPlayIcon(), v.onScan)
	v.scan.Importance = widget.HighImportance
	v.csv = widget.NewButtonWithIcon(lang.X("inventory.export.csv", "Save report (CSV)"), theme.DocumentSaveIcon(), func() { v.onExport("csv") })
	v.pdf = widget.NewButtonWithIcon(lang.X("inventory.export.pdf", "Save report (PDF)"), theme.DocumentSaveIcon(), func() { v.onExport("pdf") })
	v.final = widget.NewButtonWithIcon(lang.X("inventory.finalize", "Finalize…"), theme.ConfirmIcon(), v.onFinalize)
	v.final.Importance = widget.DangerImportance
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord

	v.banner = canvas.NewRectangle(color.Transparent)
	v.headline = canvas.NewText(lang.X("inventory.ready", "Pick or start an inventory, then scan."), theme.Color(theme.ColorNameForeground))
	v.headline.TextSize = 40
	v.headline.TextStyle.Bold = true
	v.headline.Alignment = fyne.TextAlignCenter
	v.result = widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	v.progress = widget.NewProgressBar()
	v.share = widget.NewLabel("")
	v.counts = widget.NewLabel("")
	v.counts.Wrapping = fyne.TextWrapWord
	v.recent = widget.NewLabel("")

	form := container.NewVBox(
		container.NewGridWithColumns(5, v.name, v.loc, v.from, v.to, v.start),
		container.NewGridWithColumns(4, v.collection, v.material, v.scheme, v.skipDays),
	)
	controls := container.NewHBox(v.pick, v.scan, v.csv, v.pdf, v.final)
	big := container.NewStack(v.banner, container.NewPadded(container.NewVBox(v.headline, v.result)))
	v.box = container.NewBorder(
		container.NewVBox(form, controls, v.message, widget.NewSeparator()), nil, nil, nil,
		container.NewVBox(big, v.progress, v.share, v.counts,
			widget.NewLabelWithStyle(lang.X("inventory.recent", "Last scans"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), v.recent),
	)
	v.enable()
	return v
}

func (v *inventoryView) enable() {
	picked := v.pick.Selected != ""
	for _, b := range []*widget.Button{v.scan, v.csv, v.pdf, v.final} {
		if picked {
			b.Enable()
		} else {
			b.Disable()
		}
	}
}

func (v *inventoryView) onStart() {
	name := strings.TrimSpace(v.name.Text)
	if name == "" {
		v.say(lang.X("inventory.noname", "Give the inventory a name."))
		return
	}
	spec := inventory.Spec{Name: name, Location: v.loc.Text, From: strings.TrimSpace(v.from.Text), To: strings.TrimSpace(v.to.Text),
		Collection: strings.TrimSpace(v.collection.Text), MaterialType: strings.TrimSpace(v.material.Text)}
	switch v.scheme.Selected {
	case "Dewey":
		spec.Scheme = callnumber.Dewey
	case "LC":
		spec.Scheme = callnumber.LC
	}
	if d := strings.TrimSpace(v.skipDays.Text); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n < 1 || n > 3650 {
			v.say(lang.X("inventory.skip_days.bad", "Skip books seen in the last 1 to 3650 days, or leave it empty."))
			return
		}
		spec.SkipSeenSince = v.actions.now().AddDate(0, 0, -n)
	}
	v.actions.start(spec)
}

func (v *inventoryView) onScan() {
	if v.scanning {
		v.actions.end()
		return
	}
	if v.pick.Selected != "" {
		v.actions.begin(v.pick.Selected)
	}
}

func (v *inventoryView) onExport(format string) {
	if v.pick.Selected != "" {
		v.actions.export(v.pick.Selected, format)
	}
}

func (v *inventoryView) onFinalize() {
	if v.pick.Selected != "" {
		v.actions.finalize(v.pick.Selected)
	}
}

func (v *inventoryView) say(s string) { v.message.SetText(s) }

// setList shows the inventories; pick, when not "", becomes the picked one.
func (v *inventoryView) setList(list []inventory.Summary, pick string) {
	names := make([]string, 0, len(list))
	for _, s := range list {
		if s.Status == inventory.Open {
			names = append(names, s.Name)
		}
	}
	v.pick.SetOptions(names)
	if pick != "" {
		v.pick.SetSelected(pick)
	}
	v.enable()
}

// started shows that scans now go to the inventory, and where it stands.
func (v *inventoryView) started(name string, p inventory.Progress) {
	v.scanning = true
	v.scan.SetText(lang.X("inventory.scan.stop", "Stop scanning"))
	v.scan.SetIcon(theme.MediaStopIcon())
	v.recentScans, v.pending = nil, ""
	v.recent.SetText("")
	v.banner.FillColor = color.Transparent
	v.banner.Refresh()
	v.headline.Text = lang.X("inventory.scanning", "Scan the books on the shelf.")
	v.headline.Color = theme.Color(theme.ColorNameForeground)
	v.headline.Refresh()
	v.result.SetText(name)
	v.showProgress(p)
}

// stopped shows that scans go back to the kiosk.
func (v *inventoryView) stopped() {
	v.scanning = false
	v.scan.SetText(lang.X("inventory.scan.start", "Start scanning"))
	v.scan.SetIcon(theme.MediaPlayIcon())
	v.enable()
}

// showScan shows one scan's result, large, with the progress after it. A
// book's place on the shelf is judged against the books read after it, so
// the newest book's order verdict is not shown as one ("Checking order…")
// until the next read; when a later read changes an earlier verdict to
// out of order, the banner says so, large. The list shows every scan as
// the session now judges it, which is what the report says.
func (v *inventoryView) showScan(sc inventory.Scan, changed []inventory.Changed, p inventory.Progress) {
	for _, ch := range changed {
		for i := range v.recentScans {
			if v.recentScans[i].Item == ch.Item {
				v.recentScans[i].Result, v.recentScans[i].BelongsAfter = ch.Result, ch.BelongsAfter
			}
		}
	}
	decided := v.pending // the book before this one: its place is judged now
	v.pending = ""
	if !sc.Repeat && sc.InScope && (sc.Result == inventory.OnShelf || sc.Result == inventory.OutOfOrder) {
		v.pending = sc.Item
	}
	v.recentScans = append([]inventory.Scan{sc}, v.recentScans...)
	if len(v.recentScans) > inventoryRecent {
		v.recentScans = v.recentScans[:inventoryRecent]
	}
	head, detail, c := resultWords(sc)
	if v.pending != "" {
		head, detail, c = lang.X("inventory.checking", "Checking order…"), lang.X("inventory.checking.detail", "The next book decides where this one belongs."), resultNeutral
	}
	// An earlier book now found out of order is what the librarian must
	// act on: it takes the banner; this scan's own result, when it has
	// one, goes beneath.
	for _, r := range v.recentScans[1:] {
		if r.Result != inventory.OutOfOrder || (r.Item != decided && !changedItem(changed, r.Item)) {
			continue
		}
		_, d, cc := resultWords(r)
		if v.pending == "" && sc.Result != inventory.OnShelf {
			h, dd, _ := resultWords(sc)
			d += "\n" + lang.X("inventory.this_book", "This book ({{.Item}}): {{.Head}}. {{.Detail}}", map[string]any{"Item": sc.Item, "Head": h, "Detail": dd})
		}
		head, detail, c = lang.X("inventory.changed.head", "{{.Item}} is out of order", map[string]any{"Item": scanName(r)}), d, cc
		break
	}
	if detail == head {
		detail = "" // the subtitle says more, or nothing
	}
	v.banner.FillColor = c
	v.banner.Refresh()
	v.headline.Text = head
	v.headline.Color = color.White
	v.headline.Refresh()
	v.result.SetText(detail)
	lines := make([]string, 0, len(v.recentScans))
	for _, r := range v.recentScans {
		_, d, _ := resultWords(r)
		if r.Item == v.pending {
			d = lang.X("inventory.checking", "Checking order…")
		}
		lines = append(lines, scanLine(r)+" — "+d)
	}
	v.recent.SetText(strings.Join(lines, "\n"))
	v.showProgress(p)
}

func changedItem(changed []inventory.Changed, item string) bool {
	for _, ch := range changed {
		if ch.Item == item {
			return true
		}
	}
	return false
}

// scanName names a scanned book for the librarian: its barcode and call
// number (what the banner says).
func scanName(sc inventory.Scan) string {
	if sc.CallNumber == "" {
		return sc.Item
	}
	return sc.Item + " · " + sc.CallNumber
}

// scanLine is a scan in the list of last scans: barcode, call number and title.
func scanLine(sc inventory.Scan) string {
	if sc.Title == "" {
		return scanName(sc)
	}
	return scanName(sc) + " · " + sc.Title
}

func (v *inventoryView) showProgress(p inventory.Progress) {
	v.progress.SetValue(p.Share())
	v.share.SetText(lang.X("inventory.share", "{{.Accounted}} of {{.Scope}} items accounted for ({{.Percent}})",
		map[string]any{"Accounted": p.Accounted, "Scope": p.Scope, "Percent": fmt.Sprintf("%d%%", int(100*p.Share()))}))
	var parts []string
	for _, r := range inventory.Results() {
		if n := p.Counts[r]; n > 0 {
			head, _, _ := resultWords(inventory.Scan{Result: r})
			parts = append(parts, fmt.Sprintf("%s: %d", head, n))
		}
	}
	v.counts.SetText(strings.Join(parts, " · "))
}

// resultWords are a result's headline, its sentence with the detail, and
// its colour.
func resultWords(sc inventory.Scan) (head, detail string, c color.Color) {
	switch sc.Result {
	case inventory.OnShelf:
		head, c = lang.X("inventory.result.on_shelf", "On shelf"), resultGreen
	case inventory.OutOfOrder:
		head, c = lang.X("inventory.result.out_of_order", "Out of order"), resultAmber
		if sc.BelongsAfter == "" {
			return head, lang.X("inventory.belongs.first", "Belongs first on the shelf"), c
		}
		return head, lang.X("inventory.belongs.after", "Belongs after {{.CallNumber}}", map[string]any{"CallNumber": sc.BelongsAfter}), c
	case inventory.WrongLocation:
		head, c = lang.X("inventory.result.wrong_location", "Wrong location"), resultAmber
		switch {
		case sc.Repeat || sc.CallNumber == "" && sc.Location == "":
		case sc.Location == "":
			return head, lang.X("inventory.belongs.elsewhere", "It is {{.CallNumber}}: not on this shelf", map[string]any{"CallNumber": sc.CallNumber}), c
		default:
			return head, lang.X("inventory.belongs.in", "It belongs in {{.Location}}: {{.CallNumber}}", map[string]any{"Location": sc.Location, "CallNumber": sc.CallNumber}), c
		}
	case inventory.CheckedOut:
		head, c = lang.X("inventory.result.checked_out", "Checked out → checked in"), resultBlue
		if sc.HoldShelf {
			// Someone is waiting for it: it does not go back on the shelf.
			head = lang.X("inventory.result.hold_shelf", "Hold shelf")
			detail = lang.X("inventory.hold_shelf.nobody", "Checked in: put it on the hold shelf")
			if sc.HoldFor != "" {
				detail = lang.X("inventory.hold_shelf", "Checked in: put it on the hold shelf for {{.Name}}", map[string]any{"Name": sc.HoldFor})
			}
			if sc.Repeat {
				detail = lang.X("inventory.repeat", "{{.Result}} (scanned before)", map[string]any{"Result": detail})
			}
			return head, detail, c
		}
	case inventory.NotInCatalog:
		head, c = lang.X("inventory.result.not_in_catalog", "Not in catalog"), resultRed
	case inventory.LostFound:
		head, c = lang.X("inventory.result.lost_found", "Lost item found"), resultPurple
	case inventory.WithdrawnFound:
		head, c = lang.X("inventory.result.withdrawn_found", "Withdrawn item found"), resultPurple
	default:
		head, c = string(sc.Result), resultRed
	}
	detail = head
	if sc.Repeat {
		detail = lang.X("inventory.repeat", "{{.Result}} (scanned before)", map[string]any{"Result": head})
	}
	return head, detail, c
}

// schemeAuto is the scheme choice that reads each call number by its shape.
func schemeAuto() string { return lang.X("inventory.scheme.auto", "Any call numbers") }
