// Package layout holds, in its tests, the house rules of the repository that
// a machine can check: which packages may import which, and one doc comment
// per package.
package layout
