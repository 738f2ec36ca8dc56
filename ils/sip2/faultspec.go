package sip2

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The text form of a Fault, for command lines (circctl acs --fault):
//
//	KIND:MESSAGE[:OPTION]...
//
// KIND is one of faultNames; MESSAGE is the two-digit identifier of the
// request it applies to (11 checkout, 09 check-in, 29 renew, 17 item
// information, 63 patron information, 99 status...) or "any"; an OPTION is
// item=BARCODE (the request's AB), patron=ID (its AA, as sent), times=N (the
// first N matching requests; without it, every one), or for delay (and only
// for delay) how long, as 2s or 500ms.

// faultNames are the kinds of fault by name, in the order help lists them.
var faultNames = []struct {
	name string
	kind FaultKind
}{
	{"drop-before", FaultDropBefore},
	{"drop-after", FaultDropAfter},
	{"stall", FaultStall},
	{"delay", FaultDelay},
	{"garbage", FaultGarbage},
	{"checksum", FaultCorruptChecksum},
	{"truncate", FaultTruncate},
	{"oversize", FaultOversize},
	{"malformed", FaultMalformed},
}

// maxFaultDelay bounds a delay: longer is a stall.
const maxFaultDelay = time.Hour

// FaultKinds lists the names of the kinds of fault ParseFault reads.
func FaultKinds() []string {
	names := make([]string, len(faultNames))
	for i, n := range faultNames {
		names[i] = n.name
	}
	return names
}

// String is the kind's name in ParseFault's syntax ("drop-after").
func (k FaultKind) String() string {
	for _, n := range faultNames {
		if n.kind == k {
			return n.name
		}
	}
	return "fault(" + strconv.Itoa(int(k)) + ")"
}

// ParseFault reads a fault in its text form (KIND:MESSAGE[:OPTION]..., see
// above), like drop-after:11:item=31047000100010 or delay:09:2s. Its error
// is one sentence saying what is wrong.
func ParseFault(s string) (Fault, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 {
		return Fault{}, errors.New("a fault is KIND:MESSAGE, like drop-after:11")
	}
	f, err := parseFaultHead(parts[0], parts[1])
	if err != nil {
		return Fault{}, err
	}
	seen := map[string]bool{}
	for _, opt := range parts[2:] {
		if err := f.setOption(opt, seen); err != nil {
			return Fault{}, err
		}
	}
	if f.Kind == FaultDelay && f.Delay == 0 {
		return Fault{}, fmt.Errorf("a delay needs how long, like delay:%s:2s", parts[1])
	}
	return f, nil
}

// parseFaultHead reads a fault's KIND and MESSAGE.
func parseFaultHead(kind, m string) (Fault, error) {
	var f Fault
	for _, n := range faultNames {
		if n.name == kind {
			f.Kind = n.kind
		}
	}
	if f.Kind == 0 {
		return Fault{}, fmt.Errorf("%q is not a kind of fault; use %s", kind, strings.Join(FaultKinds(), ", "))
	}
	switch {
	case m == "any":
	case len(m) == 2 && isDigit(m[0]) && isDigit(m[1]):
		f.Message = m
	default:
		return Fault{}, fmt.Errorf("%q is not a message: give its two digits (11 checkout, 09 check-in, 29 renew, 17 item information) or any", m)
	}
	return f, nil
}

// setOption reads one OPTION of a fault (item=, patron=, times= or, for a
// delay, how long) into f; seen holds the options already given.
func (f *Fault) setOption(opt string, seen map[string]bool) error {
	key, value, isPair := strings.Cut(opt, "=")
	if !isPair {
		d, err := time.ParseDuration(opt)
		switch {
		case err != nil:
			return fmt.Errorf("%q is not an option; use item=BARCODE, patron=ID, times=N or, for a delay, how long (2s)", opt)
		case f.Kind != FaultDelay:
			return fmt.Errorf("only a delay takes how long, not %s", f.Kind)
		case d <= 0 || d > maxFaultDelay:
			return fmt.Errorf("a delay lasts more than 0s and at most %v, not %s", maxFaultDelay, opt)
		}
		key = "duration"
		f.Delay = d
	}
	if isPair && key != "item" && key != "patron" && key != "times" {
		return fmt.Errorf("%q is not an option; use item=BARCODE, patron=ID, times=N or, for a delay, how long (2s)", opt)
	}
	if seen[key] {
		return fmt.Errorf("%s is given twice", optionName(key))
	}
	seen[key] = true
	if !isPair {
		return nil
	}
	if value == "" || strings.ContainsFunc(value, func(r rune) bool { return r < ' ' || r == '|' || r == 0x7f }) {
		return fmt.Errorf("%s= needs a value without control characters or |", key)
	}
	switch key {
	case "item":
		f.Item = value
	case "patron":
		f.Patron = value
	case "times":
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 || n > 1_000_000 {
			return fmt.Errorf("times is a whole number from 1 to 1000000, not %q", value)
		}
		f.Times = n
	}
	return nil
}

func optionName(key string) string {
	if key == "duration" {
		return "how long"
	}
	return key + "="
}

// String is f in ParseFault's syntax.
func (f Fault) String() string {
	var b strings.Builder
	b.WriteString(f.Kind.String())
	b.WriteString(":")
	b.WriteString(or(f.Message, "any"))
	if f.Item != "" {
		b.WriteString(":item=" + f.Item)
	}
	if f.Patron != "" {
		b.WriteString(":patron=" + f.Patron)
	}
	if f.Times > 0 {
		b.WriteString(":times=" + strconv.Itoa(f.Times))
	}
	if f.Kind == FaultDelay {
		b.WriteString(":" + f.Delay.String())
	}
	return b.String()
}
