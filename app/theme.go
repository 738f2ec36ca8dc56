package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// Kiosk sizes, in Fyne's device-independent pixels at scale 1.
const (
	headlineSize = 44 // the kiosk's headlines: at least 40
	bodySize     = 28 // kiosk body text: at least 28
	touchHeight  = 72 // a kiosk button: at least 64
)

// Kiosk colours. They always come with an icon and words: never colour alone.
var (
	okColor      = color.NRGBA{R: 0x1b, G: 0x8a, B: 0x3c, A: 0xff}
	okTint       = color.NRGBA{R: 0xe3, G: 0xf6, B: 0xe6, A: 0xff}
	refusedColor = color.NRGBA{R: 0xc6, G: 0x28, B: 0x28, A: 0xff}
	refusedTint  = color.NRGBA{R: 0xfd, G: 0xe7, B: 0xe7, A: 0xff}
	holdColor    = color.NRGBA{R: 0xe6, G: 0x8a, B: 0x00, A: 0xff}
	holdTint     = color.NRGBA{R: 0xff, G: 0xf2, B: 0xd6, A: 0xff}
	kioskPrimary = color.NRGBA{R: 0x1e, G: 0x6f, B: 0xd9, A: 0xff}
	kioskBack    = color.NRGBA{R: 0xf7, G: 0xf9, B: 0xfc, A: 0xff}
	kioskInk     = color.NRGBA{R: 0x1f, G: 0x29, B: 0x33, A: 0xff}
	kioskButton  = color.NRGBA{R: 0xdc, G: 0xe8, B: 0xf8, A: 0xff}
)

// kioskTheme is the checkout and return screens' theme: large text for
// children, roomy buttons, and always the light variant so the coloured
// outcome cards look the same on every station.
type kioskTheme struct{ base fyne.Theme }

func newKioskTheme() fyne.Theme { return kioskTheme{base: theme.DefaultTheme()} }

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary:
		return kioskPrimary
	case theme.ColorNameBackground:
		return kioskBack
	case theme.ColorNameForeground:
		return kioskInk
	case theme.ColorNameButton:
		return kioskButton
	case theme.ColorNameSuccess:
		return okColor
	case theme.ColorNameError:
		return refusedColor
	case theme.ColorNameWarning:
		return holdColor
	}
	return t.base.Color(n, theme.VariantLight)
}

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return t.base.Font(s) }

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return t.base.Icon(n) }

func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return bodySize
	case theme.SizeNameHeadingText:
		return headlineSize
	case theme.SizeNameSubHeadingText:
		return 34
	case theme.SizeNameCaptionText:
		return 20
	case theme.SizeNameInlineIcon:
		return 36
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 18
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 14
	}
	return t.base.Size(n)
}
