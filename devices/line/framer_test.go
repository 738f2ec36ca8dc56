package line

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// chunk is bytes arriving at an offset from t0.
type chunk struct {
	at   time.Duration
	data string
}

// run feeds the chunks, flushing at each chunk time and finally at end, and
// returns the values of the codes.
func run(f *Framer, chunks []chunk, end time.Duration) []string {
	var got []string
	for _, c := range chunks {
		for _, fr := range f.Feed([]byte(c.data), t0.Add(c.at)) {
			got = append(got, fr.Value)
		}
	}
	for _, fr := range f.Flush(t0.Add(end)) {
		got = append(got, fr.Value)
	}
	return got
}

func TestFramer(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name   string
		framer Framer
		chunks []chunk
		end    time.Duration
		want   []string
	}{
		{"CR", Framer{}, []chunk{{0, "31234000123453\r"}}, 0, []string{"31234000123453"}},
		{"LF", Framer{}, []chunk{{0, "31234000123453\n"}}, 0, []string{"31234000123453"}},
		{"CR LF", Framer{}, []chunk{{0, "A1\r\nB2\r\n"}}, 0, []string{"A1", "B2"}},
		{"CR LF split across reads", Framer{}, []chunk{{0, "A1\r"}, {5 * ms, "\nB2\r"}, {10 * ms, "\n"}}, 10 * ms, []string{"A1", "B2"}},
		{"code split across reads", Framer{}, []chunk{{0, "3123"}, {16 * ms, "4000123453\r"}}, 16 * ms, []string{"31234000123453"}},
		{"blank lines are no code", Framer{}, []chunk{{0, "\r\n\r\n\n\r"}}, time.Second, nil},
		{"no terminator: the idle gap ends it", Framer{}, []chunk{{0, "31234000123453"}}, 100 * ms, []string{"31234000123453"}},
		{"not idle long enough yet", Framer{}, []chunk{{0, "3123"}}, 50 * ms, nil},
		{"a gap splits two unterminated codes", Framer{}, []chunk{{0, "AAA"}, {200 * ms, "BBB"}}, 400 * ms, []string{"AAA", "BBB"}},
		{"idle off waits for a terminator", Framer{Idle: -1}, []chunk{{0, "AAA"}, {time.Second, "BBB\r"}}, 2 * time.Second, []string{"AAABBB"}},
		{"configured idle", Framer{Idle: 20 * ms}, []chunk{{0, "AAA"}, {30 * ms, "BBB"}}, 60 * ms, []string{"AAA", "BBB"}},
		{"prefix and suffix stripped", Framer{Prefix: "]C0", Suffix: "#"}, []chunk{{0, "]C0A31234000123453B#\r"}}, 0, []string{"A31234000123453B"}},
		{"prefix absent is left alone", Framer{Prefix: "]C0"}, []chunk{{0, "12345\r"}}, 0, []string{"12345"}},
		{"control characters stripped", Framer{}, []chunk{{0, "\x02123\x00\x1b45\x7f\x03\r"}}, 0, []string{"12345"}},
		{"control-only line is no code", Framer{}, []chunk{{0, "\x02\x03\x00\r"}}, 0, nil},
		{"invalid UTF-8 stripped", Framer{}, []chunk{{0, "12\xff\xfe34\r"}}, 0, []string{"1234"}},
		{"UTF-8 kept", Framer{}, []chunk{{0, "Müller\r"}}, 0, []string{"Müller"}},
		{"surrounding spaces trimmed", Framer{}, []chunk{{0, "  42 \r"}}, 0, []string{"42"}},
	}
	for _, tt := range tests {
		f := tt.framer
		got := run(&f, tt.chunks, tt.end)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestFramerRawAndTime(t *testing.T) {
	var f Framer
	frames := f.Feed([]byte("\x0242\r\n"), t0)
	if len(frames) != 1 {
		t.Fatalf("got %d frames", len(frames))
	}
	if got := frames[0]; !bytes.Equal(got.Raw, []byte("\x0242\r")) || got.Value != "42" || !got.At.Equal(t0) {
		t.Errorf("frame %+v, want raw \\x0242\\r, value 42, at t0", got)
	}
	f.Feed([]byte("77"), t0.Add(time.Second))
	frames = f.Flush(t0.Add(2 * time.Second))
	if len(frames) != 1 || !frames[0].At.Equal(t0.Add(time.Second)) {
		t.Errorf("idle-ended frame %+v, want it timed at its last byte", frames)
	}
}

func TestFramerOverlongLineDropped(t *testing.T) {
	var warnings []string
	f := Framer{Warn: func(m string) { warnings = append(warnings, m) }}
	big := bytes.Repeat([]byte("7"), 4*DefaultMaxLine)
	// 256 KiB of digits without a terminator, in reads of 4 KiB a
	// millisecond apart, then the end of the line, then a real scan.
	var got []Frame
	at := t0
	for len(big) > 0 {
		n := min(4096, len(big))
		got = append(got, f.Feed(big[:n], at)...)
		big = big[n:]
		at = at.Add(time.Millisecond)
	}
	got = append(got, f.Feed([]byte("777\r"), at)...)
	got = append(got, f.Feed([]byte("31234000123453\r"), at)...)
	got = append(got, f.Flush(at.Add(time.Second))...)
	if len(got) != 1 || got[0].Value != "31234000123453" {
		t.Fatalf("got %d codes (first %.20q), want only the scan after the overlong line", len(got), got)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "dropped") {
		t.Errorf("warnings %q, want one about the dropped line", warnings)
	}
	if cap(f.buf) > 2*DefaultMaxLine {
		t.Errorf("buffer grew to %d bytes", cap(f.buf))
	}
}

func TestFramerOverlongLineEndedBySilence(t *testing.T) {
	f := Framer{MaxLine: 16}
	var got []Frame
	got = append(got, f.Feed(bytes.Repeat([]byte("x"), 40), t0)...)
	got = append(got, f.Flush(t0.Add(time.Second))...) // the junk ends in silence
	got = append(got, f.Feed([]byte("42"), t0.Add(2*time.Second))...)
	got = append(got, f.Flush(t0.Add(3*time.Second))...)
	if len(got) != 1 || got[0].Value != "42" {
		t.Fatalf("got %q, want only 42", got)
	}
}
