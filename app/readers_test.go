package app

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/circdesk/circdesk/devices"
)

// fakeDevices stands in for the station's readers: a test sets what it
// answers and looks at what the tab asked. setReaders, when set, answers
// SetReaders.
type fakeDevices struct {
	mu         sync.Mutex
	ports      []devices.PortInfo
	readers    []devices.Config
	states     []devices.ReaderState
	setReaders func([]devices.Config) error
	saved      [][]devices.Config
	listener   func(devices.Scan) // the current Listen's fn, nil when none
	listens    int
	stops      int
}

func (f *fakeDevices) Kinds() []string { return []string{"3m", "em4100", "feig", "line"} }

func (f *fakeDevices) Ports() ([]devices.PortInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.ports), nil
}

func (f *fakeDevices) Readers() []devices.Config {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.readers)
}

func (f *fakeDevices) States() []devices.ReaderState {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.states)
}

func (f *fakeDevices) SetReaders(list []devices.Config) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.saved = append(f.saved, slices.Clone(list))
	if f.setReaders != nil {
		if err := f.setReaders(list); err != nil {
			return err
		}
	}
	f.readers = slices.Clone(list)
	return nil
}

func (f *fakeDevices) Listen(fn func(devices.Scan)) func() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listener = fn
	f.listens++
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.listener = nil
		f.stops++
	}
}

// send delivers a scan to the listener from a reader's goroutine.
func (f *fakeDevices) send(sc devices.Scan) {
	f.mu.Lock()
	fn := f.listener
	f.mu.Unlock()
	if fn != nil {
		done := make(chan struct{})
		go func() {
			defer close(done)
			fn(sc)
		}()
		<-done
	}
}

func (f *fakeDevices) listening() (fn func(devices.Scan), stops int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.listener, f.stops
}

var (
	cardReader = devices.Config{Name: "Card reader", Kind: "em4100", Port: "/dev/serial/by-id/usb-FTDI_FT232R_A10K1-if00-port0", Baud: 9600}
	padReader  = devices.Config{Name: "Pad", Kind: "feig", Port: "/dev/ttyUSB1"}
)

func schoolDevices() *fakeDevices {
	return &fakeDevices{
		ports: []devices.PortInfo{
			{Name: cardReader.Port, Device: "/dev/ttyUSB0", USBVendor: "0403", USBProduct: "6001", Serial: "A10K1", Description: "FTDI FT232R USB UART"},
			{Name: "/dev/ttyUSB1", Device: "/dev/ttyUSB1", USBVendor: "1a86", USBProduct: "7523"},
		},
		readers: []devices.Config{cardReader, padReader},
		states: []devices.ReaderState{
			{Name: "Card reader", Kind: "em4100", Port: cardReader.Port, Status: devices.Connected, Since: schoolDay},
			{Name: "Pad", Kind: "feig", Port: padReader.Port, Status: devices.Reconnecting, Err: errors.New("open /dev/ttyUSB1: no such file or directory"), Since: schoolDay},
		},
	}
}

// openDevices shows the librarian's Devices tab and waits for its readers.
func (s *station) openDevices(readers int) *devicesView {
	s.t.Helper()
	s.ui.tabs.SelectIndex(1)
	s.ui.librarian.tabs.SelectIndex(tabDevices)
	v := s.ui.librarian.devices
	s.waitFor("the Devices tab", func() bool { return len(v.rows) == readers && len(v.kinds) > 0 })
	return v
}

func TestNoDevicesTabWithoutDevices(t *testing.T) {
	s := newStation(t, stationConfig{})
	if s.ui.librarian.devices != nil || len(s.ui.librarian.tabs.Items) != tabDevices {
		t.Fatal("a station without readers shows a Devices tab")
	}
}

func TestDevicesTabListsPortsAndReadersWithTheirStates(t *testing.T) {
	d := schoolDevices()
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)
	s.waitFor("the ports", func() bool { return len(v.portLines) == 2 })

	port := v.portLines[0].Text
	for _, want := range []string{cardReader.Port, "/dev/ttyUSB0", "USB 0403:6001", "serial A10K1", "FTDI FT232R USB UART"} {
		if !strings.Contains(port, want) {
			t.Errorf("the port line %q does not say %q", port, want)
		}
	}
	if !visible(v.portLines[1]) || !strings.Contains(v.portLines[1].Text, "USB 1a86:7523") {
		t.Errorf("second port: %q (visible %v)", v.portLines[1].Text, visible(v.portLines[1]))
	}

	card, pad := v.rows[0], v.rows[1]
	if want := "Card reader: Card reader, 125 kHz (em4100) on " + cardReader.Port + ", 9600 baud"; card.label.Text != want {
		t.Errorf("reader line %q, want %q", card.label.Text, want)
	}
	if card.state.Text != "Connected" || pad.state.Text != "Reconnecting: open /dev/ttyUSB1: no such file or directory." {
		t.Errorf("reader states %q and %q", card.state.Text, pad.state.Text)
	}
	if card.icon.Resource == nil || pad.icon.Resource == nil || card.icon.Resource.Name() == pad.icon.Resource.Name() {
		t.Error("the readers' states are not told apart by their icons")
	}
	if !visible(pad.state) {
		t.Error("the pad's state is not on screen")
	}

	// A state change pushed by the station shows in the tab at once.
	s.ui.ReaderStates([]devices.ReaderState{
		{Name: "Card reader", Port: cardReader.Port, Status: devices.Failed, Err: errors.New("permission denied")},
		{Name: "Pad", Port: padReader.Port, Status: devices.Connected},
	})
	s.waitFor("the new states", func() bool {
		return v.rows[0].state.Text == "Failed: permission denied." && v.rows[1].state.Text == "Connected"
	})
	if !visible(v.rows[0].state) {
		t.Error("the new state is not on screen")
	}

	// Refresh looks for ports again.
	d.mu.Lock()
	d.ports = d.ports[:1]
	d.mu.Unlock()
	test.Tap(v.refresh)
	s.waitFor("one port", func() bool { return len(v.portLines) == 1 })
	if len(v.ports) != 1 || v.ports[0].Name != cardReader.Port {
		t.Errorf("the ports are %+v", v.ports)
	}
}

func TestDevicesTabAddsAReaderAndSaves(t *testing.T) {
	d := schoolDevices()
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)

	test.Tap(v.add)
	s.waitForText("no kind", v.message, "Pick the kind of reader.")

	v.name.SetText("Desk scanner")
	v.kind.SetSelected("Barcode scanner, serial (line)")
	v.port.SetText("/dev/ttyACM0")
	v.baud.SetText("fast")
	test.Tap(v.add)
	s.waitForText("bad baud", v.message, "The baud rate must be a number, like 9600.")
	v.baud.SetText("19200")
	test.Tap(v.add)
	s.waitForText("added", v.message, "Added Desk scanner. Press Save to use it.")
	if len(v.rows) != 3 || v.rows[2].state.Text != "Not saved yet" || !visible(v.unsaved) {
		t.Fatalf("the new reader is not listed as not saved yet: %d rows", len(v.rows))
	}

	test.Tap(v.save)
	s.waitForText("saved", v.message, "Saved. The readers are opening again.")
	d.mu.Lock()
	saved := d.saved
	d.mu.Unlock()
	want := []devices.Config{cardReader, padReader, {Name: "Desk scanner", Kind: "line", Port: "/dev/ttyACM0", Baud: 19200}}
	if len(saved) != 1 || !slices.EqualFunc(saved[0], want, sameConfig) {
		t.Fatalf("SetReaders got %+v, want %+v", saved, want)
	}
	if v.unsaved.Visible() {
		t.Error("the tab still says its changes are not saved")
	}
}

func TestDevicesTabAsksBeforeRemovingAReader(t *testing.T) {
	d := schoolDevices()
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)

	test.Tap(v.rows[0].remove)
	if b := s.dialogButton("Cancel"); b == nil {
		t.Fatal("Remove did not ask first")
	} else {
		test.Tap(b)
	}
	if len(v.rows) != 2 {
		t.Fatalf("Cancel removed the reader: %d rows", len(v.rows))
	}

	test.Tap(v.rows[0].remove)
	b := s.dialogButton("Remove")
	if b == nil {
		t.Fatal("no Remove button in the confirmation")
	}
	test.Tap(b)
	if len(v.rows) != 1 || v.rows[0].cfg.Name != "Pad" {
		t.Fatalf("after Remove the readers are %+v", v.readers)
	}
	d.mu.Lock()
	n := len(d.saved)
	d.mu.Unlock()
	if n != 0 {
		t.Error("Remove saved the list before Save was pressed")
	}
	test.Tap(v.save)
	s.waitForText("saved", v.message, "Saved. The readers are opening again.")
	d.mu.Lock()
	defer d.mu.Unlock()
	if len(d.saved) != 1 || !slices.EqualFunc(d.saved[0], []devices.Config{padReader}, sameConfig) {
		t.Errorf("SetReaders got %+v", d.saved)
	}
}

func TestDevicesTabShowsASaveErrorInOneSentence(t *testing.T) {
	d := schoolDevices()
	d.setReaders = func([]devices.Config) error {
		return fmt.Errorf("save readers.toml: %w", &fs.PathError{Op: "open", Path: "/var/lib/circdesk/readers.toml", Err: fs.ErrPermission})
	}
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)
	test.Tap(v.save)
	// The sentence of the error's kind; the chain goes to the log only.
	s.waitForText("error", v.message, "Not saved: That is not allowed.")
	if v.message.Importance != widget.DangerImportance {
		t.Error("the error does not stand out")
	}
	if s.ui.win.Canvas().Overlays().Top() != nil {
		t.Error("the error opened a dialog")
	}
	if v.save.Disabled() {
		t.Error("Save stays disabled after an error")
	}
}

func TestDevicesTabShowsLiveScansWhileShown(t *testing.T) {
	d := schoolDevices()
	s := newStation(t, stationConfig{devices: d})
	v := s.openDevices(2)
	s.sync()
	if fn, _ := d.listening(); fn == nil || !s.listenKept() {
		t.Fatal("the Devices tab does not listen to the readers")
	}

	at := schoolDay.Add(90 * time.Second)
	sc := rfidTag(kitBook, 2, 3)
	sc.At = at
	d.send(sc)
	s.waitFor("the scan", func() bool { return len(v.scanLines) == 1 })
	line := v.scanLines[0].Text
	for _, want := range []string{"10:01:30", "Pad", "RFID tag", kitBook, "uid E0040102", "afi 07", "part 2 of 3"} {
		if !strings.Contains(line, want) {
			t.Errorf("the scan line %q does not say %q", line, want)
		}
	}
	if !visible(v.scanLines[0]) {
		t.Error("the scan is not on screen")
	}
	for i := range recentScans + 2 {
		d.send(devices.Scan{Kind: devices.Card, Value: "0012345678", Reader: "Card reader", At: at.Add(time.Duration(i) * time.Second),
			Tag: map[string]string{devices.CardHex: "0012345678", devices.CardDecimal: "0001193046"}})
	}
	s.waitFor("ten scans", func() bool {
		return len(v.scanLines) == recentScans && strings.Contains(v.scanLines[0].Text, "10:01:41")
	})
	if !strings.Contains(v.scanLines[0].Text, "hex 0012345678, decimal 0001193046") {
		t.Errorf("card scan line %q", v.scanLines[0].Text)
	}

	// Another tab: the view stops listening, and a late scan is not shown.
	old, _ := d.listening()
	s.ui.librarian.tabs.SelectIndex(tabToday)
	s.waitFor("Listen stopped", func() bool { fn, stops := d.listening(); return fn == nil && stops == 1 })
	old(devices.Scan{Kind: devices.Barcode, Value: "late", Reader: "Card reader", At: at})
	s.sync()
	if strings.Contains(v.scanLines[0].Text, "late") {
		t.Error("a scan after the tab was left is shown")
	}

	// Back on the tab, it listens again; the kiosk tab stops it too.
	s.ui.librarian.tabs.SelectIndex(tabDevices)
	s.sync()
	if fn, _ := d.listening(); fn == nil || !s.listenKept() {
		t.Fatal("back on the Devices tab, it does not listen again")
	}
	s.ui.tabs.SelectIndex(0)
	s.waitFor("Listen stopped again", func() bool { fn, stops := d.listening(); return fn == nil && stops == 2 })
}

func TestStatusBarSaysHowTheReadersAre(t *testing.T) {
	s := newStation(t, stationConfig{devices: schoolDevices()})
	b := s.ui.status
	if b.readersBox.Visible() {
		t.Fatal("the readers show in the status bar before any state came")
	}
	s.ui.ReaderStates([]devices.ReaderState{
		{Name: "Card reader", Status: devices.Connected},
		{Name: "Pad", Status: devices.Connected},
	})
	s.waitForText("readers OK", b.readers, "Readers OK")
	okIcon := b.readersIcon.Resource.Name()

	// Unplugged: said in the bar, with another icon, and never in a dialog.
	s.ui.ReaderStates([]devices.ReaderState{
		{Name: "Card reader", Status: devices.Reconnecting, Err: errors.New("the device was unplugged")},
		{Name: "Pad", Status: devices.Connected},
	})
	s.waitForText("reconnecting", b.readers, "Card reader: reconnecting")
	if b.readersIcon.Resource.Name() == okIcon {
		t.Error("a reader in trouble has the same icon as readers OK")
	}
	if s.ui.win.Canvas().Overlays().Top() != nil {
		t.Error("an unplugged reader opened a dialog")
	}
	if !visible(s.ui.kiosk.checkout.welcome.title) {
		t.Error("the kiosk's Welcome screen is gone")
	}

	s.ui.ReaderStates([]devices.ReaderState{
		{Name: "Card reader", Status: devices.Reconnecting},
		{Name: "Pad", Status: devices.Failed, Err: errors.New("no such port")},
	})
	s.waitForText("two in trouble", b.readers, "Card reader: reconnecting (and 1 more)")

	s.ui.ReaderStates(nil)
	s.waitFor("no readers", func() bool { return !b.readersBox.Visible() })
}

// The Baud field's hint is read whole on a small screen: it says what an
// empty field means without being cut off.
func TestDevicesBaudHintFits(t *testing.T) {
	s := newStation(t, stationConfig{devices: schoolDevices()})
	s.ui.win.Resize(smallScreen)
	v := s.openDevices(2)
	hint := fyne.MeasureText(v.baud.PlaceHolder, theme.TextSize(), fyne.TextStyle{})
	room := v.baud.Size().Width - 2*theme.InnerPadding()
	if hint.Width > room {
		t.Errorf("the Baud hint %q needs %.0f px; the field has %.0f", v.baud.PlaceHolder, hint.Width, room)
	}
	if !strings.Contains(v.baudNote.Text, "empty") || !visible(v.baudNote) {
		t.Errorf("nothing says what an empty Baud field means: %q", v.baudNote.Text)
	}
}

// Escape closes an open dropdown on the librarian's side.
func TestEscapeClosesAnOpenDropdown(t *testing.T) {
	s := newStation(t, stationConfig{devices: schoolDevices()})
	v := s.openDevices(2)
	test.Tap(v.kind)
	c := s.ui.win.Canvas()
	if c.Overlays().Top() == nil {
		t.Fatal("setup: the Kind dropdown did not open")
	}
	s.ui.guardFocus() // the once-a-second focus guard runs meanwhile
	s.typeKey(fyne.KeyEscape)
	if top := c.Overlays().Top(); top != nil && top.Visible() {
		t.Errorf("Escape left the dropdown open (%T)", top)
	}
}

// listenKept reports whether the window kept the stop of the readers'
// Listen: it has answered and the view still wants it.
func (s *station) listenKept() bool {
	s.ui.listenMu.Lock()
	defer s.ui.listenMu.Unlock()
	return s.ui.listenStop != nil
}
