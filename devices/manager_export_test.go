package devices

import "time"

// NewManagerTiming is NewManager with the reconnect timing shortened, for
// tests that unplug readers.
func NewManagerTiming(configs []Config, onScan func(Scan), onState func(ReaderState), poll, maxBackoff time.Duration) *Manager {
	m := newManager(configs, onScan, onState)
	m.poll, m.maxBackoff = poll, maxBackoff
	m.start(configs)
	return m
}
