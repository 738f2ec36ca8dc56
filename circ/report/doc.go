// Package report describes the lists librarians print or open in a
// spreadsheet (a teacher's missing copies, an inventory's findings): one
// document model, titled sections of rows, that formats/render writes as
// CSV and PDF.
package report
