package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// themeFrame holds a ThemeOverride and does not pass refreshes down to it.
// A ThemeOverride applies its theme afresh on every Refresh, under a new
// scope, and Fyne's painter then parses and caches a new set of fonts for
// that scope that it never frees: several MB each time. AppTabs refreshes
// every tab's content whenever a tab is selected, so without the frame
// each visit to the librarian's side cost the kiosk a set of fonts. What
// changes inside refreshes itself; new widgets made after the override
// need restyle.
type themeFrame struct {
	widget.BaseWidget
	override *container.ThemeOverride
}

func newThemeFrame(content fyne.CanvasObject, th fyne.Theme) *themeFrame {
	f := &themeFrame{override: container.NewThemeOverride(content, th)}
	f.ExtendBaseWidget(f)
	return f
}

// restyle applies the theme to widgets added since the frame was made.
func (f *themeFrame) restyle() { f.override.Refresh() }

func (f *themeFrame) CreateRenderer() fyne.WidgetRenderer {
	return &themeFrameRenderer{f: f, objs: []fyne.CanvasObject{f.override}}
}

type themeFrameRenderer struct {
	f    *themeFrame
	objs []fyne.CanvasObject
}

func (r *themeFrameRenderer) Layout(size fyne.Size) { r.f.override.Resize(size) }

func (r *themeFrameRenderer) MinSize() fyne.Size { return r.f.override.MinSize() }

func (r *themeFrameRenderer) Objects() []fyne.CanvasObject { return r.objs }

// Refresh does not refresh the override: see themeFrame.
func (r *themeFrameRenderer) Refresh() {}

func (r *themeFrameRenderer) Destroy() {}
