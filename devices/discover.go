package devices

// PortInfo is a serial port found on this computer, for the settings
// screen and `circctl devices list`.
type PortInfo struct {
	// Name is the path to configure: on Linux the stable
	// /dev/serial/by-id/… link when udev made one (it survives re-plugging
	// and renumbering), else /dev/ttyUSB0; COM3 on Windows; /dev/cu.… on
	// macOS.
	Name string
	// Device is the operating system's own name for the port
	// (/dev/ttyUSB0, COM3), which can change from one plug-in to the next.
	Device string
	// USB identity when the system says (four lower-case hex digits each,
	// as lsusb shows them), and the device's serial number.
	USBVendor, USBProduct, Serial string
	// Description is the USB manufacturer and product names, when known.
	Description string
}

// Ports lists the serial ports of this computer that a reader could be on:
// USB serial adapters and USB-CDC devices (ttyUSB, ttyACM) on Linux, the COM
// ports on Windows, /dev/cu.* on macOS. Built-in legacy ports that are
// always listed whether anything is attached (ttyS) are left out; they can
// still be configured by name.
func Ports() ([]PortInfo, error) { return ports() }
