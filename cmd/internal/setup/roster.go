package setup

import (
	"path/filepath"

	"github.com/circdesk/circdesk/formats/roster"
)

// RosterConfig says how the school's roster files are read.
type RosterConfig struct {
	// IDField is the OneRoster user field that holds the card number:
	// identifier (the default), sourcedId, username or userIds:TYPE.
	IDField string `toml:"id_field"`
	// Map is a plain CSV's column mapping file (TOML); a relative path is
	// in the data directory.
	Map string `toml:"map"`
}

// RosterOptions are the settings of [roster] for reading a roster; a
// mapping file that cannot be read is an error.
func (c Config) RosterOptions(dataDir string) (roster.Options, error) {
	opt := roster.Options{IDField: c.Roster.IDField}
	if c.Roster.Map != "" {
		path := c.Roster.Map
		if !filepath.IsAbs(path) {
			path = filepath.Join(dataDir, path)
		}
		m, err := roster.LoadMapping(path)
		if err != nil {
			return roster.Options{}, err
		}
		opt.Map = m
	}
	return opt, nil
}
