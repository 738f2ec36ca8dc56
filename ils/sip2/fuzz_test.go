package sip2

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

// FuzzDecode: Decode never panics, and whatever it accepts encodes to bytes
// that decode to the same message (encode∘decode is stable). The typed
// readers never panic on an accepted message either.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		real98,
		"97AZFEF5",
		"96AZFEF6",
		"9300CNkiosk|COpw|CPMEDIA|AY0AZF1C3",
		"941",
		"9900302.00",
		"2300120060102    084238AOUWOLS|AAdjfiander|ACterminal password|ADpatron password|",
		"64  Y           00020261201    082240000000000000000100000000AOUWOLS|AAdjfiander|AEDavid J. Fiander|BZ0002|CA0005|CB0010|BLY|CQY|PA20501231|AUitem1|AFWelcome|",
		"6300020261201    082240  Y       AOUWOLS|AAdjfiander|AC|AD|",
		"1720261201    082240AOUWOLS|AB1565921879|AC|",
		"18030201" + "20261201    082240" + "CF0|AB1565921879|AJPerl 5 desktop reference|",
		"11YN20060329    203000                  AOUWOLS|AAdjfiander|AB1565921879|AC|",
		"121NNY20261201    082240AOUWOLS|AAdjfiander|AB1565921879|AJPerl|AH20261215    235959|AFok|AFtwo|",
		"120NUN20261201    082240AOUWOLS|AAdjfiander|AB1565921879|AJ|AH|AFPatron Blocked|BLY|",
		"09N20261201    08224020261130    120000APdesk|AOUWOLS|AB1565921879|AC|",
		"101YNY20261201    082240AOUWOLS|AB1565921879|AQFiction|CV01|CY1000002|DASam Lee|",
		"29NN20261201    082240                  AOUWOLS|AAdjfiander|AB1565921879|AC|",
		"3520261201    082240AOUWOLS|AAdjfiander|",
		"36Y20261201    082240AOUWOLS|AAdjfiander|AFThank you!|",
		"1920261201    082240AOUWOLS|AB0440242746|CHafi=07|",
		"20120261201    082240AB0440242746|AJ…|CHafi=07|",
		"24YYYY          00020261201    082240AOUWOLS|AAnobody|AE|BLN|",
		"36Y20261201    082240AOX|AAp|||" + "       " + "AY4AZ0000",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, cs := range []Charset{CP850, UTF8} {
			m1, err := Decode(b, cs)
			if err != nil {
				continue
			}
			parseAny(m1)
			e1, err := Encode(m1, cs)
			if err != nil {
				continue // too long once re-encoded
			}
			m2, err := Decode(e1, cs)
			if err != nil {
				t.Fatalf("%s: Decode(Encode(Decode(%q))) = %v; encoded %q", cs, b, err, e1)
			}
			e2, err := Encode(m2, cs)
			if err != nil || !bytes.Equal(e1, e2) {
				t.Fatalf("%s: not stable: %q → %q → %q (%v)", cs, b, e1, e2, err)
			}
			if m1.ID != m2.ID || m1.Checked != m2.Checked || m1.Seq != m2.Seq || !reflect.DeepEqual(trimmed(m1), trimmed(m2)) {
				t.Fatalf("%s: %+v came back as %+v", cs, m1, m2)
			}
		}
	})
}

// trimmed is m's fields as they encode (values cleaned and capped).
func trimmed(m Message) []Field {
	var fs []Field
	for _, f := range m.Fields {
		v := capValue(clean(f.Value, true))
		fs = append(fs, Field{f.Code, v})
	}
	return fs
}

func parseAny(m Message) {
	loc := time.UTC
	switch m.ID {
	case "93":
		parseLoginRequest(m)
	case "99":
		parseStatusRequest(m)
	case "98":
		parseACSStatus(m, loc)
	case "23":
		parsePatronStatusRequest(m, loc)
	case "24":
		parsePatronStatus(m, loc)
	case "63":
		parsePatronInformationRequest(m, loc)
	case "64":
		parsePatronInformation(m, loc)
	case "17":
		parseItemInformationRequest(m, loc)
	case "18":
		parseItemInformation(m, loc)
	case "11":
		parseCheckoutRequest(m, loc)
	case "12":
		parseCheckoutResponse(m, loc)
	case "09":
		parseCheckinRequest(m, loc)
	case "10":
		parseCheckinResponse(m, loc)
	case "29":
		parseRenewRequest(m, loc)
	case "30":
		parseRenewResponse(m, loc)
	case "35":
		parseEndSessionRequest(m, loc)
	case "36":
		parseEndSessionResponse(m, loc)
	case "19":
		parseItemStatusUpdateRequest(m, loc)
	case "20":
		parseItemStatusUpdateResponse(m, loc)
	}
}
