package circ

import (
	"context"
	"log/slog"
	"sort"
	"strconv"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// Security changes the security of item tags; the devices manager
// implements it for the RFID pads it runs.
type Security interface {
	WriteAFI(ctx context.Context, uid string, afi byte) error
}

// AFI is the pair of security values a site's exit gates use.
type AFI struct {
	OnLoan  byte // written at checkout (ISO 28560 default 0xC2; 3M sites 0xDA)
	InStock byte // written at check-in (default 0x07; 3M sites 0xD7)
}

// DefaultAFI is the ISO/IEC 15961 library allocation.
var DefaultAFI = AFI{OnLoan: 0xC2, InStock: 0x07}

// PartsPolicy says what checkout does with a set whose parts are not all
// on the pad.
type PartsPolicy string

// The parts policies.
const (
	// PartsWait: the set goes out only when every part is on the pad.
	PartsWait PartsPolicy = "wait"
	// PartsAllow: the set goes out at once; the outcome names what is missing.
	PartsAllow PartsPolicy = "allow"
)

// securityTimeout bounds one tag's AFI write with its read-back and retries.
const securityTimeout = 3 * time.Second

// returnedMemory is how long a returned set's other parts are recognised.
const returnedMemory = 10 * time.Minute

// gathering is a multi-part item whose parts are arriving on the pad.
type gathering struct {
	total int
	uids  map[int]string // part number → tag UID
}

// rfid handles an item tag read by an RFID pad.
func (s *Station) rfid(ctx context.Context, sc devices.Scan, now time.Time) {
	if sc.Tag[devices.TagError] != "" {
		s.show(Outcome{Code: CodeUnsupportedTag, At: now})
		return
	}
	code := s.rules.Clean(sc.Value)
	if code == "" {
		s.show(Outcome{Code: CodeUnsupportedTag, At: now})
		return
	}
	uid := sc.Tag[devices.TagUID]
	part, total := tagNumber(sc.Tag[devices.TagPartNumber], 1), tagNumber(sc.Tag[devices.TagPartsInSet], 1)
	if it, err := s.desk.Store.Item(ctx, code); err == nil && it.Parts > total {
		total = it.Parts
	}
	if s.st.Mode == ModeCheckin {
		s.rfidReturn(ctx, code, uid, part, total, now)
		return
	}
	if s.st.Phase != PhaseActive {
		s.show(Outcome{Item: code, Code: CodeNoPatron, At: now})
		return
	}
	if s.alreadyInSession(code) {
		// Another part of a set already out: it must leave secured too.
		s.latePart(code, part, uid)
		s.secure(ctx, code, []string{uid}, s.afi.OnLoan)
		s.touch(now)
		return
	}
	uids := []string{uid}
	var parts Parts
	if total > 1 {
		g := s.gathering[code]
		if g == nil {
			g = &gathering{total: total, uids: map[int]string{}}
			s.gathering[code] = g
		}
		g.uids[part] = uid
		parts = g.parts()
		if len(parts.Missing) > 0 && s.partsPolicy != PartsAllow {
			o := Outcome{Item: code, Code: CodeWaitingForParts, At: now, Parts: parts}
			if it, err := s.desk.Store.Item(ctx, code); err == nil {
				o.Title = it.Title
			}
			s.show(o)
			s.touch(now)
			return
		}
		uids = g.list()
		if len(parts.Missing) == 0 {
			delete(s.gathering, code)
		}
	}
	s.item(ctx, code, now)
	if s.st.Last == nil || !s.st.Last.OK {
		return
	}
	if total > 1 {
		s.st.Last.Parts = parts
		s.st.Books[len(s.st.Books)-1].Parts = parts
		if len(parts.Missing) > 0 {
			s.st.Last.Warning = CodePartsMissing
		}
	}
	s.secure(ctx, code, uids, s.afi.OnLoan)
}

// latePart records a part of a set that went out before it reached the
// pad (PartsAllow): the session's book and the banner count it.
func (s *Station) latePart(code string, part int, uid string) {
	g := s.gathering[code]
	if g == nil {
		return
	}
	g.uids[part] = uid
	parts := g.parts()
	if len(parts.Missing) == 0 {
		delete(s.gathering, code)
	}
	for i := range s.st.Books {
		if s.st.Books[i].Item == code {
			s.st.Books[i].Parts = parts
		}
	}
	if s.st.Last != nil && s.st.Last.Item == code {
		s.st.Last.Parts = parts
		if len(parts.Missing) == 0 && s.st.Last.Warning == CodePartsMissing {
			s.st.Last.Warning = ""
		}
	}
}

// rfidReturn checks an item in from its tag. The other parts of a set
// checked in a moment ago are only secured again.
func (s *Station) rfidReturn(ctx context.Context, code, uid string, part, total int, now time.Time) {
	if at, ok := s.returned[code]; ok && now.Sub(at) < returnedMemory {
		s.secure(ctx, code, []string{uid}, s.afi.InStock)
		return
	}
	s.item(ctx, code, now)
	if s.st.Last == nil || !s.st.Last.OK {
		return
	}
	s.returned[code] = now
	for c, at := range s.returned {
		if now.Sub(at) >= returnedMemory {
			delete(s.returned, c)
		}
	}
	s.secure(ctx, code, []string{uid}, s.afi.InStock)
}

// secure writes afi to each tag of item. A tag that will not take it is
// shown on the latest outcome and journaled as a desk alert.
func (s *Station) secure(ctx context.Context, item string, uids []string, afi byte) {
	if s.security == nil {
		return
	}
	failed := false
	for _, uid := range uids {
		if uid == "" {
			continue
		}
		wctx, cancel := context.WithTimeout(ctx, securityTimeout)
		err := s.security.WriteAFI(wctx, uid, afi)
		cancel()
		if err != nil {
			slog.Warn("tag security not written", "item", item, "err", err)
			failed = true
		}
	}
	if !failed {
		return
	}
	if s.st.Last != nil && s.st.Last.Item == item {
		s.st.Last.Warning = CodeSecurityNotCleared
	}
	if err := s.desk.Alert(ctx, SecurityAlert, s.patron.ID, item, CodeSecurityNotCleared); err != nil {
		slog.Error("journal a security alert", "err", err)
	}
}

func (g *gathering) parts() Parts {
	p := Parts{Seen: len(g.uids), Total: g.total}
	for n := 1; n <= g.total; n++ {
		if _, ok := g.uids[n]; !ok {
			p.Missing = append(p.Missing, n)
		}
	}
	return p
}

func (g *gathering) list() []string {
	nums := make([]int, 0, len(g.uids))
	for n := range g.uids {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	out := make([]string, 0, len(nums))
	for _, n := range nums {
		out = append(out, g.uids[n])
	}
	return out
}

func tagNumber(s string, def int) int {
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return n
	}
	return def
}
