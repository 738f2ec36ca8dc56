// Package render writes a report document (circ/report's model) as CSV for
// a spreadsheet or as a printable PDF, and saves files whole or not at all:
// WriteFile and WriteAtomic are the one durable atomic save every export,
// report, barcode and settings file goes through.
package render
