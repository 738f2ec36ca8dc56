package ils

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/ils/sip2"
)

// Library is circ's Library over one SIP2 connection.
type Library struct {
	client *sip2.Client

	mu        sync.Mutex
	connected bool
}

var _ circ.Library = (*Library)(nil)

// NewLibrary adapts a SIP2 client (which puts the server's patron prefix,
// if any, before patron ids). It connects on first use.
func NewLibrary(c *sip2.Client) *Library {
	return &Library{client: c}
}

// Close closes the connection.
func (l *Library) Close() error { return l.client.Close() }

// connect makes sure the client is connected and logged in.
func (l *Library) connect(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.connected {
		return nil
	}
	if err := l.client.Connect(ctx); err != nil {
		if le := l.linkError(err); le != nil {
			return le
		}
		return fmt.Errorf("%w: %v", circ.ErrOffline, err)
	}
	l.connected = true
	return nil
}

// failed turns a SIP2 error into circ's: a request that was sent but whose
// answer was lost or garbled is ambiguous; a redial that found the login
// refused or TLS wrong is that link error; anything else means offline.
func (l *Library) failed(err error, sent bool) error {
	if errors.Is(err, sip2.ErrNotConnected) || errors.Is(err, sip2.ErrLoginRefused) {
		l.mu.Lock()
		l.connected = false
		l.mu.Unlock()
	}
	if sent && (errors.Is(err, sip2.ErrAmbiguous) || errors.Is(err, sip2.ErrProtocol)) {
		return fmt.Errorf("%w: %v", circ.ErrAmbiguous, err)
	}
	if le := l.linkError(err); le != nil {
		return le
	}
	return fmt.Errorf("%w: %v", circ.ErrOffline, err)
}

// linkError is the error of a connection that reached the server but
// cannot work until the station's settings change (the login, the CA, TLS),
// or nil: one sentence saying what to change.
func (l *Library) linkError(err error) error {
	switch {
	case errors.Is(err, sip2.ErrLoginRefused):
		return &linkError{circ.ErrLoginRefused, err,
			fmt.Sprintf("The library server refused the station's login as %s: check the user and password (circctl server add).", l.client.User())}
	case errors.Is(err, sip2.ErrUntrusted):
		return &linkError{circ.ErrUntrusted, err, "The library server's certificate is not trusted: give its CA certificate with --ca."}
	case errors.Is(err, sip2.ErrWantsTLS):
		return &linkError{circ.ErrTLSMismatch, err, "The library server speaks TLS: add it with --tls (circctl server add)."}
	case errors.Is(err, sip2.ErrNotTLS):
		return &linkError{circ.ErrTLSMismatch, err, "The library server does not speak TLS: add it without --tls (circctl server add)."}
	}
	return nil
}

// linkError is one of circ's link errors (circ.ErrLoginRefused, ...) with
// the SIP2 cause, read as one sentence for the librarian.
type linkError struct {
	kind, cause error
	sentence    string
}

func (e *linkError) Error() string   { return e.sentence }
func (e *linkError) Unwrap() []error { return []error{e.kind, e.cause} }

// Words: the sentence says what to change in the station's settings.
func (e *linkError) Words() string { return e.sentence }

// Checkout sends 11 Checkout.
func (l *Library) Checkout(ctx context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	if err := l.connect(ctx); err != nil {
		return circ.LibraryAnswer{}, err
	}
	resp, err := l.client.Checkout(ctx, sip2.CheckoutRequest{
		Patron: r.Patron, Item: r.Item, NoBlock: r.Offline, NBDueDate: nbDue(r), TransactionDate: r.At,
	})
	if err != nil {
		return circ.LibraryAnswer{}, l.failed(err, true)
	}
	return answer(resp.OK, resp.Due, resp.Title, resp.Messages), nil
}

// Checkin sends 09 Checkin with the return date of the request.
func (l *Library) Checkin(ctx context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	if err := l.connect(ctx); err != nil {
		return circ.LibraryAnswer{}, err
	}
	resp, err := l.client.Checkin(ctx, sip2.CheckinRequest{Item: r.Item, ReturnDate: r.At, TransactionDate: r.At, NoBlock: r.Offline})
	if err != nil {
		return circ.LibraryAnswer{}, l.failed(err, true)
	}
	a := answer(resp.OK, time.Time{}, resp.Title, resp.Messages)
	if !a.OK && notOut(a.Message) {
		// The server never had it out (its checkout was refused, say):
		// what the check-in wanted is already so.
		a.OK, a.Refusal = true, ""
	}
	a.HoldFor = resp.HoldPatronName
	return a, nil
}

// Renew sends 29 Renew.
func (l *Library) Renew(ctx context.Context, r circ.LibraryRequest) (circ.LibraryAnswer, error) {
	if err := l.connect(ctx); err != nil {
		return circ.LibraryAnswer{}, err
	}
	resp, err := l.client.Renew(ctx, sip2.RenewRequest{
		Patron: r.Patron, Item: r.Item, NoBlock: r.Offline, NBDueDate: nbDue(r), TransactionDate: r.At,
	})
	if err != nil {
		return circ.LibraryAnswer{}, l.failed(err, true)
	}
	return answer(resp.OK, resp.Due, resp.Title, resp.Messages), nil
}

// ItemState sends 17 Item Information.
func (l *Library) ItemState(ctx context.Context, item string) (circ.LibraryItem, error) {
	if err := l.connect(ctx); err != nil {
		return circ.LibraryItem{}, err
	}
	info, err := l.client.ItemInformation(ctx, item)
	if err != nil {
		return circ.LibraryItem{}, l.failed(err, false)
	}
	it := itemFromSIP(info)
	return it, nil
}

// Patron sends 63 Patron Information.
func (l *Library) Patron(ctx context.Context, id string) (circ.LibraryPatron, error) {
	if err := l.connect(ctx); err != nil {
		return circ.LibraryPatron{}, err
	}
	info, err := l.client.PatronInformation(ctx, id, "")
	if err != nil {
		return circ.LibraryPatron{}, l.failed(err, false)
	}
	p := patronFromSIP(info)
	return p, nil
}

var _ circ.PasswordChecker = (*Library)(nil)

// CheckPassword sends 63 Patron Information with AD = password and reports
// the answer's CQ: only "Y" is a right PIN (no CQ, or an unknown patron, is
// a wrong one). The PIN is sent, never kept.
func (l *Library) CheckPassword(ctx context.Context, patron, password string) (bool, error) {
	if err := l.connect(ctx); err != nil {
		return false, err
	}
	info, err := l.client.PatronInformationWith(ctx, sip2.PatronInformationRequest{Patron: patron, Password: password})
	if err != nil {
		return false, l.failed(err, false)
	}
	return info.Valid && info.ValidPassword == "Y", nil
}

// Ping sends 99 SC Status.
func (l *Library) Ping(ctx context.Context) error {
	if err := l.connect(ctx); err != nil {
		return err
	}
	if _, err := l.client.Status(ctx); err != nil {
		return l.failed(err, false)
	}
	return nil
}

// nbDue is the "no block" due date of an offline replay.
func nbDue(r circ.LibraryRequest) time.Time {
	if !r.Offline {
		return time.Time{}
	}
	return r.Due
}
