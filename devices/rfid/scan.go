package rfid

import (
	"fmt"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// Scan is the scan a pad reports for a tag it read: the item id and the
// decoded fields, or, when the data cannot be used, the tag's UID with
// devices.TagError saying why. uid is upper-case MSB-first hex, mem the
// tag's user memory from block 0.
func Scan(uid string, afi byte, mem []byte, reader string, at time.Time) devices.Scan {
	sc := devices.Scan{Kind: devices.RFIDItem, Value: uid, Raw: mem, Reader: reader, At: at}
	d, err := Decode(mem)
	if err == nil {
		sc.Value = d.ItemID
		sc.Tag = Fields(d)
	} else {
		sc.Tag = map[string]string{}
		if d.Model != "" {
			sc.Tag = Fields(d) // what corrupt data seems to say, for support
		}
		sc.Tag[devices.TagError] = err.Error()
	}
	sc.Tag[devices.TagUID] = uid
	sc.Tag[devices.TagAFI] = fmt.Sprintf("%02X", afi)
	return sc
}
