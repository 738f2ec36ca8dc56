// Package inventory checks the shelves against the catalog: named,
// resumable inventories scoped by location, collection, material type and
// call-number range (in real shelf order), scans classified the moment they
// are read (on the shelf, out of shelf order, in the wrong place, checked
// out, not in the catalog, lost or withdrawn found), the reports librarians
// use, and finalize, which marks what was not found missing.
//
// All state lives in a Store (storage implements it over SQLite); a Session
// keeps the open inventory's scope in memory for fast classification.
package inventory
