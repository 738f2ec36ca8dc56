package devices

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// fakeTree builds a /dev and /sys like a machine with an FTDI adapter
// (ttyUSB0, with a by-id link), a USB-CDC scanner (ttyACM0, with a by-id
// link), a second adapter udev has not linked (ttyUSB1, no serial number),
// a stale by-id link from an unplug, and the always-present ttyS0.
func fakeTree(t *testing.T) (dev, sys string) {
	root := t.TempDir()
	dev, sys = filepath.Join(root, "dev"), filepath.Join(root, "sys")
	mkdir := func(p string) {
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p, s string) {
		mkdir(filepath.Dir(p))
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	link := func(target, p string) {
		mkdir(filepath.Dir(p))
		if err := os.Symlink(target, p); err != nil {
			t.Fatal(err)
		}
	}
	for _, n := range []string{"ttyUSB0", "ttyUSB1", "ttyACM0", "ttyS0"} {
		write(filepath.Join(dev, n), "")
	}
	byID := filepath.Join(dev, "serial", "by-id")
	link("../../ttyUSB0", filepath.Join(byID, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"))
	link("../../ttyACM0", filepath.Join(byID, "usb-Honeywell_Imaging___Mobility_1900_17088B4C1A-if00"))
	link("../../ttyUSB7", filepath.Join(byID, "usb-Gone_Adapter-if00-port0"))

	usb := filepath.Join(sys, "devices", "pci0000:00", "0000:00:14.0", "usb1")
	// FTDI: the tty's device link points below the interface.
	ftdi := filepath.Join(usb, "1-1")
	write(filepath.Join(ftdi, "idVendor"), "0403\n")
	write(filepath.Join(ftdi, "idProduct"), "6001\n")
	write(filepath.Join(ftdi, "serial"), "A50285BI\n")
	write(filepath.Join(ftdi, "manufacturer"), "FTDI\n")
	write(filepath.Join(ftdi, "product"), "FT232R USB UART\n")
	mkdir(filepath.Join(ftdi, "1-1:1.0", "ttyUSB0"))
	link(filepath.Join(ftdi, "1-1:1.0", "ttyUSB0"), filepath.Join(sys, "class", "tty", "ttyUSB0", "device"))
	// CDC ACM: the device link points at the interface itself.
	acm := filepath.Join(usb, "1-2")
	write(filepath.Join(acm, "idVendor"), "0c2e\n")
	write(filepath.Join(acm, "idProduct"), "0b61\n")
	write(filepath.Join(acm, "serial"), "17088B4C1A\n")
	write(filepath.Join(acm, "product"), "Honeywell 1900\n")
	mkdir(filepath.Join(acm, "1-2:1.0"))
	link(filepath.Join(acm, "1-2:1.0"), filepath.Join(sys, "class", "tty", "ttyACM0", "device"))
	// A CH340 without a serial number.
	ch := filepath.Join(usb, "1-3")
	write(filepath.Join(ch, "idVendor"), "1a86\n")
	write(filepath.Join(ch, "idProduct"), "7523\n")
	mkdir(filepath.Join(ch, "1-3:1.0", "ttyUSB1"))
	link(filepath.Join(ch, "1-3:1.0", "ttyUSB1"), filepath.Join(sys, "class", "tty", "ttyUSB1", "device"))
	// ttyS0: a platform device, nothing USB above it.
	mkdir(filepath.Join(sys, "devices", "platform", "serial8250"))
	link(filepath.Join(sys, "devices", "platform", "serial8250"), filepath.Join(sys, "class", "tty", "ttyS0", "device"))
	return dev, sys
}

func TestPortsLinux(t *testing.T) {
	dev, sys := fakeTree(t)
	oldDev, oldSys := devRoot, sysRoot
	devRoot, sysRoot = dev, sys
	defer func() { devRoot, sysRoot = oldDev, oldSys }()

	got, err := Ports()
	if err != nil {
		t.Fatal(err)
	}
	byID := filepath.Join(dev, "serial", "by-id")
	want := []PortInfo{
		{Name: filepath.Join(byID, "usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0"), Device: filepath.Join(dev, "ttyUSB0"),
			USBVendor: "0403", USBProduct: "6001", Serial: "A50285BI", Description: "FTDI FT232R USB UART"},
		{Name: filepath.Join(byID, "usb-Honeywell_Imaging___Mobility_1900_17088B4C1A-if00"), Device: filepath.Join(dev, "ttyACM0"),
			USBVendor: "0c2e", USBProduct: "0b61", Serial: "17088B4C1A", Description: "Honeywell 1900"},
		{Name: filepath.Join(dev, "ttyUSB1"), Device: filepath.Join(dev, "ttyUSB1"), USBVendor: "1a86", USBProduct: "7523"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Ports() =\n%+v\nwant\n%+v", got, want)
	}
}

func TestPortsLinuxEmpty(t *testing.T) {
	oldDev, oldSys := devRoot, sysRoot
	devRoot, sysRoot = t.TempDir(), t.TempDir()
	defer func() { devRoot, sysRoot = oldDev, oldSys }()
	got, err := Ports()
	if err != nil || len(got) != 0 {
		t.Errorf("Ports() on a machine without serial devices = %+v, %v", got, err)
	}
}
