// Package sip2 speaks the 3M Standard Interchange Protocol 2.00 that library
// servers (ILS: Koha, Evergreen, FOLIO, Polaris, Symphony, …) offer to
// self-check stations.
//
// It holds the codec (Message, Encode, Decode and the typed messages a
// station uses: login 93/94, status 99/98, patron status 23/24, patron
// information 63/64, item information 17/18, checkout 11/12, checkin 09/10,
// renew 29/30, end patron session 35/36, item status update 19/20 and the
// resend requests 97/96), a Client for the station side (SC) over TCP or TLS,
// and a Server for the library side (ACS) that answers through a Handler, for
// demos and tests. It knows nothing of CircDesk's circulation rules.
//
// Only SIP2's RAW transport is supported (one message per line); the telnet
// transport, which prompts for a login before SIP starts, is not.
package sip2
