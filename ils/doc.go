// Package ils connects a station to the library's own server (the ILS:
// Koha, Evergreen, Destiny, …). Until a server is configured a station works
// from its local cache alone and every accepted transaction stays pending in
// the journal; the SIP2 adapter that sends them lives here.
package ils
