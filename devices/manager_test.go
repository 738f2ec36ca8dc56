//go:build !windows

package devices_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/devices/em4100"
	_ "github.com/circdesk/circdesk/devices/line"
)

// device is a pseudo-terminal playing a reader, reachable at a stable
// path (a symlink, as /dev/serial/by-id is) that can be repointed when the
// device is "plugged in" again.
type device struct {
	t      *testing.T
	link   string
	master *os.File
}

func newDevice(t *testing.T, name string) *device {
	d := &device{t: t, link: filepath.Join(t.TempDir(), name)}
	d.plug()
	t.Cleanup(func() {
		if d.master != nil {
			d.master.Close()
		}
	})
	return d
}

// plug makes a new pty and points the link at it.
func (d *device) plug() {
	d.t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		d.t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	os.Remove(d.link)
	if err := os.Symlink(name, d.link); err != nil {
		d.t.Fatal(err)
	}
	d.master = master
}

// unplug closes the pty and removes the link, as udev does.
func (d *device) unplug() {
	d.master.Close()
	d.master = nil
	os.Remove(d.link)
}

func (d *device) send(b string) {
	d.t.Helper()
	if _, err := d.master.Write([]byte(b)); err != nil {
		d.t.Fatalf("device write: %v", err)
	}
}

// recorder collects what a manager reports.
type recorder struct {
	scans  chan devices.Scan
	mu     sync.Mutex
	states []devices.ReaderState
	change chan struct{}
}

func newRecorder() *recorder {
	return &recorder{scans: make(chan devices.Scan, 64), change: make(chan struct{}, 1)}
}

func (r *recorder) scan(s devices.Scan) { r.scans <- s }

func (r *recorder) state(s devices.ReaderState) {
	r.mu.Lock()
	r.states = append(r.states, s)
	r.mu.Unlock()
	select {
	case r.change <- struct{}{}:
	default:
	}
}

// waitState waits until reader name has reported status st, and returns
// that state.
func (r *recorder) waitState(t *testing.T, name string, st devices.Status, within time.Duration) devices.ReaderState {
	t.Helper()
	deadline := time.After(within)
	seen := 0
	for {
		r.mu.Lock()
		for ; seen < len(r.states); seen++ {
			if s := r.states[seen]; s.Name == name && s.Status == st {
				r.mu.Unlock()
				return s
			}
		}
		r.mu.Unlock()
		select {
		case <-r.change:
		case <-deadline:
			r.mu.Lock()
			defer r.mu.Unlock()
			t.Fatalf("%s did not become %s within %v; states: %+v", name, st, within, r.states)
		}
	}
}

func (r *recorder) nextScan(t *testing.T) devices.Scan {
	t.Helper()
	return receive(t, r.scans, "the scan callback")
}

func TestManagerScansUnplugAndReplug(t *testing.T) {
	scanner := newDevice(t, "usb-Honeywell_Scanner-if00")
	cards := newDevice(t, "usb-RDM6300-if00")
	rec := newRecorder()
	m := devices.NewManagerTiming([]devices.Config{
		{Name: "desk scanner", Kind: "line", Port: scanner.link},
		{Name: "badge reader", Kind: "em4100", Port: cards.link},
	}, rec.scan, rec.state, 50*time.Millisecond, 200*time.Millisecond)
	defer m.Close()

	rec.waitState(t, "desk scanner", devices.Connected, 3*time.Second)
	rec.waitState(t, "badge reader", devices.Connected, 3*time.Second)

	scanner.send("31234000123453\r\n")
	if s := rec.nextScan(t); s.Value != "31234000123453" || s.Reader != "desk scanner" || s.Kind != devices.Barcode {
		t.Errorf("scan %+v", s)
	}
	id, _ := em4100.ParseID("13005D1DA5")
	cards.send(string(em4100.Frame(id)))
	if s := rec.nextScan(t); s.Value != "13005D1DA5" || s.Tag[devices.CardDecimal] != "0006102437" || s.Reader != "badge reader" {
		t.Errorf("card scan %+v", s)
	}

	// Unplugged: the manager says so, with a reason, and keeps the other
	// reader going.
	scanner.unplug()
	st := rec.waitState(t, "desk scanner", devices.Reconnecting, 3*time.Second)
	if st.Err == nil || !strings.Contains(st.Err.Error(), "disconnected") {
		t.Errorf("reconnecting error %v does not say it was disconnected", st.Err)
	}
	if got := m.States(); got[0].Status != devices.Reconnecting || got[1].Status != devices.Connected {
		t.Errorf("States() = %+v, want the scanner reconnecting and the card reader connected", got)
	}
	cards.send(string(em4100.FrameID12([5]byte{1, 2, 3, 4, 5})))
	if s := rec.nextScan(t); s.Value != "0102030405" {
		t.Errorf("card scan while the scanner is away: %+v", s)
	}

	// Plugged in again: a new device node behind the same stable path.
	time.Sleep(150 * time.Millisecond) // a few polls find nothing
	plugged := time.Now()
	scanner.plug()
	rec.mu.Lock()
	rec.states = nil
	rec.mu.Unlock()
	rec.waitState(t, "desk scanner", devices.Connected, 3*time.Second)
	scanner.send("30234000517861\r")
	if s := rec.nextScan(t); s.Value != "30234000517861" || s.Reader != "desk scanner" {
		t.Errorf("scan after replug %+v", s)
	}
	if got := m.States()[0]; got.Status != devices.Connected || got.Err != nil || got.Reason != "" || got.Since.Before(plugged) {
		t.Errorf("States()[0] after replug = %+v", got)
	}
}

func TestManagerMissingAtStartThenPlugged(t *testing.T) {
	link := filepath.Join(t.TempDir(), "usb-scanner")
	rec := newRecorder()
	m := devices.NewManagerTiming([]devices.Config{{Kind: "line", Port: link}}, rec.scan, rec.state, 50*time.Millisecond, 200*time.Millisecond)
	defer m.Close()
	name := "line on " + link
	st := rec.waitState(t, name, devices.Reconnecting, 3*time.Second)
	if st.Err == nil || !strings.Contains(st.Err.Error(), "no such port") {
		t.Errorf("error %v, want it to say there is no such port", st.Err)
	}
	d := &device{t: t, link: link}
	d.plug()
	defer d.master.Close()
	rec.waitState(t, name, devices.Connected, 3*time.Second)
	d.send("42\r")
	if s := rec.nextScan(t); s.Value != "42" {
		t.Errorf("scan %+v", s)
	}
}

func TestManagerFailedConfigs(t *testing.T) {
	scanner := newDevice(t, "scanner")
	rec := newRecorder()
	m := devices.NewManagerTiming([]devices.Config{
		{Name: "wand", Kind: "zebra-magic", Port: "/dev/ttyUSB7"},
		{Name: "odd baud", Kind: "line", Port: scanner.link + "3", Baud: 12345},
		{Name: "bad option", Kind: "em4100", Port: scanner.link + "2", Options: map[string]string{"colour": "red"}},
		{Name: "first", Kind: "line", Port: scanner.link},
		{Name: "second on the same port", Kind: "em4100", Port: scanner.link},
		{Name: "misconfigured", Kind: "test-counted", Options: map[string]string{"fail": "config"}},
		{Name: "unplugged", Kind: "test-counted", Options: map[string]string{"fail": "absent"}},
	}, rec.scan, rec.state, 50*time.Millisecond, 200*time.Millisecond)
	defer m.Close()
	for name, want := range map[string]string{
		"wand":                    `"zebra-magic" is not a reader kind`,
		"odd baud":                "12345 baud",
		"bad option":              `"colour" is not an option`,
		"second on the same port": "already used by first",
		"misconfigured":           "no such setting",
	} {
		st := rec.waitState(t, name, devices.Failed, 3*time.Second)
		if st.Err == nil || !strings.Contains(st.Err.Error(), want) {
			t.Errorf("%s: error %v, want it to contain %q", name, st.Err, want)
		}
	}
	rec.waitState(t, "first", devices.Connected, 3*time.Second)
	// A failed configuration is not retried: by the time a reader whose
	// port is missing has been tried three times, the misconfigured one has
	// been opened once, and no failed reader said anything after failing.
	waitOpens(t, "unplugged", 3)
	if n := opens("misconfigured"); n != 1 {
		t.Errorf("a failed configuration was opened %d times, want once", n)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for _, name := range []string{"wand", "odd baud", "bad option", "second on the same port", "misconfigured"} {
		var said []devices.Status
		for _, st := range rec.states {
			if st.Name == name {
				said = append(said, st.Status)
			}
		}
		if len(said) != 1 || said[0] != devices.Failed {
			t.Errorf("%s reported %v, want Failed once", name, said)
		}
	}
	if got := m.States()[0]; got.Status != devices.Failed {
		t.Errorf("unknown kind later %+v", got)
	}
}

// A reader kind that never opens, counting its tries by name: "fail"
// "config" is a configuration error, "absent" a port that is not there.
var (
	openedMu sync.Mutex
	opened   = map[string]int{}
	openedCh = make(chan struct{}, 1)
)

func opens(name string) int {
	openedMu.Lock()
	defer openedMu.Unlock()
	return opened[name]
}

func waitOpens(t *testing.T, name string, n int) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for opens(name) < n {
		select {
		case <-openedCh:
		case <-deadline:
			t.Fatalf("%s was opened %d times, want %d", name, opens(name), n)
		}
	}
}

func init() {
	devices.Register("test-counted", func(c devices.Config) (devices.Reader, error) {
		openedMu.Lock()
		opened[c.Name]++
		openedMu.Unlock()
		select {
		case openedCh <- struct{}{}:
		default:
		}
		if c.Options["fail"] == "config" {
			return nil, &devices.ConfigError{Reader: c.Label(), Err: errors.New("no such setting")}
		}
		return nil, errors.New("there is no such port")
	})
}

func TestManagerCloseStopsEverything(t *testing.T) {
	scanner := newDevice(t, "scanner")
	missing := &device{t: t, link: scanner.link + "-gone"}
	configs := []devices.Config{
		{Name: "s", Kind: "line", Port: scanner.link},
		{Name: "missing", Kind: "line", Port: missing.link},
	}
	rec := newRecorder()
	m := devices.NewManagerTiming(configs, rec.scan, rec.state, 50*time.Millisecond, 200*time.Millisecond)
	rec.waitState(t, "s", devices.Connected, 3*time.Second)
	rec.waitState(t, "missing", devices.Reconnecting, 3*time.Second)
	closed := make(chan struct{})
	go func() {
		m.Close()
		m.Close() // again: nothing
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	rec.mu.Lock()
	n := len(rec.states)
	rec.mu.Unlock()

	// After Close, what a running manager would see: the missing reader
	// plugged in, a code on the scanner. A new manager on the same ports
	// sees both; the closed one reports neither.
	missing.plug()
	defer missing.master.Close()
	again := newRecorder()
	m2 := devices.NewManagerTiming(configs, again.scan, again.state, 50*time.Millisecond, 200*time.Millisecond)
	defer m2.Close()
	again.waitState(t, "s", devices.Connected, 3*time.Second)
	again.waitState(t, "missing", devices.Connected, 3*time.Second)
	scanner.send("42\r")
	if s := again.nextScan(t); s.Value != "42" {
		t.Errorf("scan %+v on the new manager", s)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.states) != n || len(rec.scans) != 0 {
		t.Errorf("callbacks after Close: states %+v, %d scans", rec.states[n:], len(rec.scans))
	}
}

// A fake RFID pad kind: the real pads are other packages; this one only
// reports tags and records AFI writes, to test the manager's routing.
type fakePad struct {
	tags   []string
	writes chan string
}

func (p *fakePad) Run(ctx context.Context, emit func(devices.Scan)) error {
	for _, uid := range p.tags {
		emit(devices.Scan{Kind: devices.RFIDItem, Value: "item-" + uid, Tag: map[string]string{devices.TagUID: uid}, At: time.Now()})
	}
	<-ctx.Done()
	return nil
}
func (p *fakePad) Close() error { return nil }

type fakeWriterPad struct{ fakePad }

func (p *fakeWriterPad) WriteAFI(ctx context.Context, uid string, afi byte) error {
	p.writes <- uid
	if afi == 0xFF {
		return errors.New("the tag would not take it")
	}
	return nil
}

var padWrites = make(chan string, 8)

func init() {
	devices.Register("test-pad", func(c devices.Config) (devices.Reader, error) {
		return &fakeWriterPad{fakePad{tags: strings.Split(c.Options["tags"], ","), writes: padWrites}}, nil
	})
	devices.Register("test-readonly-pad", func(c devices.Config) (devices.Reader, error) {
		return &fakePad{tags: strings.Split(c.Options["tags"], ",")}, nil
	})
}

func TestManagerWriteAFI(t *testing.T) {
	rec := newRecorder()
	m := devices.NewManager([]devices.Config{
		{Name: "pad A", Kind: "test-pad", Port: "a", Options: map[string]string{"tags": "E00401003123AA26"}},
		{Name: "pad B", Kind: "test-readonly-pad", Port: "b", Options: map[string]string{"tags": "E00401003123AA27"}},
	}, rec.scan, rec.state)
	defer m.Close()
	rec.nextScan(t)
	rec.nextScan(t)
	ctx := context.Background()

	if err := m.WriteAFI(ctx, "e00401003123aa26", 0xC2); err != nil {
		t.Fatalf("WriteAFI through pad A: %v", err)
	}
	if got := <-padWrites; got != "E00401003123AA26" {
		t.Errorf("pad A wrote %q", got)
	}
	if err := m.WriteAFI(ctx, "E00401003123AA26", 0xFF); err == nil || !strings.Contains(err.Error(), "would not take it") {
		t.Errorf("failed write: %v", err)
	} else {
		<-padWrites
	}
	if err := m.WriteAFI(ctx, "E00401003123AA27", 0xC2); err == nil || !strings.Contains(err.Error(), "pad B, which read it, cannot write tags") {
		t.Errorf("write through a read-only pad: %v", err)
	}
	if err := m.WriteAFI(ctx, "E004010000000000", 0xC2); !errors.Is(err, devices.ErrTagNotSeen) {
		t.Errorf("write to a tag nobody saw: %v", err)
	}
}
