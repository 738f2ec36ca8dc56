// Package shelflist reads a library server's shelf-list export: a CSV of
// the collection (barcode, title, author, call number, location, collection,
// material type, status), with a column mapping for the server's own header
// names. SIP2 cannot list a collection, so this file is how an inventory
// learns what should be on the shelves.
package shelflist
