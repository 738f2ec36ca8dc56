package app

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/devices"
)

// Devices is what the Devices tab needs from the station's readers.
type Devices interface {
	Kinds() []string                            // reader kinds this build knows: line, em4100, feig, 3m
	Ports() ([]devices.PortInfo, error)         // serial ports found now
	Readers() []devices.Config                  // configured readers
	States() []devices.ReaderState              // their states now
	SetReaders([]devices.Config) error          // save the list and reopen the readers
	Listen(fn func(devices.Scan)) (stop func()) // every scan from every reader, for the live test view; fn is called from other goroutines
}

// recentScans is how many scans the live test view lists.
const recentScans = 10

// devicesView is the librarian's Devices tab: the serial ports found, the
// configured readers with their live states, a form to add one, Save, and
// a live list of what the readers scan while the tab is shown.
type devicesView struct {
	kinds   []string
	ports   []devices.PortInfo
	readers []devices.Config // as edited; Save hands them to the station
	saved   []devices.Config // as the station last said it runs them
	states  []devices.ReaderState
	dirty   bool // readers differs from what was saved
	saving  bool
	scans   []devices.Scan // newest first

	message    *widget.Label // what became of the last action, one sentence
	readerList *fyne.Container
	rows       []readerRow
	unsaved    *widget.Label
	save       *widget.Button

	name   *widget.Entry
	kind   *widget.Select
	kindOf map[string]string // the kind select's words → the kind
	port   *widget.SelectEntry
	baud   *widget.Entry
	// baudNote says what an empty Baud field means, below the form: the
	// field's own hint is one word, so it is never cut off.
	baudNote *widget.Label
	add      *widget.Button

	refresh   *widget.Button
	portList  *fyne.Container
	portLines []*widget.Label
	portsNote *widget.Label

	scanList  *fyne.Container
	scanLines []*widget.Label
	scanNote  *widget.Label
	box       *container.Scroll

	loadPorts func()                                       // asks for the ports; the answer comes to setPorts
	saveFn    func([]devices.Config)                       // hands the list to the station; the answer comes to saved
	confirm   func(title, text, confirm string, ok func()) // a confirmation dialog
}

// readerRow is one configured reader in the tab.
type readerRow struct {
	cfg    devices.Config
	icon   *widget.Icon
	label  *widget.Label // name, kind, port and baud
	state  *widget.Label // its state in words
	remove *widget.Button
}

func newDevicesView(loadPorts func(), save func([]devices.Config), confirm func(string, string, string, func())) *devicesView {
	v := &devicesView{loadPorts: loadPorts, saveFn: save, confirm: confirm, kindOf: map[string]string{}}
	v.message = widget.NewLabel("")
	v.message.Wrapping = fyne.TextWrapWord

	v.readerList = container.NewVBox()
	v.unsaved = widget.NewLabel(lang.X("devices.unsaved", "Changes not saved yet: press Save to use them."))
	v.unsaved.Importance = widget.WarningImportance
	v.unsaved.Hide()
	v.save = widget.NewButtonWithIcon(lang.X("devices.save", "Save"), theme.DocumentSaveIcon(), v.onSave)
	v.save.Importance = widget.HighImportance

	v.name = widget.NewEntry()
	v.name.SetPlaceHolder(lang.X("devices.name", "Name, like Card reader"))
	v.kind = widget.NewSelect(nil, nil)
	v.kind.PlaceHolder = lang.X("devices.kind", "Kind of reader")
	v.port = widget.NewSelectEntry(nil)
	v.port.SetPlaceHolder(lang.X("devices.port", "Port"))
	v.baud = widget.NewEntry()
	v.baud.SetPlaceHolder(lang.X("devices.baud", "Baud"))
	v.baudNote = widget.NewLabel(lang.X("devices.baud.note", "Leave Baud empty for the reader kind's own speed."))
	v.baudNote.Wrapping = fyne.TextWrapWord
	v.baudNote.Importance = widget.LowImportance
	v.add = widget.NewButtonWithIcon(lang.X("devices.add", "Add"), theme.ContentAddIcon(), v.onAdd)
	form := container.New(layout.NewGridLayoutWithColumns(4), v.name, v.kind, v.port, v.baud)

	v.refresh = widget.NewButtonWithIcon(lang.X("devices.refresh", "Refresh"), theme.ViewRefreshIcon(), func() { v.loadPorts() })
	v.portList = container.NewVBox()
	v.portsNote = widget.NewLabel("")

	v.scanList = container.NewVBox()
	v.scanNote = widget.NewLabel(lang.X("devices.scans.empty", "Nothing scanned yet. Scan a card, a barcode or a tag."))

	heading := func(text string) *widget.Label {
		return widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	}
	v.box = container.NewVScroll(container.NewPadded(container.NewVBox(
		v.message,
		container.NewBorder(nil, nil, nil, v.save, heading(lang.X("devices.readers", "Readers"))),
		v.readerList,
		v.unsaved,
		container.NewBorder(nil, nil, heading(lang.X("devices.addreader", "Add a reader:")), v.add, form),
		v.baudNote,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, v.refresh, heading(lang.X("devices.ports", "Serial ports found"))),
		v.portsNote,
		v.portList,
		widget.NewSeparator(),
		heading(lang.X("devices.scans", "Scan something to test")),
		v.scanNote,
		v.scanList,
	)))
	setLine(v.message, "")
	v.showReaders()
	return v
}

// setKinds fills the kind select with the kinds this build knows.
func (v *devicesView) setKinds(kinds []string) {
	v.kinds = kinds
	options := make([]string, 0, len(kinds))
	clear(v.kindOf)
	for _, k := range kinds {
		w := kindWords(k)
		v.kindOf[w] = k
		options = append(options, w)
	}
	v.kind.SetOptions(options)
}

// setPorts lists the serial ports found, or says why none could be.
func (v *devicesView) setPorts(ports []devices.PortInfo, err error) {
	v.ports = ports
	v.portList.RemoveAll()
	v.portLines = v.portLines[:0]
	names := make([]string, 0, len(ports))
	for _, p := range ports {
		l := widget.NewLabel(portWords(p))
		l.Wrapping = fyne.TextWrapWord
		v.portLines = append(v.portLines, l)
		v.portList.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.StorageIcon()), nil, l))
		names = append(names, p.Name)
	}
	v.port.SetOptions(names)
	switch {
	case err != nil:
		v.portsNote.Importance = widget.DangerImportance
		setLine(v.portsNote, lang.X("devices.ports.error", "The ports could not be listed: {{.Error}}.", map[string]any{"Error": errorClause(err)}))
	case len(ports) == 0:
		v.portsNote.Importance = widget.MediumImportance
		setLine(v.portsNote, lang.X("devices.ports.none", "No serial ports found. Plug the reader in and press Refresh; a port can also be typed."))
	default:
		setLine(v.portsNote, "")
	}
	v.box.Refresh()
}

// setReaders takes the station's list of readers, unless the librarian is
// editing it.
func (v *devicesView) setReaders(list []devices.Config) {
	v.saved = slices.Clone(list)
	if !v.dirty {
		v.readers = slices.Clone(list)
	}
	v.showReaders()
}

// setStates shows the readers' states now.
func (v *devicesView) setStates(states []devices.ReaderState) {
	v.states = slices.Clone(states)
	v.showReaders()
}

// showReaders rebuilds the readers list.
func (v *devicesView) showReaders() {
	v.readerList.RemoveAll()
	v.rows = v.rows[:0]
	if len(v.readers) == 0 {
		v.readerList.Add(widget.NewLabel(lang.X("devices.readers.none", "No readers yet. Add one below; the keyboard scanner works without one.")))
	}
	for i, c := range v.readers {
		r := readerRow{cfg: c, label: widget.NewLabel(readerWords(c)), state: widget.NewLabel("")}
		r.label.TextStyle.Bold = true
		r.label.Wrapping = fyne.TextWrapWord
		r.state.Wrapping = fyne.TextWrapWord
		st, known := v.stateOf(c)
		switch {
		case known:
			r.icon = widget.NewIcon(statusIcon(st.Status))
			r.state.SetText(readerStatusLong(st))
			r.state.Importance = statusImportance(st.Status)
		case !slices.ContainsFunc(v.saved, func(s devices.Config) bool { return sameConfig(s, c) }):
			r.icon = widget.NewIcon(theme.InfoIcon())
			r.state.SetText(lang.X("devices.state.unsaved", "Not saved yet"))
		default:
			r.icon = widget.NewIcon(theme.InfoIcon())
			r.state.SetText(lang.X("devices.state.unknown", "Opening"))
		}
		i := i
		r.remove = widget.NewButtonWithIcon(lang.X("devices.remove", "Remove"), theme.DeleteIcon(), func() { v.onRemove(i) })
		v.rows = append(v.rows, r)
		v.readerList.Add(container.NewBorder(nil, nil, r.icon, container.NewCenter(r.remove), container.NewVBox(r.label, r.state)))
	}
	if v.dirty {
		v.unsaved.Show()
	} else {
		v.unsaved.Hide()
	}
	v.box.Refresh()
}

// stateOf finds the state of the reader c, by its name and port.
func (v *devicesView) stateOf(c devices.Config) (devices.ReaderState, bool) {
	for _, s := range v.states {
		if s.Name == c.Label() && s.Port == c.Port {
			return s, true
		}
	}
	return devices.ReaderState{}, false
}

func (v *devicesView) say(text string, imp widget.Importance) {
	v.message.Importance = imp
	setLine(v.message, text)
	v.box.Refresh() // the line may have appeared: lay the tab out again
}

// onAdd adds the reader the form describes to the list (Save uses it).
func (v *devicesView) onAdd() {
	name := strings.TrimSpace(v.name.Text)
	kind := v.kindOf[v.kind.Selected]
	port := strings.TrimSpace(v.port.Text)
	baud := 0
	if b := strings.TrimSpace(v.baud.Text); b != "" {
		n, err := strconv.Atoi(b)
		if err != nil || n <= 0 {
			v.say(lang.X("devices.add.baud", "The baud rate must be a number, like 9600."), widget.DangerImportance)
			return
		}
		baud = n
	}
	switch {
	case kind == "":
		v.say(lang.X("devices.add.kind", "Pick the kind of reader."), widget.DangerImportance)
		return
	case port == "":
		v.say(lang.X("devices.add.port", "Pick or type the port the reader is on."), widget.DangerImportance)
		return
	}
	c := devices.Config{Name: name, Kind: kind, Port: port, Baud: baud}
	for _, o := range v.readers {
		if o.Port == port {
			v.say(lang.X("devices.add.portused", "{{.Reader}} is already on {{.Port}}: two readers cannot share a port.", map[string]any{"Reader": o.Label(), "Port": port}), widget.DangerImportance)
			return
		}
		if o.Label() == c.Label() {
			v.say(lang.X("devices.add.dupname", "There is already a reader called {{.Name}}.", map[string]any{"Name": c.Label()}), widget.DangerImportance)
			return
		}
	}
	v.readers = append(v.readers, c)
	v.dirty = true
	v.name.SetText("")
	v.port.SetText("")
	v.baud.SetText("")
	v.kind.ClearSelected()
	v.say(lang.X("devices.added", "Added {{.Name}}. Press Save to use it.", map[string]any{"Name": c.Label()}), widget.MediumImportance)
	v.showReaders()
}

// onRemove asks, then takes reader i off the list (Save stops it).
func (v *devicesView) onRemove(i int) {
	if i >= len(v.readers) {
		return
	}
	c := v.readers[i]
	v.confirm(lang.X("devices.remove.title", "Remove this reader?"),
		lang.X("devices.remove.text", "{{.Name}} on {{.Port}} comes off the list. Press Save to stop using it.", map[string]any{"Name": c.Label(), "Port": c.Port}),
		lang.X("devices.remove", "Remove"),
		func() {
			j := slices.IndexFunc(v.readers, func(o devices.Config) bool { return sameConfig(o, c) })
			if j < 0 {
				return
			}
			v.readers = slices.Delete(v.readers, j, j+1)
			v.dirty = true
			v.say(lang.X("devices.removed", "Removed {{.Name}}. Press Save to stop using it.", map[string]any{"Name": c.Label()}), widget.MediumImportance)
			v.showReaders()
		})
}

func (v *devicesView) onSave() {
	if v.saving {
		return
	}
	v.saving = true
	v.save.Disable()
	v.say(lang.X("devices.saving", "Saving, and opening the readers again…"), widget.MediumImportance)
	v.saveFn(slices.Clone(v.readers))
}

// savedDone shows what became of a Save: err in one sentence, or that the
// readers are opening again.
func (v *devicesView) savedDone(list []devices.Config, err error) {
	v.saving = false
	v.save.Enable()
	if err != nil {
		v.say(lang.X("devices.save.failed", "Not saved: {{.Error}}.", map[string]any{"Error": errorClause(err)}), widget.DangerImportance)
		return
	}
	v.dirty = false
	v.setReaders(list)
	v.say(lang.X("devices.saved", "Saved. The readers are opening again."), widget.SuccessImportance)
}

// addScan puts a scan from the live test view at the top of its list.
func (v *devicesView) addScan(sc devices.Scan) {
	v.scans = append([]devices.Scan{sc}, v.scans...)
	if len(v.scans) > recentScans {
		v.scans = v.scans[:recentScans]
	}
	v.scanNote.Hide()
	v.scanList.RemoveAll()
	v.scanLines = v.scanLines[:0]
	for _, s := range v.scans {
		l := widget.NewLabel(scanWords(s))
		l.Wrapping = fyne.TextWrapWord
		v.scanLines = append(v.scanLines, l)
		v.scanList.Add(l)
	}
	v.box.Refresh()
}

// sameConfig reports whether two reader configurations are the same.
func sameConfig(a, b devices.Config) bool {
	return a.Name == b.Name && a.Kind == b.Kind && a.Port == b.Port && a.Baud == b.Baud &&
		a.DataBits == b.DataBits && a.Parity == b.Parity && a.StopBits == b.StopBits && maps.Equal(a.Options, b.Options)
}

// kindWords names a reader kind for the librarian.
func kindWords(kind string) string {
	switch kind {
	case "line":
		return lang.X("devices.kind.line", "Barcode scanner, serial (line)")
	case "em4100":
		return lang.X("devices.kind.em4100", "Card reader, 125 kHz (em4100)")
	case "feig":
		return lang.X("devices.kind.feig", "RFID pad, FEIG (feig)")
	case "3m":
		return lang.X("devices.kind.3m", "RFID pad, 3M (3m)")
	}
	return kind
}

// readerWords describes a configured reader: "Card reader: Card reader,
// 125 kHz (em4100) on /dev/ttyUSB0, 9600 baud".
func readerWords(c devices.Config) string {
	data := map[string]any{"Name": c.Label(), "Kind": kindWords(c.Kind), "Port": c.Port, "Baud": c.Baud}
	if c.Baud > 0 {
		return lang.X("devices.reader.baud", "{{.Name}}: {{.Kind}} on {{.Port}}, {{.Baud}} baud", data)
	}
	return lang.X("devices.reader", "{{.Name}}: {{.Kind}} on {{.Port}}", data)
}

// portWords describes a serial port found: its path, the system's own name
// when it differs, its USB ids, serial number and description.
func portWords(p devices.PortInfo) string {
	parts := []string{p.Name}
	if p.Device != "" && p.Device != p.Name {
		parts = append(parts, p.Device)
	}
	if p.USBVendor != "" || p.USBProduct != "" {
		parts = append(parts, lang.X("devices.port.usb", "USB {{.Vendor}}:{{.Product}}", map[string]any{"Vendor": p.USBVendor, "Product": p.USBProduct}))
	}
	if p.Serial != "" {
		parts = append(parts, lang.X("devices.port.serial", "serial {{.Serial}}", map[string]any{"Serial": p.Serial}))
	}
	if p.Description != "" {
		parts = append(parts, p.Description)
	}
	return strings.Join(parts, " · ")
}

// scanWords is one line of the live test view: time, reader, kind, value
// and the tag's fields.
func scanWords(sc devices.Scan) string {
	var parts []string
	if !sc.At.IsZero() {
		parts = append(parts, sc.At.Format("15:04:05"))
	}
	parts = append(parts, sc.Reader, scanKindWords(sc.Kind), sc.Value)
	if t := tagWords(sc.Tag); t != "" {
		parts = append(parts, t)
	}
	return strings.Join(parts, " · ")
}

func scanKindWords(k devices.Kind) string {
	switch k {
	case devices.Barcode:
		return lang.X("devices.scan.barcode", "barcode")
	case devices.Card:
		return lang.X("devices.scan.card", "card")
	case devices.RFIDItem:
		return lang.X("devices.scan.rfid", "RFID tag")
	}
	return string(k)
}

// tagOrder is the order the live view lists a tag's fields in; others
// follow by name.
var tagOrder = []string{
	devices.TagUID, devices.TagAFI, devices.TagModel, devices.TagItemID, devices.TagOwner, devices.TagUsage,
	devices.CardHex, devices.CardDecimal, devices.CardFacilityCard, devices.TagWarning, devices.TagError,
}

// tagWords lists a scan's decoded tag fields: "uid E004…, afi 07, part 2 of 3".
func tagWords(tag map[string]string) string {
	var out []string
	add := func(k string) {
		if v := tag[k]; v != "" {
			out = append(out, k+" "+v)
		}
	}
	for _, k := range tagOrder {
		add(k)
		if k == devices.TagItemID && (tag[devices.TagPartsInSet] != "" || tag[devices.TagPartNumber] != "") {
			out = append(out, lang.X("devices.scan.part", "part {{.Part}} of {{.Total}}",
				map[string]any{"Part": tag[devices.TagPartNumber], "Total": tag[devices.TagPartsInSet]}))
		}
	}
	known := map[string]bool{devices.TagPartsInSet: true, devices.TagPartNumber: true}
	for _, k := range tagOrder {
		known[k] = true
	}
	for _, k := range slices.Sorted(maps.Keys(tag)) {
		if !known[k] {
			add(k)
		}
	}
	return strings.Join(out, ", ")
}

// readerStatusShort is a reader's state for the status bar: "Card reader:
// reconnecting".
func readerStatusShort(s devices.ReaderState) string {
	data := map[string]any{"Name": s.Name, "Status": string(s.Status)}
	switch s.Status {
	case devices.Connected:
		return lang.X("status.readers.connected", "{{.Name}}: connected", data)
	case devices.Reconnecting:
		return lang.X("status.readers.reconnecting", "{{.Name}}: reconnecting", data)
	case devices.Failed:
		return lang.X("status.readers.failed", "{{.Name}}: failed", data)
	}
	return lang.X("status.readers.other", "{{.Name}}: {{.Status}}", data)
}

// readerStatusLong is a reader's state for the Devices tab, with the reason.
func readerStatusLong(s devices.ReaderState) string {
	reason := strings.TrimSpace(s.Reason)
	if s.Err != nil {
		reason = readerErrorWords(s.Err)
	}
	data := map[string]any{"Reason": reason, "Status": string(s.Status)}
	switch {
	case s.Status == devices.Connected:
		return lang.X("devices.state.connected", "Connected")
	case s.Status == devices.Reconnecting && reason != "":
		return lang.X("devices.state.reconnecting.reason", "Reconnecting: {{.Reason}}", data)
	case s.Status == devices.Reconnecting:
		return lang.X("devices.state.reconnecting", "Reconnecting")
	case s.Status == devices.Failed && reason != "":
		return lang.X("devices.state.failed.reason", "Failed: {{.Reason}}", data)
	case s.Status == devices.Failed:
		return lang.X("devices.state.failed", "Failed")
	}
	return lang.X("devices.state.other", "{{.Status}}", data)
}

// statusIcon is a reader state's icon: never the colour alone.
func statusIcon(st devices.Status) fyne.Resource {
	switch st {
	case devices.Connected:
		return theme.NewSuccessThemedResource(theme.ConfirmIcon())
	case devices.Reconnecting:
		return theme.NewWarningThemedResource(theme.ViewRefreshIcon())
	case devices.Failed:
		return theme.NewErrorThemedResource(theme.ErrorIcon())
	}
	return theme.InfoIcon()
}

func statusImportance(st devices.Status) widget.Importance {
	switch st {
	case devices.Connected:
		return widget.SuccessImportance
	case devices.Reconnecting:
		return widget.WarningImportance
	case devices.Failed:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}

// ReaderStates shows the readers' states now, in the status bar and the
// Devices tab. Safe from any goroutine: the station's command calls it
// whenever a reader's state changes.
func (u *UI) ReaderStates(states []devices.ReaderState) {
	if u == nil {
		return // a reader changed before the window existed
	}
	states = slices.Clone(states)
	u.do(func() {
		u.bg.take(readerStates) // a slower load's states are older than these
		u.status.showReaders(states)
		if v := u.librarian.devices; v != nil {
			v.setStates(states)
		}
	})
}

// readerStates is the latest-answer key of the readers' states: the
// Devices tab's loads show theirs unless ReaderStates showed newer ones.
const readerStates = "reader states"

// followDevicesTab loads the Devices tab and listens to the readers while
// it is shown, and stops listening when it is not.
func (u *UI) followDevicesTab() {
	if u.dev == nil {
		return
	}
	if u.librarianShown() && u.librarian.devicesShown() {
		if !u.listening {
			u.loadDevices()
			u.startListening()
		}
		return
	}
	u.stopListening()
}

// loadDevices asks for everything the Devices tab shows; the latest
// request wins. Devices' methods may block on the readers.
func (u *UI) loadDevices() {
	states0 := u.bg.peek(readerStates)
	var (
		kinds   []string
		ports   []devices.PortInfo
		portErr error
		readers []devices.Config
		states  []devices.ReaderState
	)
	u.bg.start(task{what: "load the Devices tab", latest: "devices", timeout: -1, work: func(context.Context) error {
		kinds = u.dev.Kinds()
		ports, portErr = u.dev.Ports()
		readers = u.dev.Readers()
		states = u.dev.States()
		return nil // the ports' error is shown in the tab
	}, apply: func(error) {
		v := u.librarian.devices
		v.setKinds(kinds)
		v.setPorts(ports, portErr)
		if u.bg.current(states0) {
			// No newer state came through ReaderStates meanwhile.
			v.states = slices.Clone(states)
		}
		v.setReaders(readers)
	}})
}

// loadPorts looks for serial ports again: the Refresh button.
func (u *UI) loadPorts() {
	var ports []devices.PortInfo
	u.bg.start(task{what: "look for serial ports", timeout: -1, work: func(context.Context) (err error) {
		ports, err = u.dev.Ports()
		return err
	}, apply: func(err error) { u.librarian.devices.setPorts(ports, err) }})
}

// saveReaders hands the station the readers' list; the tab says what
// became of it.
func (u *UI) saveReaders(list []devices.Config) {
	var (
		now   []devices.Config
		state []devices.ReaderState
	)
	states0 := u.bg.peek(readerStates)
	u.bg.start(task{what: "save the readers", timeout: -1, work: func(context.Context) error {
		if err := u.dev.SetReaders(list); err != nil {
			return err
		}
		now, state = u.dev.Readers(), u.dev.States()
		return nil
	}, apply: func(err error) {
		v := u.librarian.devices
		if err == nil && u.bg.current(states0) {
			v.states = slices.Clone(state)
		}
		v.savedDone(now, err)
	}})
}

// listenKey is the latest-answer key of the live test view's Listen: a
// Listen that answers after the view was left, or left and shown again,
// is stopped at once.
const listenKey = "listen"

// startListening shows every scan in the live test view until
// stopListening.
func (u *UI) startListening() {
	u.listening = true
	u.listenMu.Lock()
	tk := u.bg.take(listenKey)
	u.listenMu.Unlock()
	fn := func(sc devices.Scan) {
		u.do(func() {
			if u.bg.current(tk) {
				u.librarian.devices.addScan(sc)
			}
		})
	}
	err := u.bg.start(task{what: "listen to the readers", timeout: -1, work: func(context.Context) error {
		if stop := u.dev.Listen(fn); stop != nil {
			u.keepListening(tk, stop)
		}
		return nil
	}})
	if err != nil {
		u.listening = false
	}
}

// keepListening keeps the stop of the Listen tk asked for, or stops it at
// once when the view was left meanwhile or the window closed. Called off
// the UI goroutine.
func (u *UI) keepListening(tk ticket, stop func()) {
	u.listenMu.Lock()
	if !u.bg.current(tk) || u.bg.isStopped() {
		u.listenMu.Unlock()
		stop()
		return
	}
	u.listenStop = stop
	u.listenMu.Unlock()
}

// stopListening ends the live test view's Listen, if any.
func (u *UI) stopListening() {
	if !u.listening {
		return
	}
	u.listening = false
	u.listenMu.Lock()
	u.bg.take(listenKey) // a Listen still to answer is stopped when it does
	stop := u.listenStop
	u.listenStop = nil
	u.listenMu.Unlock()
	if stop == nil {
		return
	}
	err := u.bg.start(task{what: "stop listening to the readers", timeout: -1, work: func(context.Context) error {
		stop()
		return nil
	}})
	if err != nil {
		stop() // the window is closing: nothing waits on the UI goroutine
	}
}
