package circ

import "errors"

// Errors a Library returns when it reached the library server but cannot
// work with it until someone changes the station's settings. Like
// ErrOffline, nothing reached the server and the station keeps deciding
// alone; unlike it, waiting does not help. The Library's error says in one
// sentence what to change; these values are for errors.Is.
var (
	// ErrLoginRefused: the server refused the station's login (SIP2 93):
	// the user or password is wrong.
	ErrLoginRefused = WithKind(errors.New("the library server refused the station's login"), KindRefused)
	// ErrUntrusted: the server's TLS certificate is not trusted.
	ErrUntrusted = WithKind(errors.New("the library server's certificate is not trusted"), KindRefused)
	// ErrTLSMismatch: the station connects with TLS and the server speaks
	// plain SIP2, or the other way round.
	ErrTLSMismatch = WithKind(errors.New("the station and the library server disagree on TLS"), KindRefused)
)
