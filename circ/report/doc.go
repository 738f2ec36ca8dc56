// Package report writes the lists librarians print or open in a
// spreadsheet (a teacher's missing copies, an inventory's findings) as CSV
// and PDF, from one description of the document.
package report
