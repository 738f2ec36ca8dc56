package assets

import "embed"

// Demo holds the word lists the demo school is generated from
// (internal/demoschool reads them): demo/first_names.txt and
// demo/adult_first_names.txt (students', and teachers' and staff's, first
// names), demo/last_names.txt, and demo/titles.tsv, the catalog of real
// children's and school-library titles with author, call number, location,
// material type and popularity. Lines starting with # are comments.
//
//go:embed demo
var Demo embed.FS
