package sip2

import (
	"errors"
	"fmt"
)

// Errors of the codec, the client and the server. A caller tells them apart
// with errors.Is; several may apply to one failure (a request that timed out
// after it was sent is both ErrTimeout and ErrAmbiguous).
//
// A refusal by the library server (ok = 0 in its answer) is not an error:
// it is a response whose OK is false.
var (
	// ErrNotConnected: there is no connection to the server and none
	// could be made (never connected, closed, refused or unreachable).
	// Nothing of the request reached the server.
	ErrNotConnected = errors.New("not connected to the library server")
	// ErrTimeout: the server did not answer within the timeout.
	ErrTimeout = errors.New("the library server did not answer in time")
	// ErrLoginRefused: the server answered the login (93) with ok = 0.
	ErrLoginRefused = errors.New("the library server refused the login")
	// ErrProtocol: a message that is not valid SIP2 (malformed, garbage,
	// a wrong checksum after the resends, too long, an unexpected reply).
	ErrProtocol = errors.New("SIP2 protocol error")
	// ErrAmbiguous: a checkout, checkin, renewal or item status update was
	// written in full but no valid answer came back (connection lost,
	// timeout, garbage after sending), so the server may or may not have
	// applied it. Do not resend it blindly: ask with Item Information (17)
	// where the item stands. (A question — 99, 17, 23, 63, 35 — is never
	// ambiguous: it is asked again once on a new connection.)
	ErrAmbiguous = errors.New("the request was sent but its answer was lost; it may have been applied")
	// ErrUntrusted: the TLS handshake failed because the server's
	// certificate could not be verified.
	ErrUntrusted = errors.New("the library server's certificate is not trusted")
	// ErrWantsTLS: a plain connection was answered with TLS (a TLS
	// alert): the server wants TLS.
	ErrWantsTLS = errors.New("the library server speaks TLS")
	// ErrNotTLS: a TLS connection was answered with something that is
	// not TLS: the server speaks plain SIP2.
	ErrNotTLS = errors.New("the library server does not speak TLS")
	// ErrUnsupported: the server said (in BX of its status) that it does
	// not support the message, or the client is configured not to send it.
	ErrUnsupported = errors.New("the library server does not support this message")
	// ErrRefused: the server declined an item status update (20 with ok 0).
	ErrRefused = errors.New("the library server declined the request")

	// ErrTooLong: a message or a line longer than MaxMessage. Decode
	// and the readers return it wrapped in ErrProtocol.
	ErrTooLong = errors.New("message too long")
	// ErrChecksum: the AZ checksum does not match the message. Returned
	// wrapped in ErrProtocol.
	ErrChecksum = errors.New("wrong checksum")
)

// protocolError wraps ErrProtocol with a detail.
func protocolError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrProtocol, fmt.Sprintf(format, args...))
}
