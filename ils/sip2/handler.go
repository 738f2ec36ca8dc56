package sip2

import "context"

// Handler is the library's side of SIP2 for a Server: it makes the
// decisions. The Server decodes each request, calls the matching method
// and encodes what it returns, filling in the institution (AO) and the
// transaction date when they are left empty. Methods are called from one
// goroutine per connection, so they must be safe for concurrent use.
type Handler interface {
	// Login accepts or refuses a 93 Login. The Server has already
	// checked ServerOptions.User and Password when they are set.
	Login(ctx context.Context, r LoginRequest) bool
	Status(ctx context.Context, r StatusRequest) ACSStatus
	PatronStatus(ctx context.Context, r PatronStatusRequest) PatronStatus
	PatronInformation(ctx context.Context, r PatronInformationRequest) PatronInformation
	ItemInformation(ctx context.Context, r ItemInformationRequest) ItemInformation
	Checkout(ctx context.Context, r CheckoutRequest) CheckoutResponse
	Checkin(ctx context.Context, r CheckinRequest) CheckinResponse
	Renew(ctx context.Context, r RenewRequest) RenewResponse
	EndSession(ctx context.Context, r EndSessionRequest) EndSessionResponse
	ItemStatusUpdate(ctx context.Context, r ItemStatusUpdateRequest) ItemStatusUpdateResponse
}

// BaseHandler is a Handler that accepts logins, says it is online and
// refuses everything else, the way a server does when it knows no such
// patron or item. Embed it to implement only some messages.
type BaseHandler struct{}

var _ Handler = BaseHandler{}

// Login accepts every login.
func (BaseHandler) Login(context.Context, LoginRequest) bool { return true }

// Status says online, with checkin and checkout.
func (BaseHandler) Status(context.Context, StatusRequest) ACSStatus {
	return ACSStatus{Online: true, CheckinOK: true, CheckoutOK: true, TimeoutPeriod: 30, RetriesAllowed: 3,
		Supported: &SupportedMessages{Status: true, Resend: true, Login: true, Checkout: true, Checkin: true}}
}

// PatronStatus knows no patron.
func (BaseHandler) PatronStatus(_ context.Context, r PatronStatusRequest) PatronStatus {
	return PatronStatus{Status: UnknownPatronFlags, Patron: r.Patron, Messages: []string{"Invalid Patron"}}
}

// PatronInformation knows no patron.
func (BaseHandler) PatronInformation(_ context.Context, r PatronInformationRequest) PatronInformation {
	return PatronInformation{Status: UnknownPatronFlags, Patron: r.Patron, Messages: []string{"Invalid Patron"}}
}

// ItemInformation knows no item.
func (BaseHandler) ItemInformation(_ context.Context, r ItemInformationRequest) ItemInformation {
	return ItemInformation{CirculationStatus: StatusOther, SecurityMarker: 1, FeeType: 1, Item: r.Item, Messages: []string{"Invalid Item"}}
}

// Checkout refuses.
func (BaseHandler) Checkout(_ context.Context, r CheckoutRequest) CheckoutResponse {
	return CheckoutResponse{Patron: r.Patron, Item: r.Item, Magnetic: "U", Desensitize: "N", Messages: []string{"Invalid Item"}}
}

// Checkin refuses.
func (BaseHandler) Checkin(_ context.Context, r CheckinRequest) CheckinResponse {
	return CheckinResponse{Item: r.Item, Magnetic: "U", Alert: true, AlertType: AlertOther, Messages: []string{"Invalid Item"}}
}

// Renew refuses.
func (BaseHandler) Renew(_ context.Context, r RenewRequest) RenewResponse {
	return RenewResponse{Patron: r.Patron, Item: r.Item, Magnetic: "U", Desensitize: "N", Messages: []string{"Invalid Item"}}
}

// EndSession ends the session.
func (BaseHandler) EndSession(_ context.Context, r EndSessionRequest) EndSessionResponse {
	return EndSessionResponse{Ended: true, Patron: r.Patron}
}

// ItemStatusUpdate is not supported.
func (BaseHandler) ItemStatusUpdate(_ context.Context, r ItemStatusUpdateRequest) ItemStatusUpdateResponse {
	return ItemStatusUpdateResponse{Item: r.Item, Messages: []string{"Item status update is not supported"}}
}
