package feig

import (
	"bytes"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
)

func hx(t testing.TB, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatalf("bad hex %q: %v", s, err)
	}
	return b
}

func TestCRC16Check(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0x6F91 {
		t.Fatalf("CRC16(123456789) = %04X, want 6F91 (CRC-16/MCRF4XX)", got)
	}
}

func uid(t testing.TB, s string) UID {
	t.Helper()
	u, err := ParseUID(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Requests built here must be byte-identical to the sourced frames of
// feig.md and devices.md.
func TestRequestVectors(t *testing.T) {
	annexF := "E00700000147677E"
	nxp := "E004015012345678"
	tests := []struct {
		name string
		f    Frame
		want string
	}{
		{"get software version [test]", SoftwareVersionRequest(), "05 FF 65 E5 CB"},
		{"get software version, advanced [test]", Frame{Addr: Host, Cmd: CmdSoftwareVersion, Advanced: true}, "02 00 07 FF 65 6E 61"},
		{"inventory", InventoryRequest(false), "07 FF B0 01 00 1C 56"},
		{"inventory, advanced [captured LR1002]", Frame{Addr: Host, Cmd: CmdISO, Payload: []byte{1, 0}, Advanced: true}, "02 00 09 FF B0 01 00 18 43"},
		{"inventory MORE", InventoryRequest(true), "07 FF B0 01 80 14 D2"},
		{"read 3 blocks addressed", ReadBlocksRequest(uid(t, annexF), 0, 3), "11 FF B0 23 01 E0 07 00 00 01 47 67 7E 00 03 0E FF"},
		{"write AFI C2 addressed", WriteAFIRequest(uid(t, nxp), 0xC2), "10 FF B0 27 01 E0 04 01 50 12 34 56 78 C2 18 0F"},
		{"system information addressed", SystemInfoRequest(uid(t, annexF)), "0F FF B0 2B 01 E0 07 00 00 01 47 67 7E C8 4C"},
		{"RF reset", RFResetRequest(), "05 FF 69 89 01"},
	}
	for _, tt := range tests {
		if got, want := tt.f.Bytes(), hx(t, tt.want); !bytes.Equal(got, want) {
			t.Errorf("%s: % X, want % X", tt.name, got, want)
		}
		// And each parses back to itself.
		f, n, err := Parse(hx(t, tt.want))
		if err != nil || n != len(hx(t, tt.want)) || f.Cmd != tt.f.Cmd || !bytes.Equal(f.Payload, tt.f.Payload) || f.Advanced != tt.f.Advanced {
			t.Errorf("%s: Parse = %+v, %d, %v", tt.name, f, n, err)
		}
	}
}

func parse(t *testing.T, s string) Frame {
	t.Helper()
	b := hx(t, s)
	f, n, err := Parse(b)
	if err != nil || n != len(b) {
		t.Fatalf("Parse(%s) = %d, %v", s, n, err)
	}
	return f
}

func TestParseInventory(t *testing.T) {
	tests := []struct {
		name string
		resp string
		uids []string
		more bool
	}{
		{"two tags, advanced [captured LR1002]",
			"02 00 1D 00 B0 00 02 03 00 E0 02 51 00 02 56 4A A4 03 00 E0 02 23 00 18 89 2B 09 E3 00",
			[]string{"E002510002564AA4", "E0022300188 92B09"}, false},
		{"two tags, standard",
			"1B 00 B0 00 02 03 00 E0 04 01 00 12 34 56 78 03 00 E0 04 01 00 9A BC DE F0 2A 68",
			[]string{"E004010012345678", "E00401009ABCDEF0"}, false},
		{"no tag", "06 00 B0 01 5C 63", nil, false},
	}
	for _, tt := range tests {
		f := parse(t, tt.resp)
		tags, more, err := ParseInventory(f)
		if err != nil || more != tt.more || len(tags) != len(tt.uids) {
			t.Fatalf("%s: %v, more %v, %v", tt.name, tags, more, err)
		}
		for i, tag := range tags {
			if want := strings.ReplaceAll(tt.uids[i], " ", ""); tag.UID.String() != want || tag.TrType != 0x03 {
				t.Errorf("%s: tag %d = %s (type %02X), want %s", tt.name, i, tag.UID, tag.TrType, want)
			}
		}
	}

	// More data: the tags so far, and the flag to send the MORE request.
	more := Frame{Cmd: CmdISO, Payload: hx(t, "94 01 03 00 E0 04 01 00 12 34 56 78")}
	tags, m, err := ParseInventory(parse(t, hex.EncodeToString(more.Bytes())))
	if err != nil || !m || len(tags) != 1 {
		t.Errorf("more data: %v, %v, %v", tags, m, err)
	}
}

func TestParseReadBlocks(t *testing.T) {
	// ANNEX F: tag blocks 01 02 03 04 | 11 12 13 14 | 21 22 23 24, each
	// byte-reversed on the wire.
	b, err := ParseReadBlocks(parse(t, "17 00 B0 00 03 04 00 04 03 02 01 00 14 13 12 11 00 24 23 22 21 B4 5B"))
	if err != nil || b.Size != 4 || !bytes.Equal(b.Data, hx(t, "01020304 11121314 21222324")) {
		t.Errorf("4-byte blocks: %+v, %v", b, err)
	}
	b, err = ParseReadBlocks(parse(t, "23 00 B0 00 03 08 00 08 07 06 05 04 03 02 01 00 18 17 16 15 14 13 12 11 00 28 27 26 25 24 23 22 21 99 65"))
	if err != nil || b.Size != 8 || !bytes.Equal(b.Data, hx(t, "0102030405060708 1112131415161718 2122232425262728")) {
		t.Errorf("8-byte blocks: %+v, %v", b, err)
	}
	_, err = ParseReadBlocks(parse(t, "07 00 B0 95 0F 04 15"))
	var se *StatusError
	if !errors.As(err, &se) || se.Status != StatusISOError || se.ISOError != 0x0F || !se.Marginal() {
		t.Errorf("ISO error answer: %v", err)
	}
}

func TestParseSystemInfoAndStatus(t *testing.T) {
	si, err := ParseSystemInfo(parse(t, "13 00 B0 00 00 E0 04 01 50 12 34 56 78 07 03 1B 01 58 40"))
	if err != nil || si.UID.String() != "E004015012345678" || si.AFI != 0x07 || si.BlockSize != 4 || si.Blocks != 28 || si.ICRef != 1 {
		t.Errorf("system info: %+v, %v", si, err)
	}
	if m := EncodeMemSize(4, 28); m != [2]byte{0x03, 0x1B} {
		t.Errorf("EncodeMemSize(4, 28) = % X", m)
	}
	if err := ParseStatus(parse(t, "06 00 B0 00 D5 72"), CmdISO, ISOWriteAFI); err != nil {
		t.Errorf("write AFI OK: %v", err)
	}
	if err := ParseStatus(parse(t, "06 00 69 00 F6 FA"), CmdRFReset, 0); err != nil {
		t.Errorf("RF reset OK: %v", err)
	}
	err = ParseStatus(parse(t, "02 00 0A 00 B0 95 12 00 94 29"), CmdISO, 0x24)
	var se *StatusError
	if !errors.As(err, &se) || se.ISOError != 0x12 || se.Marginal() {
		t.Errorf("block locked [captured]: %v (a locked block is not worth retrying)", err)
	}
	err = ParseStatus(parse(t, "07 00 B0 03 05 D3 F7"), CmdISO, 0x24)
	if !errors.As(err, &se) || se.Status != StatusWriteError || !se.Marginal() {
		t.Errorf("write error: %v", err)
	}
}

func TestParseSoftwareVersionFrames(t *testing.T) {
	std := parse(t, "0D 00 65 00 03 03 00 44 53 0D 30 33 09")
	adv := parse(t, "02 00 0F 00 65 00 03 03 00 44 53 0D 30 74 69")
	if std.Cmd != CmdSoftwareVersion || std.Status() != 0 || !bytes.Equal(std.Data(), hx(t, "03 03 00 44 53 0D 30")) || std.Advanced {
		t.Errorf("standard response: %+v", std)
	}
	if !adv.Advanced || !bytes.Equal(adv.Payload, std.Payload) {
		t.Errorf("advanced response: %+v", adv)
	}
	if got := (Frame{Addr: 0, Cmd: CmdSoftwareVersion, Payload: std.Payload, Advanced: true}).Bytes(); !bytes.Equal(got, hx(t, "02 00 0F 00 65 00 03 03 00 44 53 0D 30 74 69")) {
		t.Errorf("advanced encoding: % X", got)
	}
}

func TestLongFrameGoesAdvanced(t *testing.T) {
	f := Frame{Cmd: CmdISO, Payload: make([]byte, 300)}
	b := f.Bytes()
	if b[0] != 0x02 || int(b[1])<<8|int(b[2]) != len(b) || len(b) != 300+7 {
		t.Fatalf("300-byte payload: header % X, length %d", b[:3], len(b))
	}
	g, n, err := Parse(b)
	if err != nil || n != len(b) || !g.Advanced || len(g.Payload) != 300 {
		t.Fatalf("Parse: %d, %v", n, err)
	}
}

func TestParseFaults(t *testing.T) {
	good := hx(t, "06 00 B0 00 D5 72")
	for i := range len(good) {
		if _, n, err := Parse(good[:i]); !errors.Is(err, ErrIncomplete) || n != 0 {
			t.Errorf("first %d bytes: %d, %v; want ErrIncomplete", i, n, err)
		}
	}
	bad := bytes.Clone(good)
	bad[4] ^= 0xFF
	if _, n, err := Parse(bad); !errors.Is(err, ErrBadFrame) || n != 1 {
		t.Errorf("wrong CRC: %d, %v", n, err)
	}
	for _, s := range []string{"00", "03 00 00", "02 00 03", "02 FF FF"} {
		if _, n, err := Parse(hx(t, s+" 00 00 00 00 00 00 00")); !errors.Is(err, ErrBadFrame) || n != 1 {
			t.Errorf("%s: %d, %v; want ErrBadFrame", s, n, err)
		}
	}
	// A good frame behind noise that claims a long length is found once the
	// line is quiet.
	stream := append(hx(t, "FF 13 00 42"), good...)
	if _, n, err := Parse(stream); !errors.Is(err, ErrIncomplete) || n != 0 {
		t.Errorf("noise claiming 255 bytes: %d, %v; want ErrIncomplete", n, err)
	}
	f, start, end, ok := Find(stream)
	if !ok || start != 4 || end != len(stream) || f.Status() != StatusOK {
		t.Errorf("Find = %+v, %d, %d, %v", f, start, end, ok)
	}
	if _, _, _, ok := Find(hx(t, "FF 13 00 42 06 00 B0 00 D5")); ok {
		t.Error("Find found a frame in a partial one")
	}
}
