package circ

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"syscall"
)

// Kind is what sort of failure an error is, as far as the person at the
// station needs to know: the screens say one plain sentence per kind and
// leave the error's chain of causes to the log.
type Kind string

// The error kinds. The string values are stable: they name the translations
// ("error.<kind>").
const (
	KindNotFound Kind = "not_found" // what was asked for is not there
	KindRefused  Kind = "refused"   // not allowed: a rule, a permission, the library server said no
	KindBusy     Kind = "busy"      // someone else is doing it now; try again later
	KindOffline  Kind = "offline"   // the library server or a device did not answer
	KindInvalid  Kind = "invalid"   // what was typed, chosen or imported is not right
	KindInternal Kind = "internal"  // anything else: the station itself failed
)

// Kinds lists every error kind, for translation checks.
func Kinds() []Kind {
	return []Kind{KindNotFound, KindRefused, KindBusy, KindOffline, KindInvalid, KindInternal}
}

// kinded is an error marked with its kind; said when its own message is a
// sentence for people.
type kinded struct {
	err  error
	kind Kind
	said bool
}

func (e *kinded) Error() string { return e.err.Error() }
func (e *kinded) Unwrap() error { return e.err }
func (e *kinded) Kind() Kind    { return e.kind }

// WithKind marks err with kind k. The result says what err says, and
// errors.Is and errors.As see err and its causes through it. WithKind(nil)
// is nil.
func WithKind(err error, k Kind) error {
	if err == nil {
		return nil
	}
	return &kinded{err: err, kind: k}
}

// Said marks err with kind k and as a sentence written for people: the
// screens show its own message (not the context its callers wrap around
// it) instead of the kind's sentence. Said(nil) is nil.
func Said(err error, k Kind) error {
	if err == nil {
		return nil
	}
	return &kinded{err: err, kind: k, said: true}
}

// NewSaid is Said(errors.New(sentence), k), for sentinel errors.
func NewSaid(k Kind, sentence string) error { return Said(errors.New(sentence), k) }

// Words returns the sentence for people err carries: the message of the
// outermost error in its chain marked with Said, or of one that has a
// Words method (a typed error written for people). ok is false when err
// carries none.
func Words(err error) (sentence string, ok bool) {
	for e := range chain(err) {
		switch w := e.(type) {
		case *kinded:
			if w.said {
				return w.err.Error(), true
			}
		case interface{ Words() string }:
			return w.Words(), true
		}
	}
	return "", false
}

// chain yields err and its causes, depth first, as errors.Is walks them.
func chain(err error) func(func(error) bool) {
	return func(yield func(error) bool) {
		var walk func(error) bool
		walk = func(e error) bool {
			for e != nil {
				if !yield(e) {
					return false
				}
				switch u := e.(type) {
				case interface{ Unwrap() error }:
					e = u.Unwrap()
				case interface{ Unwrap() []error }:
					for _, c := range u.Unwrap() {
						if !walk(c) {
							return false
						}
					}
					return true
				default:
					return true
				}
			}
			return true
		}
		walk(err)
	}
}

// KindOf is the kind of err: the kind it (or the first of its causes) was
// marked with or declares with a Kind method; else the kind of the usual
// standard-library causes (a deadline or a network error is offline, a
// missing file not found, a permission refused); else KindInternal.
// KindOf(nil) is "".
func KindOf(err error) Kind {
	if err == nil {
		return ""
	}
	var k interface{ Kind() Kind }
	if errors.As(err, &k) {
		return k.Kind()
	}
	// fs before net: a syscall.Errno is a net.Error too.
	var oe *net.OpError
	var de *net.DNSError
	var ne net.Error
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return KindNotFound
	case errors.Is(err, fs.ErrPermission):
		return KindRefused
	case errors.Is(err, syscall.EBUSY):
		return KindBusy
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, os.ErrDeadlineExceeded),
		errors.As(err, &oe), errors.As(err, &de), errors.As(err, &ne) && ne.Timeout():
		return KindOffline
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH):
		return KindOffline
	}
	return KindInternal
}
