//go:build !ci

package main

import (
	"log/slog"

	"github.com/go-gl/glfw/v3.4/glfw"
)

// screenSize is the usable area of the primary screen in pixels (the whole
// screen less panels and docks), or 0, 0 when it cannot be told (no display
// yet). It runs on the main goroutine, which Fyne's driver keeps on the main
// thread, before Fyne opens its window; glfw.Init is safe to call again.
func screenSize() (width, height int) {
	defer func() {
		// go-gl's glfw panics on a GLFW error: no screen is no size.
		if r := recover(); r != nil {
			slog.Warn("cannot tell the screen's size", "err", r)
			width, height = 0, 0
		}
	}()
	if err := glfw.Init(); err != nil {
		slog.Warn("cannot tell the screen's size", "err", err)
		return 0, 0
	}
	m := glfw.GetPrimaryMonitor()
	if m == nil {
		return 0, 0
	}
	if _, _, w, h := m.GetWorkarea(); w > 0 && h > 0 {
		return w, h
	}
	if v := m.GetVideoMode(); v != nil {
		return v.Width, v.Height
	}
	return 0, 0
}
