package devices

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The roots discovery looks under; tests point them at a fake tree.
var (
	devRoot = "/dev"
	sysRoot = "/sys"
)

func ports() ([]PortInfo, error) {
	var out []PortInfo
	covered := map[string]bool{} // kernel device paths already listed

	links, err := filepath.Glob(filepath.Join(devRoot, "serial", "by-id", "*"))
	if err != nil {
		return nil, err
	}
	sort.Strings(links)
	for _, link := range links {
		target, err := filepath.EvalSymlinks(link)
		if err != nil {
			continue // a link left behind by an unplug
		}
		if covered[target] {
			continue
		}
		covered[target] = true
		out = append(out, describe(link, target))
	}

	var devs []string
	for _, pattern := range []string{"ttyUSB*", "ttyACM*"} {
		m, err := filepath.Glob(filepath.Join(devRoot, pattern))
		if err != nil {
			return nil, err
		}
		devs = append(devs, m...)
	}
	sort.Strings(devs)
	for _, dev := range devs {
		if covered[dev] {
			continue
		}
		if real, err := filepath.EvalSymlinks(dev); err == nil && covered[real] {
			continue
		}
		out = append(out, describe(dev, dev))
	}
	return out, nil
}

// describe fills in what sysfs knows about the tty device dev.
func describe(name, dev string) PortInfo {
	p := PortInfo{Name: name, Device: dev}
	usb := usbDir(filepath.Base(dev))
	if usb == "" {
		return p
	}
	p.USBVendor = attr(usb, "idVendor")
	p.USBProduct = attr(usb, "idProduct")
	p.Serial = attr(usb, "serial")
	p.Description = strings.TrimSpace(attr(usb, "manufacturer") + " " + attr(usb, "product"))
	return p
}

// usbDir finds the USB device directory behind /sys/class/tty/<tty>: the
// "device" link points at the USB interface (ttyACM) or at a child of it
// (ttyUSB), and the USB device holding idVendor is a level or two up.
func usbDir(tty string) string {
	dir, err := filepath.EvalSymlinks(filepath.Join(sysRoot, "class", "tty", tty, "device"))
	if err != nil {
		return ""
	}
	root := filepath.Clean(sysRoot)
	for range 5 {
		if _, err := os.Stat(filepath.Join(dir, "idVendor")); err == nil {
			return dir
		} else if !errors.Is(err, fs.ErrNotExist) {
			return ""
		}
		up := filepath.Dir(dir)
		if up == dir || len(up) <= len(root) {
			return ""
		}
		dir = up
	}
	return ""
}

// attr reads one sysfs attribute, trimmed; "" when it is not there.
func attr(dir, name string) string {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
