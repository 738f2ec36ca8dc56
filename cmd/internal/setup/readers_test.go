package setup

import (
	"strings"
	"testing"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
)

func TestReadersSaveAndList(t *testing.T) {
	dir := t.TempDir()
	want := []devices.Config{
		{Name: "Desk pad", Kind: "feig", Port: "/dev/serial/by-id/usb-FEIG_ID_ISC-if00", Baud: 38400, Parity: "E"},
		{Name: "Card reader", Kind: "em4100", Port: "/dev/ttyUSB1", Options: map[string]string{"frame": "rdm6300"}},
	}
	if err := SaveReaders(dir, want); err != nil {
		t.Fatal(err)
	}
	cfg := Defaults()
	cfg.Reader = []Reader{{Name: "Scanner", Kind: "line", Port: "/dev/ttyACM0"}}
	got, err := Readers(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Name != "Scanner" || got[1].Baud != 38400 || got[1].Parity != "E" || got[2].Options["frame"] != "rdm6300" {
		t.Fatalf("readers %+v", got)
	}
	if err := SaveReaders(dir, []devices.Config{{Name: "x", Kind: "feig"}}); err == nil || !strings.Contains(err.Error(), "has no port") {
		t.Errorf("a reader without a port: %v", err)
	}
}

func TestRFIDSettings(t *testing.T) {
	tests := []struct {
		cfg     RFIDConfig
		afi     circ.AFI
		parts   circ.PartsPolicy
		wantErr string
	}{
		{RFIDConfig{}, circ.DefaultAFI, "", ""},
		{RFIDConfig{OnLoanAFI: "DA", InStockAFI: "0xD7", Parts: "allow"}, circ.AFI{OnLoan: 0xDA, InStock: 0xD7}, circ.PartsAllow, ""},
		{RFIDConfig{OnLoanAFI: "zz"}, circ.AFI{}, "", "one byte in hex"},
		{RFIDConfig{OnLoanAFI: "07"}, circ.AFI{}, "", "must differ"},
		{RFIDConfig{Parts: "sometimes"}, circ.AFI{}, "", "rfid.parts must be wait or allow"},
	}
	for _, tt := range tests {
		c := Defaults()
		c.RFID = tt.cfg
		afi, parts, err := c.RFIDSettings()
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%+v: error %v, want %q", tt.cfg, err, tt.wantErr)
			}
			continue
		}
		if err != nil || afi != tt.afi || parts != tt.parts {
			t.Errorf("%+v: %+v %q %v", tt.cfg, afi, parts, err)
		}
	}
}
