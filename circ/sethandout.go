package circ

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"time"

	"github.com/circdesk/circdesk/devices"
)

// maxHandoutScans is how many of the latest scans a handout keeps to show.
const maxHandoutScans = 50

// Handout is a book set going out at the station, as a Job: the whole
// stack read on the RFID pad (each tag's security set as its copy goes
// out), or a fast barcode run; for a class, each student's card and then
// their copy. It counts the set's copies read against those expected,
// and flags duplicates, copies of other sets and books of no set.
type Handout struct {
	sets     *Sets
	rules    *Classifier
	security Security
	afi      AFI
	teacher  Patron
	notify   func(HandoutState)

	// Owned by the station goroutine once the job has begun.
	st       HandoutState
	expected map[string]bool // the set's copies on the shelf at the start
	read     map[string]bool // the set's copies read in this handout
	student  *Patron         // the student whose copy comes next (a class)
	// inOrder: a class's copies go to its students in roster order, no
	// cards scanned; next is who is next, passed the students refused.
	inOrder bool
	next    *Patron
	passed  map[string]bool
	// record hears every scan result as it is added (see Record).
	record func(HandoutScan)
}

// Record makes f hear every result the handout adds, in order (for a
// report of the whole handout, beyond the latest scans the state keeps).
// Call it before the handout begins.
func (h *Handout) Record(f func(HandoutScan)) { h.record = f }

// HandoutState is a snapshot of a handout for the screen; the receiver may keep it.
type HandoutState struct {
	Set       string
	Teacher   string // name
	Class     string // id; "" when the set goes to the teacher
	ClassName string
	Due       time.Time
	Expected  int // copies of the set on the shelf when the handout began
	Read      int // of those and the set's other copies, how many were read
	Lent      int // copies that went out in this handout
	// Student is the student waiting for their copy ("" when none).
	Student     string
	Last        *HandoutScan
	Scans       []HandoutScan // newest first
	Flagged     []HandoutScan // what the librarian must look at, newest first
	Missing     []string      // expected copies not read yet, by barcode
	WithoutCopy []string      // a class: students with no copy yet, in roster order
	// CannotBorrow, a class in roster order: the students without a copy
	// whom the desk refuses (a block, an expired card), passed over before
	// anyone is named, in roster order.
	CannotBorrow []Passed
}

// Passed is a student a roster-order handout passes over, and why.
type Passed struct {
	Student string // name
	Code    Code
}

// HandoutScan is what one scan of a handout did.
type HandoutScan struct {
	Item    string
	Title   string
	Student string // for a class: who the copy went to (or was refused to)
	// StudentID is that student's patron ID.
	StudentID string
	OK        bool
	Code      Code
	// Duplicate: the copy was scanned a second time in this handout.
	Duplicate bool
	// OtherSet names the set the copy belongs to (CodeOtherSet).
	OtherSet string
	// SecurityFailed: the copy went out but its tag kept "in stock".
	SecurityFailed bool
	At             time.Time
}

// NewHandout prepares the handout of set to teacher, or to the students of
// class classID when it is not "". notify hears every change, from the
// station goroutine. Begin it on the station with Station.Begin.
func NewHandout(ctx context.Context, sets *Sets, st *Station, set string, teacher Patron, classID string, notify func(HandoutState)) (*Handout, error) {
	bs, err := sets.Store.BookSet(ctx, set)
	if err != nil {
		return nil, err
	}
	h := &Handout{
		sets: sets, rules: st.Rules(), security: st.Security(), afi: st.AFI(), teacher: teacher, notify: notify,
		expected: map[string]bool{}, read: map[string]bool{},
	}
	h.st = HandoutState{Set: bs.Name, Teacher: teacher.FirstName + " " + teacher.LastName, Class: classID, Due: sets.Due(teacher)}
	for _, c := range bs.Copies {
		if c.Loan == nil && c.Status == Available {
			h.expected[c.Item] = true
		}
	}
	h.st.Expected = len(h.expected)
	if classID != "" {
		class, _, err := sets.ClassStatus(ctx, set, classID)
		if err != nil {
			return nil, err
		}
		h.st.ClassName = class.Name
	}
	if err := h.refresh(ctx); err != nil {
		return nil, err
	}
	return h, nil
}

// InRosterOrder makes a class handout give each copy scanned to the next
// student in roster order who has none, without their cards: the screen
// shows who that is. A student the desk refuses is passed over. Call it
// before the handout begins.
func (h *Handout) InRosterOrder(ctx context.Context) error {
	if h.st.Class == "" {
		return nil
	}
	h.inOrder, h.passed = true, map[string]bool{}
	return h.refresh(ctx)
}

// State is the handout as it stands before it begins (after, the notify
// callback has it).
func (h *Handout) State() HandoutState { return h.st.clone() }

// Scan handles one scan (the Job interface).
func (h *Handout) Scan(ctx context.Context, sc devices.Scan) {
	now := h.sets.Desk.Clock.Now()
	code := h.rules.Clean(sc.Value)
	if code == "" {
		return
	}
	if sc.Kind == devices.RFIDItem {
		if sc.Tag[devices.TagError] != "" {
			h.add(HandoutScan{Code: CodeUnsupportedTag, At: now}, true)
			h.publish()
			return
		}
		if h.read[code] {
			// A copy that went out comes back onto the pad, or another part
			// of it (the parts share its code): nothing more to do. A tag
			// that did not go out (no student scanned yet, a refusal) is
			// taken again when it is laid down again.
			return
		}
	}
	if h.isPatron(ctx, sc, code) {
		h.patron(ctx, code, now)
	} else {
		h.copy(ctx, sc, code, now)
	}
	if err := h.refresh(ctx); err != nil {
		slog.Error("book-set handout: refresh", "err", err)
	}
	h.publish()
}

func (h *Handout) isPatron(ctx context.Context, sc devices.Scan, code string) bool {
	switch {
	case sc.Kind == devices.Card:
		return true
	case sc.Kind == devices.RFIDItem:
		return false
	}
	switch h.rules.Classify(code) {
	case PatronCode:
		return true
	case ItemCode:
		return false
	}
	if _, err := h.sets.Desk.Store.Item(ctx, code); err == nil {
		return false
	}
	_, err := h.sets.Desk.Store.Patron(ctx, code)
	return err == nil
}

// patron takes a student's card: their copy comes next.
func (h *Handout) patron(ctx context.Context, code string, now time.Time) {
	p, _, _, err := h.sets.Desk.Identify(ctx, code, h.rules.Account(code))
	if err != nil {
		h.add(HandoutScan{Code: CodePatronNotFound, At: now}, true)
		return
	}
	name := p.FirstName + " " + p.LastName
	if h.st.Class == "" {
		// The set goes to the teacher: a card changes nothing.
		h.add(HandoutScan{Student: name, Code: CodeCardNotBook, At: now}, false)
		return
	}
	_, status, err := h.sets.ClassStatus(ctx, h.st.Set, h.st.Class)
	if err != nil {
		slog.Error("book-set handout: class", "err", err)
		h.add(HandoutScan{Student: name, Code: CodeStationError, At: now}, true)
		return
	}
	i := slices.IndexFunc(status, func(cc ClassCopy) bool { return cc.Student.ID == p.ID })
	switch {
	case i < 0:
		h.student = nil
		h.add(HandoutScan{Student: name, Code: CodeNotInClass, At: now}, true)
	case status[i].State == CopyOut || status[i].State == CopyOverdue:
		h.student = nil
		h.add(HandoutScan{Item: status[i].Item, Student: name, Code: CodeHasCopy, At: now}, false)
	default:
		h.student = &p
		h.st.Student = name
		h.st.Last = nil
	}
}

// copy takes a book: it goes to the teacher, or to the waiting student.
func (h *Handout) copy(ctx context.Context, sc devices.Scan, code string, now time.Time) {
	if h.read[code] {
		h.add(HandoutScan{Item: code, Code: CodeHasCopy, Duplicate: true, OK: true, At: now}, true)
		return
	}
	var o Outcome
	var err error
	var student, studentID string
	switch {
	case h.st.Class == "":
		o, err = h.sets.Lend(ctx, h.st.Set, h.teacher, "", code, h.st.Due)
	case h.student != nil:
		student, studentID = h.student.FirstName+" "+h.student.LastName, h.student.ID
		o, err = h.sets.LendToStudent(ctx, h.st.Set, h.st.Class, *h.student, code, h.st.Due)
	case h.next != nil:
		// Roster order: the copy goes to the next student who may have
		// it; one the desk refuses is passed over, and said so.
		for h.next != nil {
			p := *h.next
			student, studentID = p.FirstName+" "+p.LastName, p.ID
			if o, err = h.sets.LendToStudent(ctx, h.st.Set, h.st.Class, p, code, h.st.Due); err != nil || o.OK || !refusesPatron(o.Code) {
				break
			}
			h.passed[p.ID] = true
			h.add(HandoutScan{Student: student, StudentID: p.ID, Code: o.Code, At: now}, true)
			if err = h.refresh(ctx); err != nil {
				break
			}
		}
		if h.next == nil && err == nil && !o.OK && refusesPatron(o.Code) {
			return // nobody left who may have it
		}
	default:
		h.add(HandoutScan{Item: code, Code: CodeNoPatron, At: now}, false)
		return
	}
	if err != nil {
		slog.Error("book-set handout: lend", "err", err)
		h.add(HandoutScan{Item: code, Student: student, StudentID: studentID, Code: CodeStationError, At: now}, true)
		return
	}
	s := HandoutScan{Item: code, Title: o.Title, Student: student, StudentID: studentID, OK: o.OK, Code: o.Code, At: now}
	switch {
	case o.OK || o.Code == CodeHasCopy:
		s.OK = true
		h.read[code] = true
		if o.OK {
			h.st.Lent++
			h.student, h.st.Student = nil, ""
		}
		if uid := sc.Tag[devices.TagUID]; o.OK && uid != "" && !h.secure(ctx, code, uid) {
			s.SecurityFailed = true
		}
	case o.Code == CodeOtherSet:
		if set, err := h.sets.Store.SetOf(ctx, code); err == nil {
			s.OtherSet = set
		}
	}
	h.add(s, !s.OK || s.SecurityFailed)
}

// secure sets the copy's tag to "on loan"; false when the tag would not take it.
func (h *Handout) secure(ctx context.Context, item, uid string) bool {
	if h.security == nil {
		return true
	}
	wctx, cancel := context.WithTimeout(ctx, securityTimeout)
	err := h.security.WriteAFI(wctx, uid, h.afi.OnLoan)
	cancel()
	if err == nil {
		return true
	}
	slog.Warn("tag security not written", "item", item, "err", err)
	if err := h.sets.Desk.Alert(ctx, SecurityAlert, h.teacher.ID, item, CodeSecurityNotCleared); err != nil {
		slog.Error("journal a security alert", "err", err)
	}
	return false
}

func (h *Handout) add(s HandoutScan, flag bool) {
	if h.record != nil {
		h.record(s)
	}
	h.st.Last = &s
	h.st.Scans = append([]HandoutScan{s}, h.st.Scans...)
	if len(h.st.Scans) > maxHandoutScans {
		h.st.Scans = h.st.Scans[:maxHandoutScans]
	}
	if flag {
		h.st.Flagged = append([]HandoutScan{s}, h.st.Flagged...)
	}
}

// refresh recounts what was read and, for a class, who has no copy yet.
func (h *Handout) refresh(ctx context.Context) error {
	h.st.Read = len(h.read)
	h.st.Missing = h.st.Missing[:0]
	for it := range h.expected {
		if !h.read[it] {
			h.st.Missing = append(h.st.Missing, it)
		}
	}
	sort.Strings(h.st.Missing)
	if h.st.Class == "" {
		return nil
	}
	_, status, err := h.sets.ClassStatus(ctx, h.st.Set, h.st.Class)
	if err != nil {
		return fmt.Errorf("class status: %w", err)
	}
	h.st.WithoutCopy = h.st.WithoutCopy[:0]
	h.st.CannotBorrow = h.st.CannotBorrow[:0]
	h.next = nil
	for _, cc := range status {
		if cc.State == CopyOut || cc.State == CopyOverdue {
			continue
		}
		name := cc.Student.FirstName + " " + cc.Student.LastName
		h.st.WithoutCopy = append(h.st.WithoutCopy, name)
		if !h.inOrder {
			continue
		}
		// Who cannot borrow is passed over before anyone is named, so the
		// name on the screen is the student the next copy goes to.
		code, err := h.sets.MayBorrow(ctx, cc.Student)
		if err != nil {
			return err
		}
		if code != "" {
			h.st.CannotBorrow = append(h.st.CannotBorrow, Passed{Student: name, Code: code})
			continue
		}
		if h.next == nil && !h.passed[cc.Student.ID] {
			p := cc.Student
			h.next = &p
		}
	}
	if h.inOrder && h.student == nil {
		h.st.Student = ""
		if h.next != nil {
			h.st.Student = h.next.FirstName + " " + h.next.LastName
		}
	}
	return nil
}

func (h *Handout) publish() {
	if h.notify != nil {
		h.notify(h.st.clone())
	}
}

func (s HandoutState) clone() HandoutState {
	c := s
	c.Scans = slices.Clone(s.Scans)
	c.Flagged = slices.Clone(s.Flagged)
	c.Missing = slices.Clone(s.Missing)
	c.WithoutCopy = slices.Clone(s.WithoutCopy)
	c.CannotBorrow = slices.Clone(s.CannotBorrow)
	if s.Last != nil {
		l := *s.Last
		c.Last = &l
	}
	return c
}

// ErrNoClassRoster is returned when a class handout is asked of a station
// that has no rosters.
var ErrNoClassRoster = NewSaid(KindNotFound, "this station has no class rosters")
