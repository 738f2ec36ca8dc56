package m3

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

func parse(t *testing.T, b []byte) Frame {
	t.Helper()
	f, n, err := Parse(b)
	if err != nil || n != len(b) {
		t.Fatalf("Parse(% X) = %d, %v", b, n, err)
	}
	return f
}

func TestCRC16Check(t *testing.T) {
	if got := CRC16([]byte("123456789")); got != 0xD64E {
		t.Fatalf("CRC16(123456789) = %04X, want D64E (CRC-16/GENIBUS)", got)
	}
}

// The frames captured from a 3M 810 (devices.md §2.3) and the inventory
// command built from the same rules.
func TestVectors(t *testing.T) {
	if got, want := ProbeRequest().Bytes(), hx(t, "D5 00 05 04 00 11 8C 66"); !bytes.Equal(got, want) {
		t.Errorf("probe: % X, want % X", got, want)
	}
	if got, want := InventoryRequest().Bytes(), hx(t, "D6 00 05 FE 00 05 FA 40"); !bytes.Equal(got, want) {
		t.Errorf("inventory: % X, want % X", got, want)
	}
	reply := parse(t, hx(t, "D5 00 09 04 00 11 0A 05 00 02 72 50"))
	if v, err := ParseProbe(reply); err != nil || v != "10.5.0.2" {
		t.Errorf("probe reply: %q, %v", v, err)
	}
	if got := reply.Bytes(); !bytes.Equal(got, hx(t, "D5 00 09 04 00 11 0A 05 00 02 72 50")) {
		t.Errorf("probe reply encodes to % X", got)
	}
}

func TestCommandsRoundTrip(t *testing.T) {
	u, _ := ParseUID("E004010012345678")
	tags := []UID{u, {0xE0, 0x04, 1, 0, 0x9A, 0xBC, 0xDE, 0xF0}}
	body := []byte{CmdInventory, 0, 0, 5, 2}
	for _, t := range tags {
		body = append(body, t[:]...)
	}
	got, err := ParseInventory(parse(t, Frame{Body: body}.Bytes()))
	if err != nil || len(got) != 2 || got[0] != tags[0] || got[1].String() != "E00401009ABCDEF0" {
		t.Errorf("inventory: %v, %v", got, err)
	}
	if none, err := ParseInventory(parse(t, Frame{Body: []byte{CmdInventory, 0, 0, 5, 0}}.Bytes())); err != nil || len(none) != 0 {
		t.Errorf("empty pad: %v, %v", none, err)
	}

	if got, want := ReadBlocksRequest(u, 0, 8).Bytes()[3:], append(append([]byte{2}, u[:]...), 0, 8); !bytes.Equal(got[:len(want)], want) {
		t.Errorf("read request body % X", got)
	}
	rb := append(append([]byte{CmdReadBlocks, 0}, u[:]...), 2, 0, 0, 1, 2, 3, 4, 1, 0, 5, 6, 7, 8)
	ru, blocks, err := ParseReadBlocks(parse(t, Frame{Body: rb}.Bytes()))
	if err != nil || ru != u || len(blocks) != 2 || blocks[1].N != 1 || blocks[1].Data != [4]byte{5, 6, 7, 8} {
		t.Errorf("read blocks: %v, %v", blocks, err)
	}

	ab := append(append([]byte{CmdReadAFI, 0}, u[:]...), 0xDA)
	if au, afi, err := ParseReadAFI(parse(t, Frame{Body: ab}.Bytes())); err != nil || au != u || afi != 0xDA {
		t.Errorf("read AFI: %02X, %v", afi, err)
	}
	if got := WriteAFIRequest(u, 0xD7).Body; got[0] != CmdWriteAFI || got[9] != 0xD7 || len(got) != 10 {
		t.Errorf("write AFI body % X", got)
	}
	if wu, err := ParseWriteAFI(parse(t, Frame{Body: append([]byte{CmdWriteAFI, 0}, u[:]...)}.Bytes())); err != nil || wu != u {
		t.Errorf("write AFI OK: %v", err)
	}
	_, err = ParseWriteAFI(parse(t, Frame{Body: []byte{CmdWriteAFI, StatusFailed}}.Bytes()))
	var se *StatusError
	if !errors.As(err, &se) || se.Status != StatusFailed {
		t.Errorf("write AFI 09 06: %v, want a StatusError", err)
	}
	if _, err := ParseInventory(parse(t, Frame{Body: []byte{CmdReadBlocks, 0}}.Bytes())); err == nil {
		t.Error("a read answer was taken for an inventory")
	}
}

func TestParseFaults(t *testing.T) {
	good := hx(t, "D6 00 05 FE 00 05 FA 40")
	for i := range len(good) {
		if _, n, err := Parse(good[:i]); !errors.Is(err, ErrIncomplete) || n != 0 {
			t.Errorf("first %d bytes: %d, %v", i, n, err)
		}
	}
	bad := bytes.Clone(good)
	bad[7] ^= 1
	if _, n, err := Parse(bad); !errors.Is(err, ErrBadFrame) || n != 1 {
		t.Errorf("wrong CRC: %d, %v", n, err)
	}
	for _, s := range []string{"00", "D6 00 01", "D6 FF FF"} {
		if _, n, err := Parse(hx(t, s+" 00 00 00 00")); !errors.Is(err, ErrBadFrame) || n != 1 {
			t.Errorf("%s: %d, %v", s, n, err)
		}
	}
	stream := append(hx(t, "D6 01 00 13"), good...)
	if f, s, e, ok := Find(stream); !ok || s != 4 || e != len(stream) || f.Cmd() != CmdInventory {
		t.Errorf("Find behind noise: %v %d %d %v", f, s, e, ok)
	}
}
