package assets

import _ "embed"

// IconPNG is the application icon: a book with a barcode under a red scan
// line, 512×512 PNG.
//
//go:embed icon.png
var IconPNG []byte
