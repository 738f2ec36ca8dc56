package devices

import "time"

// Status is where a reader stands.
type Status string

// The reader statuses the UI shows.
const (
	Connected    Status = "connected"
	Reconnecting Status = "reconnecting"
	Failed       Status = "failed"
)

// ReaderState is one reader's state, for the status bar and the settings
// screen.
type ReaderState struct {
	Name   string
	Kind   string
	Port   string
	Status Status
	// Err is why it is not connected: nil when it is, or while it is
	// being opened. The error is written for the librarian (the serial
	// layer words the system's errors: "there is no such port — is the
	// reader plugged in?"); the screens and circctl shape it into their
	// sentence, and a caller may log the value.
	Err error
	// Reason is what it is doing when there is no error to say, in words:
	// "opening /dev/ttyUSB0".
	Reason string
	Since  time.Time // when it entered this status
}
