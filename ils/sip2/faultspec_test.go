package sip2_test

import (
	"strings"
	"testing"
	"time"

	"github.com/circdesk/circdesk/ils/sip2"
)

var faultExamples = []string{
	"drop-before:11",
	"drop-after:11:item=31047000100010",
	"stall:29:times=1",
	"delay:09:2s",
	"garbage:17",
	"checksum:any:patron=1000001:times=3",
	"truncate:63", "oversize:99", "malformed:11:item=B1:patron=P1:times=2",
	"delay:any:500ms:times=1",
}

func TestParseFault(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want sip2.Fault
	}{
		{"drop-before:11", sip2.Fault{Kind: sip2.FaultDropBefore, Message: "11"}},
		{"drop-after:11:item=31047000100010", sip2.Fault{Kind: sip2.FaultDropAfter, Message: "11", Item: "31047000100010"}},
		{"stall:29:times=1", sip2.Fault{Kind: sip2.FaultStall, Message: "29", Times: 1}},
		{"delay:09:2s", sip2.Fault{Kind: sip2.FaultDelay, Message: "09", Delay: 2 * time.Second}},
		{"garbage:any:patron=P-1", sip2.Fault{Kind: sip2.FaultGarbage, Patron: "P-1"}},
		{"checksum:17:times=2:item=a=b", sip2.Fault{Kind: sip2.FaultCorruptChecksum, Message: "17", Times: 2, Item: "a=b"}},
	} {
		got, err := sip2.ParseFault(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseFault(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ in, says string }{
		{"", "a fault is KIND:MESSAGE"},
		{"stall", "a fault is KIND:MESSAGE"},
		{"boom:11", `"boom" is not a kind of fault; use drop-before, drop-after, stall`},
		{"stall:1", `"1" is not a message`},
		{"stall:checkout", `"checkout" is not a message`},
		{"delay:09", "a delay needs how long, like delay:09:2s"},
		{"delay:09:-2s", "a delay lasts more than 0s"},
		{"delay:09:2s:3s", "how long is given twice"},
		{"stall:11:2s", "only a delay takes how long, not stall"},
		{"stall:11:color=red", `"color=red" is not an option`},
		{"stall:11:soon", `"soon" is not an option`},
		{"stall:11:times=0", `times is a whole number from 1`},
		{"stall:11:times=x", `times is a whole number from 1`},
		{"stall:11:item=", "item= needs a value"},
		{"stall:11:item=a:item=b", "item= is given twice"},
		{"stall:11:patron=a\rb", "patron= needs a value without control characters"},
	} {
		_, err := sip2.ParseFault(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.says) || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseFault(%q): %v; want one sentence saying %q", tc.in, err, tc.says)
		}
	}
}

// FuzzParseFault: ParseFault never panics, and what it accepts prints
// (String) as text that parses to the same fault.
func FuzzParseFault(f *testing.F) {
	for _, s := range faultExamples {
		f.Add(s)
	}
	for _, s := range []string{"", ":", "::", "delay:09:1h0m0s", "delay:09:1.5s", "stall:11:=", "x=y:11", "drop-after:11:item=é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fault, err := sip2.ParseFault(s)
		if err != nil {
			if err.Error() == "" || strings.Contains(err.Error(), "\n") {
				t.Errorf("ParseFault(%q): error %q is not one sentence", s, err)
			}
			return
		}
		again, err := sip2.ParseFault(fault.String())
		if err != nil || again != fault {
			t.Errorf("ParseFault(%q) = %+v prints %q, which parses to %+v, %v", s, fault, fault.String(), again, err)
		}
	})
}
