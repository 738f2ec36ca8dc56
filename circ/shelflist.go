package circ

// ShelfList is what an ILS shelf-list export holds (formats/shelflist reads
// one): the catalog's items for the cache, and the rows not taken.
type ShelfList struct {
	Rows     []ShelfRow
	Rejected []ShelfReject
	Latin1   bool // the file was not UTF-8 and was read as Windows-1252
	// Has says which item fields the file has a column for: an import
	// leaves the others as the cache has them.
	Has map[string]bool
}

// ShelfRow is one item read from a shelf list. Its Status is "" when the
// file has no status column (the cache keeps what it knows).
type ShelfRow struct {
	Line int
	Item Item
}

// ShelfReject is a shelf-list row that was not taken, with the reason in
// one sentence.
type ShelfReject struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}
