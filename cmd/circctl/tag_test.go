package main

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// devices.md §1.6 vector A: item 11223344 of DE-705.
const tagVectorA = "11010131313232333334340000000000000000513e4445373035000000000000"

func TestTagDecode(t *testing.T) {
	spaced := "11 01 01 31 31 32 32 33 33 34 34 00 00 00 00 00 00 00 00 51 3E 44 45 37 30 35 00 00 00 00 00 00"
	for _, args := range [][]string{
		{"tag", "decode", tagVectorA, "--json"},
		{"tag", "decode", "--json", spaced},
		{"tag", "decode", strings.ReplaceAll(spaced, " ", ":"), "--json"},
		{"tag", "decode", "--json", tagVectorA[:16], tagVectorA[16:40], tagVectorA[40:]}, // as unquoted words
	} {
		code, out, stderr := circctl(t, t.TempDir(), args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		got := decode[map[string]any](t, out)
		want := map[string]any{"model": "iso28560-3", "item_id": "11223344", "parts_in_set": 1.0, "part_number": 1.0,
			"owner_library": "DE-705", "type_of_usage": 1.0, "crc_ok": true, "warnings": []any{}}
		for k, v := range want {
			if g := got[k]; !equalJSON(g, v) {
				t.Errorf("%v: %s = %v, want %v", args[2], k, g, v)
			}
		}
	}
}

func equalJSON(a, b any) bool {
	if as, ok := a.([]any); ok {
		bs, ok := b.([]any)
		return ok && len(as) == len(bs)
	}
	return a == b
}

func TestTagDecodeText(t *testing.T) {
	code, out, _ := circctl(t, t.TempDir(), "tag", "decode", tagVectorA)
	if code != 0 || !strings.Contains(out, "item id        11223344") || !strings.Contains(out, "owner library  DE-705") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestTagDecodeFailures(t *testing.T) {
	corrupt := tagVectorA[:20] + "ff" + tagVectorA[22:] // byte 10 changed
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"not hex", []string{"tag", "decode", "11zz"}, exitUsage, "is not hex"},
		{"odd digits", []string{"tag", "decode", "110"}, exitUsage, "odd number of hex digits"},
		{"no memory", []string{"tag", "decode"}, exitUsage, "give the tag's user memory"},
		{"blank", []string{"tag", "decode", strings.Repeat("00", 32), "--json"}, 1, "blank tag"},
		{"unsupported", []string{"tag", "decode", strings.Repeat("ff", 32), "--json"}, 1, "unsupported tag data"},
		{"corrupt", []string{"tag", "decode", corrupt, "--json"}, 1, "corrupt tag data: the tag's CRC does not match"},
		{"no subcommand", []string{"tag"}, exitUsage, "decode or encode"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, stderr := circctl(t, t.TempDir(), tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, tc.code, tc.stderr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("stderr is more than one line: %q", stderr)
			}
			if tc.name == "corrupt" {
				// The doubtful data is still shown for support.
				if got := decode[map[string]any](t, out); got["crc_ok"] != false || got["item_id"] != "1122334?" {
					t.Errorf("corrupt tag JSON %v, want crc_ok false and the item id with its damaged character marked", got)
				}
			} else if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

func TestTagEncode(t *testing.T) {
	usage1, media1, branch5, library1234 := 1, 1, 5, 1234
	for _, tc := range []struct {
		args []string
		want string
		back tagJSON // what decode reads back from want
	}{
		// Vector B of devices.md §1.6.
		{[]string{"--model", "iso28560-3", "--item", "31234000123453", "--owner", "US-MYSCHOOL"}, "110101333132333430303031323334353300009AE855534D595343484F4F4C00",
			tagJSON{Model: "iso28560-3", ItemID: "31234000123453", PartsInSet: 1, PartNumber: 1, Owner: "US-MYSCHOOL", TypeOfUsage: &usage1, CRCOK: true}},
		// Vector C: part 2 of 3.
		{[]string{"--model", "danish", "--item", "31234000123453", "--owner", "US-MYSCHOOL", "--parts", "3", "--part", "2"}, "11030233313233343030303132333435330000C8FF55534D595343484F4F4C00",
			tagJSON{Model: "iso28560-3", ItemID: "31234000123453", PartsInSet: 3, PartNumber: 2, Owner: "US-MYSCHOOL", TypeOfUsage: &usage1, CRCOK: true}},
		// Item 1, a content parameter saying OID 5 follows, type of usage 1.
		{[]string{"--model", "iso28560-2", "--item", "1"}, "110101020120150101000000",
			tagJSON{Model: "iso28560-2", ItemID: "1", PartsInSet: 1, PartNumber: 1, TypeOfUsage: &usage1, CRCOK: true}},
		{[]string{"--model", "3m", "--item", "1301234567", "--parts", "3", "--part", "2", "--branch", "5", "--library", "1234"},
			"042300013133303132333435363700000000000000500" + "4D20000000000000000",
			tagJSON{Model: "3m", ItemID: "1301234567", PartsInSet: 3, PartNumber: 2, CRCOK: true, MediaType: &media1, Branch: &branch5, Library: &library1234}},
	} {
		code, out, stderr := circctl(t, t.TempDir(), append([]string{"tag", "encode"}, tc.args...)...)
		if code != 0 || strings.TrimSpace(out) != tc.want {
			t.Errorf("encode %v: exit %d, %q %s; want %s", tc.args, code, strings.TrimSpace(out), stderr, tc.want)
			continue
		}
		// What encode prints, decode reads back as what was asked for.
		code, out, stderr = circctl(t, t.TempDir(), "tag", "decode", strings.TrimSpace(out), "--json")
		if code != 0 {
			t.Errorf("decode of encoded %v: exit %d: %s", tc.args, code, stderr)
			continue
		}
		got := decode[tagJSON](t, out)
		tc.back.Warnings = []string{}
		if !reflect.DeepEqual(got, tc.back) {
			want, _ := json.MarshalIndent(tc.back, "", "  ")
			t.Errorf("encode %v, then decode: %s; want %s", tc.args, out, want)
		}
	}
	code, out, _ := circctl(t, t.TempDir(), "tag", "encode", "--model", "3m", "--item", "42", "--json")
	if got := decode[map[string]string](t, out); code != 0 || got["model"] != "3m" || !strings.HasPrefix(got["hex"], "04110001") {
		t.Errorf("encode --json: exit %d, %v", code, got)
	}
}

func TestTagEncodeRefuses(t *testing.T) {
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--item", "1"}, exitUsage, "--model and --item are required"},
		{[]string{"--model", "nbc", "--item", "1"}, exitUsage, "is not a tag data model"},
		{[]string{"--model", "iso28560-3", "--item", "12345678901234567"}, 1, "holds at most 16"},
		{[]string{"--model", "3m", "--item", "1", "--owner", "US-NcCM"}, 1, "3M tags name no owner"},
		{[]string{"--model", "iso28560-3", "--item", "1", "--parts", "2", "--part", "3"}, 1, "part 3 of 2"},
		{[]string{"--model", "iso28560-3", "--item", "1", "stray"}, exitUsage, "takes no arguments"},
	} {
		code, _, stderr := circctl(t, t.TempDir(), append([]string{"tag", "encode"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("encode %v: exit %d, %q; want exit %d and %q", tc.args, code, stderr, tc.code, tc.stderr)
		}
	}
}
