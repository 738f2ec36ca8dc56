package circ

// Alias is another card number of a patron (a prox card beside a barcode).
type Alias struct {
	Alias  string
	Patron string // patron ID
}

// Dataset is the whole content of a cache, for seeding and bulk imports.
type Dataset struct {
	Patrons []Patron
	Aliases []Alias
	Items   []Item
	Loans   []Loan
	Holds   []Hold
}
