package devices

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/sys/windows/registry"
)

// ports lists the COM ports Windows has (HKLM\HARDWARE\DEVICEMAP\SERIALCOMM)
// and, for USB ones, the vendor, product and serial number from the USB
// device tree (HKLM\SYSTEM\CurrentControlSet\Enum\USB).
func ports() ([]PortInfo, error) {
	k, err := registry.OpenKey(registry.LOCAL_MACHINE, `HARDWARE\DEVICEMAP\SERIALCOMM`, registry.QUERY_VALUE)
	if errors.Is(err, registry.ErrNotExist) {
		return nil, nil // no COM ports at all
	}
	if err != nil {
		return nil, err
	}
	defer k.Close()
	names, err := k.ReadValueNames(-1)
	if err != nil {
		return nil, err
	}
	usb := usbComPorts()
	var out []PortInfo
	for _, n := range names {
		com, _, err := k.GetStringValue(n)
		if err != nil || com == "" {
			continue
		}
		p := usb[strings.ToUpper(com)]
		p.Name, p.Device = com, com
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool { return comLess(out[i].Name, out[j].Name) })
	return out, nil
}

// comLess orders COM2 before COM10.
func comLess(a, b string) bool {
	na, ea := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(a), "COM"))
	nb, eb := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(b), "COM"))
	if ea == nil && eb == nil {
		return na < nb
	}
	return a < b
}

// usbComPorts maps COM names to the USB identity behind them, reading
// Enum\USB\VID_xxxx&PID_yyyy\<instance>\Device Parameters\PortName. The
// instance name is the device's serial number unless Windows made one up
// (those contain '&'). Anything unreadable is skipped: this only decorates.
func usbComPorts() map[string]PortInfo {
	out := map[string]PortInfo{}
	root, err := registry.OpenKey(registry.LOCAL_MACHINE, `SYSTEM\CurrentControlSet\Enum\USB`, registry.ENUMERATE_SUB_KEYS)
	if err != nil {
		return out
	}
	defer root.Close()
	ids, _ := root.ReadSubKeyNames(-1)
	for _, id := range ids {
		vid, pid, ok := parseVIDPID(id)
		if !ok {
			continue
		}
		dev, err := registry.OpenKey(root, id, registry.ENUMERATE_SUB_KEYS)
		if err != nil {
			continue
		}
		instances, _ := dev.ReadSubKeyNames(-1)
		for _, inst := range instances {
			params, err := registry.OpenKey(dev, inst+`\Device Parameters`, registry.QUERY_VALUE)
			if err != nil {
				continue
			}
			com, _, err := params.GetStringValue("PortName")
			params.Close()
			if err != nil || !strings.HasPrefix(strings.ToUpper(com), "COM") {
				continue
			}
			p := PortInfo{USBVendor: vid, USBProduct: pid}
			if !strings.Contains(inst, "&") {
				p.Serial = inst
			}
			out[strings.ToUpper(com)] = p
		}
		dev.Close()
	}
	return out
}

// parseVIDPID reads "VID_0403&PID_6001" (possibly followed by "&MI_00").
func parseVIDPID(s string) (vid, pid string, ok bool) {
	parts := strings.Split(strings.ToUpper(s), "&")
	for _, p := range parts {
		switch {
		case strings.HasPrefix(p, "VID_") && len(p) == 8:
			vid = strings.ToLower(p[4:])
		case strings.HasPrefix(p, "PID_") && len(p) == 8:
			pid = strings.ToLower(p[4:])
		}
	}
	return vid, pid, vid != "" && pid != ""
}
