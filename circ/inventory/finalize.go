package inventory

import (
	"context"
	"errors"
	"fmt"
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
//
// The file is saved with WriteFile, whole and durably, inside the store's
// transaction before the commit: if it cannot be saved nothing is marked,
// and once the marks are committed their file is on the disk. If the
// commit does not happen (an error, or the station killed between the two)
// the inventory stays open and the file saved for it is not recorded; a
// finalize run again saves its own file (under the time it runs) and the
// inventory records that one, the one the librarian is told about.
func (s *Service) Finalize(ctx context.Context, name, dir string) (FinalizeResult, error) {
	if s.WriteFile == nil {
		return FinalizeResult{}, errors.New("finalize: the station has no way to save the missing barcodes")
	}
	inv, err := s.find(ctx, name)
	if err != nil {
		return FinalizeResult{}, err
	}
	if inv.Status == Finalized {
		return FinalizeResult{}, &FinalizedError{Name: inv.Name}
	}
	out := FinalizeResult{Inventory: inv.Name}
	now := s.now()
	path := filepath.Join(dir, fmt.Sprintf("inventory-%s-missing-%s.txt", fileSafe(inv.Name), now.Format("20060102-150405")))
	// The store makes the list and marks the items in one transaction,
	// and saves the file before it commits.
	barcodes, err := s.Store.Finalize(ctx, inv.ID, s.Desk.Station, now, func(missing []string) (string, error) {
		if err := s.WriteFile(path, []byte(barcodeFile(missing))); err != nil {
			return "", fmt.Errorf("write the missing barcodes: %w", err)
		}
		return path, nil
	})
	if err != nil {
		if errors.Is(err, ErrFinalized) {
			return FinalizeResult{}, &FinalizedError{Name: inv.Name}
		}
		return FinalizeResult{}, err
	}
	out.Barcodes, out.Missing, out.File = barcodes, len(barcodes), path
	return out, nil
}

// barcodeFile is the library server's list: the barcodes, one a line.
func barcodeFile(barcodes []string) string {
	body := strings.Join(barcodes, "\n")
	if body != "" {
		body += "\n"
	}
	return body
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
