//go:build !linux && !windows && !darwin

package devices

import (
	"path/filepath"
	"sort"
)

// ports lists USB serial devices on the BSDs (cuaU*, the call-out side of
// ttyU*), without USB identities.
func ports() ([]PortInfo, error) {
	m, err := filepath.Glob("/dev/cuaU*")
	if err != nil {
		return nil, err
	}
	sort.Strings(m)
	var out []PortInfo
	for _, dev := range m {
		if filepath.Ext(dev) == ".init" || filepath.Ext(dev) == ".lock" {
			continue
		}
		out = append(out, PortInfo{Name: dev, Device: dev})
	}
	return out, nil
}
