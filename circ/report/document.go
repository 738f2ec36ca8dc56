package report

import "time"

// Document is a titled report of one or more sections.
type Document struct {
	Title    string
	Subtitle string    // one line under the title: a scope, a teacher, a class
	Made     time.Time // when the report was made; printed when set
	Sections []Section
}

// Section is one table of a report.
type Section struct {
	Heading string // "" for a report of one untitled table
	Columns []string
	Rows    [][]string
	Empty   string // printed instead of an empty table, e.g. "Nothing is missing."
}
