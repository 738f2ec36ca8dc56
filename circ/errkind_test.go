package circ_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

func TestKindOf(t *testing.T) {
	// A refused connection on loopback: a real network error.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	_, dialErr := net.Dial("tcp", addr)
	if dialErr == nil {
		t.Fatal("dialing a closed port worked")
	}
	_, openErr := os.Open(filepath.Join(t.TempDir(), "absent.toml"))
	deadline, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-deadline.Done()

	tests := []struct {
		name string
		err  error
		want circ.Kind
	}{
		{"nil", nil, ""},
		{"plain", errors.New("disk on fire"), circ.KindInternal},
		{"marked", circ.WithKind(errors.New("x"), circ.KindBusy), circ.KindBusy},
		{"marked, wrapped", fmt.Errorf("record checkin: %w", circ.WithKind(errors.New("x"), circ.KindInvalid)), circ.KindInvalid},
		{"outer mark wins", circ.WithKind(fmt.Errorf("a: %w", circ.ErrNotFound), circ.KindRefused), circ.KindRefused},
		{"sentinel not found", fmt.Errorf("look up item: %w", circ.ErrNotFound), circ.KindNotFound},
		{"sentinel offline", fmt.Errorf("checkout: %w", circ.ErrOffline), circ.KindOffline},
		{"sentinel in a join", errors.Join(errors.New("a"), circ.ErrSettled), circ.KindRefused},
		{"typed busy", fmt.Errorf("sync: %w", &circ.BusyError{Holder: "circctl"}), circ.KindBusy},
		{"typed unknown items", &circ.UnknownItems{Items: []string{"1"}}, circ.KindNotFound},
		{"context deadline", fmt.Errorf("ask: %w", deadline.Err()), circ.KindOffline},
		{"net error", fmt.Errorf("connect: %w", dialErr), circ.KindOffline},
		{"missing file", fmt.Errorf("read config: %w", openErr), circ.KindNotFound},
		{"permission", fmt.Errorf("save: %w", os.ErrPermission), circ.KindRefused},
	}
	for _, tt := range tests {
		if got := circ.KindOf(tt.err); got != tt.want {
			t.Errorf("%s: KindOf(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestWithKindKeepsTheChain(t *testing.T) {
	cause := &circ.BusyError{Holder: "The station window"}
	err := fmt.Errorf("sync: %w", circ.WithKind(fmt.Errorf("lease: %w", cause), circ.KindOffline))
	var be *circ.BusyError
	if !errors.As(err, &be) || be != cause {
		t.Errorf("errors.As does not find the cause through the mark")
	}
	if want := "sync: lease: " + cause.Error(); err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if !errors.Is(fmt.Errorf("x: %w", circ.ErrNotFound), circ.ErrNotFound) {
		t.Errorf("a marked sentinel is not found by errors.Is")
	}
	if circ.WithKind(nil, circ.KindBusy) != nil || circ.Said(nil, circ.KindBusy) != nil {
		t.Errorf("marking nil is not nil")
	}
}

func TestWords(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
		ok   bool
	}{
		{"said, wrapped", fmt.Errorf("resolve exception 3: %w", circ.ErrNoNote), "say what was done to resolve it", true},
		{"typed", fmt.Errorf("sync: %w", &circ.BusyError{Holder: "circctl"}), "circctl is sending to the library server now; try again in a minute.", true},
		{"marked, not said", fmt.Errorf("look up: %w", circ.ErrNotFound), "", false},
		{"plain", errors.New("insert journal row: disk I/O error"), "", false},
		{"outermost said wins", circ.Said(fmt.Errorf("the file is bad: %w", circ.ErrNoSet), circ.KindInvalid), "the file is bad: there is no book set with that name", true},
	}
	for _, tt := range tests {
		got, ok := circ.Words(tt.err)
		if got != tt.want || ok != tt.ok {
			t.Errorf("%s: Words = %q, %v; want %q, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}
