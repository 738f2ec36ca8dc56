package sip2

import (
	"context"
	"crypto/subtle"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"
)

// ServerOptions configure a Server.
type ServerOptions struct {
	Institution string // AO of answers that leave it empty
	// User and Password, when User is set, are the only login (93) the
	// server accepts, and a connection must log in before anything but
	// 99 and 93.
	User, Password string
	Charset        Charset // default cp850
	// ErrorDetection adds AY/AZ to every answer; otherwise an answer has
	// them when its request had them (as SIPServer does).
	ErrorDetection bool
	TLS            *tls.Config // nil: plain TCP
	Logger         *slog.Logger
	// IdleTimeout closes a connection silent this long (0: never), and is
	// the timeout period every 98 advertises (in tenths of a second, at
	// most 99.8 s), as SIPServer does.
	IdleTimeout time.Duration
	// Zone is how dates without a zone are read; nil is time.Local.
	Zone *time.Location
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("sip2: server closed")

// Server is a SIP2 ACS: it answers stations through a Handler, one
// goroutine per connection. It is meant for demos and tests: besides
// serving, it counts requests, counts what the handler applied per item,
// and injects faults on demand (Inject).
type Server struct {
	h    Handler
	opts ServerOptions
	log  *slog.Logger

	mu        sync.Mutex
	listeners map[net.Listener]bool
	conns     map[net.Conn]context.CancelFunc
	accepted  int
	addr      string
	wg        sync.WaitGroup

	statsMu  sync.Mutex
	requests map[string]int
	applied  map[appliedKey]int

	faultMu sync.Mutex
	faults  []*Fault
}

type appliedKey struct{ id, item string }

// NewServer returns a server answering through h.
func NewServer(h Handler, opts ServerOptions) *Server {
	opts.Charset = opts.Charset.orDefault()
	if opts.Zone == nil {
		opts.Zone = time.Local
	}
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	return &Server{h: h, opts: opts, log: lg.With("sip2", "acs"),
		listeners: map[net.Listener]bool{}, conns: map[net.Conn]context.CancelFunc{},
		requests: map[string]int{}, applied: map[appliedKey]int{}}
}

// ListenAndServe listens on addr and serves until Close.
func (s *Server) ListenAndServe(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", addr, err)
	}
	return s.Serve(l)
}

// Start listens on addr ("127.0.0.1:0" picks a port) and serves in the
// background until Close; it returns the address it listens on.
func (s *Server) Start(addr string) (string, error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("listen on %s: %w", addr, err)
	}
	s.register(l)
	go s.Serve(l) //nolint:errcheck // ends with ErrServerClosed
	return l.Addr().String(), nil
}

func (s *Server) register(l net.Listener) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.listeners[l] = true
	s.addr = l.Addr().String()
}

// Serve accepts connections on l until Close, and returns ErrServerClosed
// then. After Close the server may serve again (a restart).
func (s *Server) Serve(l net.Listener) error {
	s.register(l)
	raw := l
	if s.opts.TLS != nil {
		l = tls.NewListener(l, s.opts.TLS)
	}
	for {
		nc, err := l.Accept()
		if err != nil {
			s.mu.Lock()
			open := s.listeners[raw]
			s.mu.Unlock()
			if !open {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		if !s.listeners[raw] {
			s.mu.Unlock()
			cancel()
			nc.Close()
			return ErrServerClosed
		}
		s.conns[nc] = cancel
		s.accepted++
		s.wg.Add(1)
		s.mu.Unlock()
		go s.serveConn(ctx, nc)
	}
}

// Addr is the address of the listener most recently given to Serve or
// Start ("" before).
func (s *Server) Addr() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.addr
}

// Close stops listening, closes every connection and waits for their
// goroutines. The server may Serve again afterwards.
func (s *Server) Close() error {
	s.mu.Lock()
	for l := range s.listeners {
		l.Close()
	}
	clear(s.listeners)
	for nc, cancel := range s.conns {
		cancel()
		nc.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return nil
}

// Restart is for tests: it closes the server (every connection drops),
// waits down, and listens again on the same address.
func (s *Server) Restart(down time.Duration) error {
	addr := s.Addr()
	s.Close()
	time.Sleep(down)
	_, err := s.Start(addr)
	return err
}

// Connections counts the connections the server accepted.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accepted
}

// OpenConnections counts the connections open now.
func (s *Server) OpenConnections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.conns)
}

// Requests counts the requests with identifier id the server received
// (including those a fault then dropped).
func (s *Server) Requests(id string) int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	return s.requests[id]
}

// Applied counts how often the handler accepted (ok = 1) request id — "11"
// checkout, "09" checkin, "29" renew — for item, whether or not the answer
// reached the station. Tests use it to assert exactly-once delivery.
func (s *Server) Applied(id, item string) int {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	return s.applied[appliedKey{id, item}]
}

// ResetCounts sets Requests and Applied back to zero.
func (s *Server) ResetCounts() {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	clear(s.requests)
	clear(s.applied)
}

func (s *Server) count(id string) {
	s.statsMu.Lock()
	s.requests[id]++
	s.statsMu.Unlock()
}

func (s *Server) countApplied(id, item string) {
	s.statsMu.Lock()
	s.applied[appliedKey{id, item}]++
	s.statsMu.Unlock()
}

func (s *Server) serveConn(ctx context.Context, nc net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		if cancel, ok := s.conns[nc]; ok {
			cancel()
			delete(s.conns, nc)
		}
		s.mu.Unlock()
		nc.Close()
	}()
	lr := newLineReader(nc, MaxMessage)
	sess := &session{loggedIn: s.opts.User == ""}
	for {
		if s.opts.IdleTimeout > 0 {
			nc.SetReadDeadline(time.Now().Add(s.opts.IdleTimeout))
		}
		b, err := lr.next()
		if err != nil {
			if errors.Is(err, ErrTooLong) {
				s.log.Warn("request too long; closing the connection", "limit", MaxMessage)
			}
			var record tls.RecordHeaderError
			if errors.As(err, &record) && record.Conn != nil {
				// A plain client on the TLS port: answer as OpenSSL
				// does, with a fatal alert (protocol version), so it
				// can tell.
				s.log.Info("plain connection to the TLS port", "remote", nc.RemoteAddr())
				s.write(record.Conn, tlsProtocolVersionAlert)
			}
			return
		}
		if len(b) == 0 {
			continue
		}
		if !s.handleLine(ctx, nc, sess, b) {
			return
		}
	}
}

// tlsProtocolVersionAlert is a TLS record: a fatal protocol_version alert.
var tlsProtocolVersionAlert = []byte{0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46}

// session is the state of one connection.
type session struct {
	loggedIn bool
	last     []byte // the last answer, for 97
}

// handleLine answers one request; false closes the connection.
func (s *Server) handleLine(ctx context.Context, nc net.Conn, sess *session, b []byte) bool {
	id := "??"
	if len(b) >= 2 {
		id = string(b[:2])
	}
	s.count(id)
	req, err := Decode(b, s.opts.Charset)
	if err != nil {
		s.log.Debug("unreadable request; asking for a resend", "err", err)
		return s.write(nc, s.resend(b))
	}
	s.logMessage("recv", req)
	f := s.takeFault(&req)
	switch {
	case f == nil:
	case f.Kind == FaultDropBefore:
		s.log.Debug("fault: dropping the connection before applying", "id", req.ID)
		return false
	case f.Kind == FaultStall:
		s.log.Debug("fault: stalling, neither applying nor answering", "id", req.ID)
		s.stall(ctx, nc)
		return false
	}
	var out []byte
	if req.ID == "97" {
		out = sess.last
		if out == nil {
			out = s.resend(b)
		}
	} else {
		resp, ok := s.apply(ctx, sess, req)
		if !ok {
			return false
		}
		if resp.ID == "" {
			s.log.Warn("request not supported; no answer", "id", req.ID)
			return true
		}
		resp.Checked, resp.Seq = s.opts.ErrorDetection || req.Checked, 0
		if req.Checked {
			resp.Seq = req.Seq
		}
		if out, err = Encode(resp, s.opts.Charset); err != nil {
			s.log.Error("encode answer", "err", err)
			return false
		}
		out = append(out, '\r')
		sess.last = out
		s.logMessage("send", resp)
	}
	if f != nil {
		return s.faulty(ctx, nc, f, out)
	}
	return s.write(nc, out)
}

// resend is the 96 asking the station to send again, checked when the
// request looked checked.
func (s *Server) resend(req []byte) []byte {
	n := len(req)
	if s.opts.ErrorDetection || (n >= 6 && req[n-6] == 'A' && req[n-5] == 'Z') {
		return []byte("96AZFEF6\r")
	}
	return []byte("96\r")
}

func (s *Server) write(nc net.Conn, b []byte) bool {
	nc.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_, err := nc.Write(b)
	return err == nil
}

// apply decodes req, calls the handler and encodes its answer. An empty
// answer ID means the request is not supported (no answer is sent, as
// SIPServer does); false closes the connection.
func (s *Server) apply(ctx context.Context, sess *session, req Message) (Message, bool) {
	if !sess.loggedIn && req.ID != "93" && req.ID != "99" {
		s.log.Warn("request before login; closing the connection", "id", req.ID)
		return Message{}, false
	}
	if req.ID == "93" {
		return s.login(ctx, sess, req), true
	}
	return s.answer(ctx, req, time.Now()), true
}

// login checks a 93's user and password and answers it with a 94.
func (s *Server) login(ctx context.Context, sess *session, req Message) Message {
	r := parseLoginRequest(req)
	ok := true
	if s.opts.User != "" {
		ok = subtle.ConstantTimeCompare([]byte(r.User), []byte(s.opts.User)) == 1 &&
			subtle.ConstantTimeCompare([]byte(r.Password), []byte(s.opts.Password)) == 1
	}
	ok = ok && s.h.Login(ctx, r)
	sess.loggedIn = ok || s.opts.User == ""
	if !ok {
		s.log.Info("login refused", "user", r.User)
	}
	return loginResponse(ok)
}

// answer calls the handler for a request other than a login and encodes
// its answer, filling in what the handler left out (the institution, the
// patron or item asked about, the time); an empty Message when the request
// is not supported.
func (s *Server) answer(ctx context.Context, req Message, now time.Time) Message {
	loc, h := s.opts.Zone, s.h
	inst := func(got string) string { return or(got, s.opts.Institution) }
	switch req.ID {
	case "99":
		st := h.Status(ctx, parseStatusRequest(req))
		st.Institution = inst(st.Institution)
		if s.opts.IdleTimeout > 0 {
			st.TimeoutPeriod = tenths(s.opts.IdleTimeout)
		}
		if st.DateTime.IsZero() {
			st.DateTime = now
		}
		return st.message()
	case "23":
		r := parsePatronStatusRequest(req, loc)
		p := h.PatronStatus(ctx, r)
		p.Institution, p.Patron = inst(or(p.Institution, r.Institution)), or(p.Patron, r.Patron)
		if p.TransactionDate.IsZero() {
			p.TransactionDate = now
		}
		return p.message()
	case "63":
		r := parsePatronInformationRequest(req, loc)
		p := h.PatronInformation(ctx, r)
		p.Institution, p.Patron = inst(or(p.Institution, r.Institution)), or(p.Patron, r.Patron)
		if p.TransactionDate.IsZero() {
			p.TransactionDate = now
		}
		return p.message()
	case "17":
		r := parseItemInformationRequest(req, loc)
		it := h.ItemInformation(ctx, r)
		it.Item = or(it.Item, r.Item)
		if it.TransactionDate.IsZero() {
			it.TransactionDate = now
		}
		return it.message()
	case "11":
		r := parseCheckoutRequest(req, loc)
		resp := h.Checkout(ctx, r)
		if resp.OK {
			s.countApplied("11", r.Item)
		}
		resp.Institution, resp.Patron, resp.Item = inst(or(resp.Institution, r.Institution)), or(resp.Patron, r.Patron), or(resp.Item, r.Item)
		if resp.TransactionDate.IsZero() {
			resp.TransactionDate = now
		}
		return resp.message()
	case "09":
		r := parseCheckinRequest(req, loc)
		resp := h.Checkin(ctx, r)
		if resp.OK {
			s.countApplied("09", r.Item)
		}
		resp.Institution, resp.Item = inst(or(resp.Institution, r.Institution)), or(resp.Item, r.Item)
		if resp.TransactionDate.IsZero() {
			resp.TransactionDate = now
		}
		return resp.message()
	case "29":
		r := parseRenewRequest(req, loc)
		resp := h.Renew(ctx, r)
		if resp.OK {
			s.countApplied("29", r.Item)
		}
		resp.Institution, resp.Patron, resp.Item = inst(or(resp.Institution, r.Institution)), or(resp.Patron, r.Patron), or(resp.Item, r.Item)
		if resp.TransactionDate.IsZero() {
			resp.TransactionDate = now
		}
		return resp.message()
	case "35":
		r := parseEndSessionRequest(req, loc)
		resp := h.EndSession(ctx, r)
		resp.Institution, resp.Patron = inst(or(resp.Institution, r.Institution)), or(resp.Patron, r.Patron)
		if resp.TransactionDate.IsZero() {
			resp.TransactionDate = now
		}
		return resp.message()
	case "19":
		r := parseItemStatusUpdateRequest(req, loc)
		resp := h.ItemStatusUpdate(ctx, r)
		resp.Item = or(resp.Item, r.Item)
		if resp.TransactionDate.IsZero() {
			resp.TransactionDate = now
		}
		return resp.message()
	}
	return Message{}
}

// tenths is d as a 98's timeout period: tenths of a second, rounded
// down (a client keeping the connection alive errs early), from 1 to 998
// (999 means unknown).
func tenths(d time.Duration) int {
	return min(max(int(d/(100*time.Millisecond)), 1), 998)
}

// logMessage logs m at Debug with secrets masked.
func (s *Server) logMessage(dir string, m Message) {
	if s.log.Enabled(context.Background(), slog.LevelDebug) {
		s.log.Debug(dir, "msg", Masked(m))
	}
}
