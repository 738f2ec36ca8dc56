//go:build !windows

package serialport

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/circdesk/circdesk/devices"
)

// openPTY opens a pseudo-terminal and opens its slave through Open, as
// production opens a real port; the master plays the device.
func openPTY(t *testing.T) (*os.File, Port) {
	t.Helper()
	master, slave, err := pty.Open()
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	name := slave.Name()
	slave.Close()
	p, err := Open(devices.Config{Kind: "test", Port: name}, Settings{Baud: 9600})
	if err != nil {
		master.Close()
		t.Fatalf("Open(%s): %v", name, err)
	}
	t.Cleanup(func() {
		p.Close()
		master.Close()
	})
	return master, p
}

// readSome reads until n bytes arrived or d passed, skipping timeouts.
func readSome(t *testing.T, p Port, n int, d time.Duration) []byte {
	t.Helper()
	var got []byte
	buf := make([]byte, 64)
	deadline := time.Now().Add(d)
	for len(got) < n && time.Now().Before(deadline) {
		k, err := p.Read(buf)
		if errors.Is(err, ErrTimeout) {
			continue
		}
		if err != nil {
			t.Fatalf("Read: %v", err)
		}
		got = append(got, buf[:k]...)
	}
	return got
}

func TestBytesBothWays(t *testing.T) {
	master, p := openPTY(t)
	frame := []byte{0x02, '1', '3', '0', '0', '5', 'D', '1', 'D', 'A', '5', 'F', '6', '\r', '\n', 0x03, 0x00, 0xFF}
	if _, err := master.Write(frame); err != nil {
		t.Fatal(err)
	}
	if got := readSome(t, p, len(frame), 2*time.Second); string(got) != string(frame) {
		t.Fatalf("read % X, want % X (bytes must pass unchanged)", got, frame)
	}

	cmd := []byte{0x07, 0xFF, 0xB0, 0x01, 0x00, 0x1C, 0x56, 0x0D}
	if _, err := p.Write(cmd); err != nil {
		t.Fatalf("Write: %v", err)
	}
	master.SetReadDeadline(time.Now().Add(2 * time.Second))
	got := make([]byte, 0, len(cmd))
	buf := make([]byte, 64)
	for len(got) < len(cmd) {
		n, err := master.Read(buf)
		if err != nil {
			t.Fatalf("device side read: %v after % X", err, got)
		}
		got = append(got, buf[:n]...)
	}
	if string(got) != string(cmd) {
		t.Fatalf("device got % X, want % X", got, cmd)
	}
}

func TestIdleReadIsATimeout(t *testing.T) {
	_, p := openPTY(t)
	buf := make([]byte, 16)
	// A quiet reader is not an unplugged one, however long it stays quiet.
	for i := range 6 {
		start := time.Now()
		n, err := p.Read(buf)
		if n != 0 || !errors.Is(err, ErrTimeout) {
			t.Fatalf("idle read %d: (%d, %v), want (0, ErrTimeout)", i, n, err)
		}
		if errors.Is(err, ErrDisconnected) {
			t.Fatalf("idle read %d reported a disconnect", i)
		}
		if el := time.Since(start); el > 3*time.Second {
			t.Fatalf("idle read %d took %v, want about the read timeout", i, el)
		}
	}
	var te interface{ Timeout() bool }
	if !errors.As(ErrTimeout, &te) || !te.Timeout() {
		t.Error("ErrTimeout does not say Timeout() == true")
	}
}

func TestFarEndClosedIsADisconnect(t *testing.T) {
	master, p := openPTY(t)
	master.Write([]byte("abc"))
	if got := readSome(t, p, 3, 2*time.Second); string(got) != "abc" {
		t.Fatalf("read %q before the unplug", got)
	}
	master.Close()
	start := time.Now()
	buf := make([]byte, 16)
	for {
		_, err := p.Read(buf)
		if errors.Is(err, ErrTimeout) {
			if time.Since(start) > time.Second {
				t.Fatal("still only timeouts a second after the far end closed")
			}
			continue
		}
		if !errors.Is(err, ErrDisconnected) {
			t.Fatalf("Read after the far end closed: %v, want ErrDisconnected", err)
		}
		if !strings.Contains(err.Error(), p.Name()) {
			t.Errorf("error %q does not name the port", err)
		}
		break
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("disconnect noticed after %v, want within a second", el)
	}
	// It stays disconnected, and writes say so too.
	if _, err := p.Read(buf); !errors.Is(err, ErrDisconnected) {
		t.Errorf("second Read: %v, want ErrDisconnected", err)
	}
	if _, err := p.Write([]byte("x")); !errors.Is(err, ErrDisconnected) {
		t.Errorf("Write: %v, want ErrDisconnected", err)
	}
}

func TestWriteToVanishedDeviceIsADisconnect(t *testing.T) {
	master, p := openPTY(t)
	master.Close()
	// No read first: the write alone must notice.
	if _, err := p.Write([]byte{0x05, 0xFF, 0x65, 0xE5, 0xCB}); !errors.Is(err, ErrDisconnected) {
		t.Fatalf("Write after the far end closed: %v, want ErrDisconnected", err)
	}
}

func TestCloseWhileReadPending(t *testing.T) {
	_, p := openPTY(t)
	readErr := make(chan error, 1)
	started := make(chan struct{})
	go func() {
		buf := make([]byte, 16)
		close(started)
		for {
			_, err := p.Read(buf)
			if !errors.Is(err, ErrTimeout) {
				readErr <- err
				return
			}
		}
	}()
	<-started
	time.Sleep(30 * time.Millisecond) // let the Read be in the kernel
	start := time.Now()
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if el := time.Since(start); el > time.Second {
		t.Fatalf("Close took %v with a Read pending", el)
	}
	select {
	case err := <-readErr:
		if !errors.Is(err, ErrClosed) {
			t.Errorf("pending Read ended with %v, want ErrClosed", err)
		}
	case <-time.After(time.Second):
		t.Fatal("pending Read did not return within a second of Close")
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := p.Write([]byte("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Write after Close: %v, want ErrClosed", err)
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "ttyUSB9")
	_, err := Open(devices.Config{Kind: "line", Port: missing}, Settings{})
	var oe *OpenError
	if !errors.As(err, &oe) || !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Open(missing) = %v, want an OpenError wrapping ErrNotExist", err)
	}
	if want := "cannot open " + missing + ": there is no such port"; !strings.HasPrefix(err.Error(), want) {
		t.Errorf("message %q, want it to start %q", err, want)
	}

	var ce *devices.ConfigError
	if _, err := Open(devices.Config{Kind: "line"}, Settings{}); !errors.As(err, &ce) || !strings.Contains(err.Error(), "no serial port is configured") {
		t.Errorf("Open without a port = %v", err)
	}

	if os.Geteuid() != 0 {
		f := filepath.Join(t.TempDir(), "ttyS0")
		os.WriteFile(f, nil, 0)
		_, err := Open(devices.Config{Kind: "line", Port: f}, Settings{})
		if err == nil || !strings.Contains(err.Error(), "permission denied") || !errors.Is(err, os.ErrPermission) {
			t.Errorf("Open(unreadable) = %v, want permission denied", err)
		}
	}

	// A plain file is not a serial port.
	f := filepath.Join(t.TempDir(), "notatty")
	os.WriteFile(f, nil, 0o600)
	if p, err := Open(devices.Config{Kind: "line", Port: f}, Settings{}); err == nil {
		p.Close()
		t.Error("Open(a plain file) succeeded")
	}
}

func TestResolve(t *testing.T) {
	feig := Settings{Baud: 38400, DataBits: 8, Parity: "E", StopBits: 1}
	tests := []struct {
		name     string
		cfg      devices.Config
		defaults Settings
		want     Settings
		wantErr  string
	}{
		{"zero defaults are 9600 8N1", devices.Config{}, Settings{},
			Settings{9600, 8, "N", 1, 100 * time.Millisecond}, ""},
		{"kind defaults kept", devices.Config{}, feig,
			Settings{38400, 8, "E", 1, 100 * time.Millisecond}, ""},
		{"config overrides", devices.Config{Baud: 19200, Parity: "n", StopBits: 2, DataBits: 7}, feig,
			Settings{19200, 7, "N", 2, 100 * time.Millisecond}, ""},
		{"timeout clamped up", devices.Config{}, Settings{ReadTimeout: time.Millisecond},
			Settings{9600, 8, "N", 1, 100 * time.Millisecond}, ""},
		{"timeout clamped down", devices.Config{}, Settings{ReadTimeout: time.Minute},
			Settings{9600, 8, "N", 1, 200 * time.Millisecond}, ""},
		{"odd baud", devices.Config{Baud: 12345}, Settings{}, Settings{}, "12345 baud is not a rate"},
		{"mark parity", devices.Config{Parity: "M"}, Settings{}, Settings{}, `parity "M" is not supported`},
		{"nine data bits", devices.Config{DataBits: 9}, Settings{}, Settings{}, "9 data bits"},
		{"three stop bits", devices.Config{StopBits: 3}, Settings{}, Settings{}, "3 stop bits"},
	}
	for _, tt := range tests {
		got, err := Resolve(tt.cfg, tt.defaults)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%s: error %v, want one containing %q", tt.name, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("%s: got %+v, %v; want %+v", tt.name, got, err, tt.want)
		}
	}
	// Through Open, bad settings are the configuration's fault, not the port's.
	_, err := Open(devices.Config{Kind: "line", Port: "/dev/null", Parity: "M"}, Settings{})
	var ce *devices.ConfigError
	if !errors.As(err, &ce) {
		t.Errorf("Open with mark parity = %v, want a *devices.ConfigError", err)
	}
}
