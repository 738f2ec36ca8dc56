package main

import "time"

// refreshEvery is how often the station window refreshes its cache from
// the library server in the background (at most 5 requests a second, never
// while a student session is open; see circ.Refresher).
const refreshEvery = 10 * time.Minute
