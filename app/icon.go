package app

import (
	"fyne.io/fyne/v2"

	"github.com/circdesk/circdesk/assets"
)

// appIcon is the application icon as a Fyne resource.
var appIcon fyne.Resource = &fyne.StaticResource{StaticName: "circdesk.png", StaticContent: assets.IconPNG}
