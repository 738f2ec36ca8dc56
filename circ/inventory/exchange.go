package inventory

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/circdesk/circdesk/circ"
)

// fileFormat names a scan file, so another JSON file is not taken for one.
const fileFormat = "circdesk-inventory-scans"

// fileVersion is the scan file's layout.
const fileVersion = 1

// maxFileBytes bounds a scan file read (a 30,000-item inventory is ~6 MB).
const maxFileBytes = 64 << 20

// scanFile is an inventory's scans as exported for another station.
type scanFile struct {
	Format    string          `json:"format"`
	Version   int             `json:"version"`
	Inventory fileInventory   `json:"inventory"`
	Station   string          `json:"station"`
	Exported  time.Time       `json:"exported"`
	Scans     json.RawMessage `json:"scans"`
	SHA256    string          `json:"sha256"` // of Scans, as written
}

type fileInventory struct {
	UID           string    `json:"uid"`
	Name          string    `json:"name"`
	Location      string    `json:"location,omitempty"`
	Collection    string    `json:"collection,omitempty"`
	MaterialType  string    `json:"material_type,omitempty"`
	From          string    `json:"from,omitempty"`
	To            string    `json:"to,omitempty"`
	Scheme        string    `json:"scheme,omitempty"`
	SkipSeenSince time.Time `json:"skip_seen_since,omitzero"`
	Station       string    `json:"station"`
	Created       time.Time `json:"created"`
}

type fileScan struct {
	Item         string    `json:"item"`
	Station      string    `json:"station"`
	At           time.Time `json:"at"`
	Result       Result    `json:"result"`
	BelongsAfter string    `json:"belongs_after,omitempty"`
	ReaderKind   string    `json:"reader_kind,omitempty"`
	Reader       string    `json:"reader,omitempty"`
}

// Export writes an inventory's scans (every station's) to w, for merging
// on another station. It returns how many scans it wrote.
func (s *Service) Export(ctx context.Context, name string, w io.Writer) (int, error) {
	inv, err := s.find(ctx, name)
	if err != nil {
		return 0, err
	}
	scans, err := s.Store.Scans(ctx, inv.ID)
	if err != nil {
		return 0, fmt.Errorf("read the scans of inventory %s: %w", inv.Name, err)
	}
	fs := make([]fileScan, len(scans))
	for i, sc := range scans {
		fs[i] = fileScan{Item: sc.Item, Station: sc.Station, At: sc.At, Result: sc.Result,
			BelongsAfter: sc.BelongsAfter, ReaderKind: sc.ReaderKind, Reader: sc.Reader}
	}
	body, err := json.Marshal(fs)
	if err != nil {
		return 0, fmt.Errorf("encode the scans: %w", err)
	}
	sum := sha256.Sum256(body)
	f := scanFile{Format: fileFormat, Version: fileVersion, Station: s.Desk.Station, Exported: s.now(),
		Inventory: fileInventory{UID: inv.UID, Name: inv.Name, Location: inv.Location, Collection: inv.Collection,
			MaterialType: inv.MaterialType, From: inv.From, To: inv.To, Scheme: string(inv.Scheme),
			SkipSeenSince: inv.SkipSeenSince, Station: inv.Station, Created: inv.Created},
		Scans: body, SHA256: hex.EncodeToString(sum[:])}
	// Not indented: indenting would rewrite the scans the sum is of.
	if err := json.NewEncoder(w).Encode(f); err != nil {
		return 0, fmt.Errorf("write the scan file: %w", err)
	}
	return len(fs), nil
}

// MergeResult says what a merge did.
type MergeResult struct {
	Inventory string `json:"inventory"`
	Created   bool   `json:"created"` // the inventory was new on this station
	Added     int    `json:"added"`
	Already   int    `json:"already"` // scans of items this station had already
}

// ErrDamaged is a scan file that cannot be trusted.
var ErrDamaged = circ.NewSaid(circ.KindInvalid, "the scan file is damaged or is not an inventory scan file")

// ForeignError is a scan file from another inventory with the same name.
type ForeignError struct{ Name, Station string }

func (e *ForeignError) Error() string {
	return fmt.Sprintf("the scan file is from another inventory named %q (started on station %s); nothing was merged", e.Name, e.Station)
}

// Merge adds a scan file's scans to the inventory it came from. A station
// that does not have the inventory yet starts it with the file's scope
// (its own cache decides which items that takes). Merging a file twice
// adds nothing the second time.
func (s *Service) Merge(ctx context.Context, r io.Reader) (MergeResult, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return MergeResult{}, fmt.Errorf("read the scan file: %w", err)
	}
	var f scanFile
	dec := json.NewDecoder(bytes.NewReader(data))
	if len(data) > maxFileBytes || dec.Decode(&f) != nil || f.Format != fileFormat || f.Inventory.UID == "" {
		return MergeResult{}, ErrDamaged
	}
	if f.Version != fileVersion {
		return MergeResult{}, fmt.Errorf("the scan file is of version %d; this station reads version %d", f.Version, fileVersion)
	}
	sum := sha256.Sum256(f.Scans)
	if hex.EncodeToString(sum[:]) != f.SHA256 {
		return MergeResult{}, ErrDamaged
	}
	var fs []fileScan
	if err := json.Unmarshal(f.Scans, &fs); err != nil {
		return MergeResult{}, ErrDamaged
	}
	for _, sc := range fs {
		if strings.TrimSpace(sc.Item) == "" || !sc.Result.Valid() || sc.Station == "" {
			return MergeResult{}, ErrDamaged
		}
	}
	res := MergeResult{Inventory: f.Inventory.Name}
	inv, err := s.Store.InventoryByUID(ctx, f.Inventory.UID)
	var stored []bool
	switch {
	case errors.Is(err, ErrUnknown):
		if _, err := s.Store.Inventory(ctx, f.Inventory.Name); err == nil {
			return MergeResult{}, &ForeignError{Name: f.Inventory.Name, Station: f.Inventory.Station}
		}
		// The inventory and the file's scans in one transaction: a merge
		// that fails leaves no empty inventory behind.
		if stored, err = s.adopt(ctx, f.Inventory, fs); err != nil {
			return MergeResult{}, err
		}
		res.Created = true
	case err != nil:
		return MergeResult{}, err
	default:
		if inv.Status == Finalized {
			return MergeResult{}, &FinalizedError{Name: inv.Name}
		}
		ss, err := s.open(ctx, inv)
		if err != nil {
			return MergeResult{}, err
		}
		add := make([]Scan, 0, len(fs))
		for _, sc := range fs {
			if _, ok := ss.scanned[sc.Item]; ok {
				res.Already++
				continue
			}
			add = append(add, sc.scan(ss.at))
		}
		if stored, err = s.Store.AddScans(ctx, inv.ID, add, nil); err != nil {
			if errors.Is(err, ErrFinalized) {
				return MergeResult{}, &FinalizedError{Name: inv.Name}
			}
			return MergeResult{}, fmt.Errorf("merge the scans: %w", err)
		}
	}
	for _, ok := range stored {
		if ok {
			res.Added++
		} else {
			res.Already++
		}
	}
	return res, nil
}

// scan is a file's scan as stored here; at is the scope, by barcode.
func (sc fileScan) scan(at map[string]int) Scan {
	_, in := at[sc.Item]
	return Scan{Item: sc.Item, Station: sc.Station, At: sc.At, Result: sc.Result,
		BelongsAfter: sc.BelongsAfter, InScope: in, ReaderKind: sc.ReaderKind, Reader: sc.Reader}
}

// adopt starts, on this station, the inventory a scan file came from,
// with the file's scans, in one transaction.
func (s *Service) adopt(ctx context.Context, fi fileInventory, fs []fileScan) ([]bool, error) {
	name, err := checkName(fi.Name)
	if err != nil {
		return nil, ErrDamaged
	}
	spec := Spec{Name: name, Location: fi.Location, Collection: fi.Collection, MaterialType: fi.MaterialType,
		From: fi.From, To: fi.To, Scheme: schemeOf(fi.Scheme), SkipSeenSince: fi.SkipSeenSince}
	r, err := newRange(spec)
	if err != nil {
		return nil, ErrDamaged
	}
	scope, err := s.scope(ctx, spec, r)
	if err != nil {
		return nil, err
	}
	at := make(map[string]int, len(scope))
	for i, it := range scope {
		at[it.Barcode] = i
	}
	add := make([]Scan, len(fs))
	for i, sc := range fs {
		add[i] = sc.scan(at)
	}
	_, stored, err := s.Store.CreateInventory(ctx, Info{UID: fi.UID, Spec: spec, Status: Open, Station: fi.Station, Created: fi.Created}, scope, add)
	if err != nil {
		return nil, fmt.Errorf("merge the scans: %w", err)
	}
	return stored, nil
}
