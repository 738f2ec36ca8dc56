//go:build race

package app

// raceDetector: the tests run under the race detector, whose shadow memory
// and slowness make a memory measurement slow and blurred; make test runs
// the memory tests again without it.
const raceDetector = true
