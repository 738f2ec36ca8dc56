// Package assets holds what CircDesk ships besides code: the icon, the
// translations of every user-facing string, and the word lists the demo
// school is generated from.
package assets
