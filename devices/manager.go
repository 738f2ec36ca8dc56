package devices

// ConfigError is an error in a reader's configuration itself (an unknown
// kind, a baud rate no port has, an option a driver does not understand):
// opening again will not help, so the manager marks the reader Failed
// instead of retrying. Drivers wrap their option errors in it; other open
// errors (no such port, permission denied, busy) are taken as passing and
// retried.
type ConfigError struct {
	Reader string // Config.Label()
	Err    error
}

func (e *ConfigError) Error() string { return e.Reader + ": " + e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }
