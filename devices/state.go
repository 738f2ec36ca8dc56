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
	Reason string    // why it is not connected, in a sentence
	Since  time.Time // when it entered this status
}
