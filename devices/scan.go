package devices

import "time"

// Kind says what sort of reader produced a scan.
type Kind string

// The kinds of scan a station understands.
const (
	// Barcode is a code read by a barcode scanner (wedge or serial).
	Barcode Kind = "barcode"
	// Card is a patron card read by an ID-card reader (125 kHz prox, MIFARE).
	Card Kind = "card"
	// RFIDItem is an item tag read by an HF RFID pad or wand.
	RFIDItem Kind = "rfid_item"
	// Typed is a number typed by hand on the kiosk's pad.
	Typed Kind = "typed"
)

// Scan is one code read by one reader.
type Scan struct {
	Kind   Kind
	Value  string            // the code as the reader means it, after framing is removed
	Raw    []byte            // the bytes as they arrived, for support and logs
	Tag    map[string]string // decoded tag fields (RFID and card readers); nil otherwise
	Reader string            // which reader produced it ("keyboard", "demo", a port name)
	At     time.Time
}
