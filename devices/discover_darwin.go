package devices

import (
	"path/filepath"
	"sort"
)

// ports lists the call-out devices, /dev/cu.*: opening the matching
// /dev/tty.* would wait for a carrier that a scanner never raises. USB
// identities need IOKit and are left empty.
func ports() ([]PortInfo, error) {
	m, err := filepath.Glob("/dev/cu.*")
	if err != nil {
		return nil, err
	}
	sort.Strings(m)
	var out []PortInfo
	for _, dev := range m {
		switch filepath.Base(dev) {
		case "cu.Bluetooth-Incoming-Port", "cu.debug-console", "cu.wlan-debug":
			continue // always there, never a reader
		}
		out = append(out, PortInfo{Name: dev, Device: dev})
	}
	return out, nil
}
