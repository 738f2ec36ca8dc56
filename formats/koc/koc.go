package koc

import (
	"bufio"
	"fmt"
	"io"

	"github.com/circdesk/circdesk/circ"
)

// Writer writes KOC files.
type Writer struct {
	// GeneratorVersion is the version of CircDesk that wrote the file, in
	// its header line.
	GeneratorVersion string
	// Account is the id the library server knows a patron by, given the
	// patron's ID (circ.ServerAccount: the account id, the station's
	// prefix and suffix); nil leaves the ID as it is.
	Account func(patron string) string
}

// Result is what a file holds of the rows given to Write.
type Result struct {
	// IDs are the journal rows written, in order: mark them exported, so
	// they are never replayed too.
	IDs []int64
	// Unsure counts rows sent to the server whose answer was lost: they
	// may have reached it already, so they are left for sync, not written.
	Unsure int
}

// Write writes the header and one line per row the server has not seen:
// Koha's "issue" for a check-out or a renewal (Koha renews an issue to the
// patron who has it), "return" for a check-in, each with the time of the
// transaction to the millisecond. Rows that never go to the server (local
// refusals, marks) are skipped.
func (kw Writer) Write(w io.Writer, rows []circ.Transaction) (Result, error) {
	var res Result
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Version=1.0\tGenerator=circdesk\tGeneratorVersion=%s\n", kw.GeneratorVersion)
	for _, t := range rows {
		if !t.Action.ToLibrary() {
			continue
		}
		if t.Sent {
			res.Unsure++
			continue
		}
		stamp := t.At.Format("2006-01-02 15:04:05") + fmt.Sprintf(" %03d", t.At.Nanosecond()/1e6)
		switch t.Action {
		case circ.Checkout, circ.Renew:
			fmt.Fprintf(bw, "%s\tissue\t%s\t%s\n", stamp, kw.account(t.Patron), t.Item)
		case circ.Checkin:
			fmt.Fprintf(bw, "%s\treturn\t%s\n", stamp, t.Item)
		}
		res.IDs = append(res.IDs, t.ID)
	}
	if err := bw.Flush(); err != nil {
		return Result{}, fmt.Errorf("write the offline circulation file: %w", err)
	}
	return res, nil
}

func (kw Writer) account(patron string) string {
	if kw.Account == nil {
		return patron
	}
	return kw.Account(patron)
}
