// Package roster reads school rosters for CircDesk: OneRoster 1.1 CSV sets
// (with 1.0 and 1.2 tolerance), as a folder or a zip, and plain spreadsheet
// CSV files with a column mapping.
//
// It only parses and validates. Load and the Read functions return a
// circ.Roster: the users, classes and enrollments worth importing, and every
// row that was not, with its file, its line and a reason a librarian can
// read. What an import of it changes is circ's to decide (circ.PlanRoster),
// and applying that to the cache is the storage package's job.
//
// Real exports are messy, so the reader tolerates what schools actually
// send: a byte order mark, CRLF or LF or CR line ends, Windows-1252 text,
// stray quotes, renamed and reordered columns, Excel's damage to grades,
// zips with an enclosing folder and macOS litter. It keeps only what
// circulation needs: ids, names, grade, role and classes. It never opens
// demographics.csv and drops e-mail addresses, phone numbers, passwords and
// birth dates as it reads.
package roster
