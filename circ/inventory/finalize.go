package inventory

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/circdesk/circdesk/circ/callnumber"
)

// FinalizeResult says what finalize did.
type FinalizeResult struct {
	Inventory string   `json:"inventory"`
	Missing   int      `json:"marked_missing"`
	File      string   `json:"file"` // the barcodes, one a line, for the library server
	Barcodes  []string `json:"-"`
}

// ToMark counts the items finalize would mark missing now (for the
// confirmation the librarian sees).
func (s *Service) ToMark(ctx context.Context, name string) (int, error) {
	rep, err := s.Report(ctx, name)
	if err != nil {
		return 0, err
	}
	return len(rep.Missing), nil
}

// Finalize closes an inventory: every item of the scope not accounted for
// is marked missing (journaled for this station, not sent: SIP2 cannot
// mark items missing) and the barcodes are written, one a line, to a file
// in dir for the library server. A finalized inventory takes no more scans.
func (s *Service) Finalize(ctx context.Context, name, dir string) (FinalizeResult, error) {
	inv, err := s.find(ctx, name)
	if err != nil {
		return FinalizeResult{}, err
	}
	if inv.Status == Finalized {
		return FinalizeResult{}, &FinalizedError{Name: inv.Name}
	}
	rep, err := s.report(ctx, inv)
	if err != nil {
		return FinalizeResult{}, err
	}
	out := FinalizeResult{Inventory: inv.Name, Barcodes: make([]string, len(rep.Missing))}
	for i, l := range rep.Missing {
		out.Barcodes[i] = l.Item
	}
	out.Missing = len(out.Barcodes)
	now := s.now()
	out.File = filepath.Join(dir, fmt.Sprintf("inventory-%s-missing-%s.txt", fileSafe(inv.Name), now.Format("20060102-150405")))
	// The file first: if the write of the marks fails, a stray file says
	// nothing was marked; if it came after, the marks could lack a file.
	body := strings.Join(out.Barcodes, "\n")
	if body != "" {
		body += "\n"
	}
	if err := os.WriteFile(out.File, []byte(body), 0o644); err != nil {
		return FinalizeResult{}, fmt.Errorf("write the missing barcodes: %w", err)
	}
	if err := s.Store.Finalize(ctx, inv.ID, out.Barcodes, s.Desk.Station, now, out.File); err != nil {
		_ = os.Remove(out.File)
		return FinalizeResult{}, err
	}
	return out, nil
}

// fileSafe makes a name usable in a file name.
func fileSafe(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return '-'
	}, name)
}

func schemeOf(s string) callnumber.Scheme {
	sc, err := callnumber.ParseScheme(s)
	if err != nil {
		return callnumber.Auto
	}
	return sc
}
