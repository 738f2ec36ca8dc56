package setup

import (
	"context"
	"path/filepath"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/storage"
)

// Flags are the command-line settings both commands share.
type Flags struct {
	DataDir string // --data-dir
	Config  string // --config; "" = circdesk.toml in the data directory, if any
}

// Env is an opened station: its data directory, configuration, cache and desk.
type Env struct {
	DataDir string
	Config  Config
	DB      *storage.DB
	Desk    *circ.Desk
	Station circ.StationConfig
}

// Open finds the data directory, reads the configuration and opens the cache.
func Open(ctx context.Context, f Flags) (*Env, error) {
	dir, cfg, err := Locate(f)
	if err != nil {
		return nil, err
	}
	policy, err := cfg.CircPolicy()
	if err != nil {
		return nil, err
	}
	station, err := cfg.StationSettings()
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, filepath.Join(dir, DatabaseFile))
	if err != nil {
		return nil, err
	}
	unknown, err := cfg.UnknownItemPolicy()
	if err != nil {
		db.Close()
		return nil, err
	}
	if station.PatronPIN = circ.PatronPIN(cfg.Kiosk.PatronPIN); station.PatronPIN == "" {
		station.PatronPIN = circ.PINOff
	}
	desk := &circ.Desk{Store: &AuditedStore{DB: db, Station: cfg.Station.Name}, Policy: policy, Clock: circ.SystemClock{},
		Station: cfg.Station.Name, UnknownItems: unknown}
	return &Env{DataDir: dir, Config: cfg, DB: db, Desk: desk, Station: station}, nil
}

// Locate finds the data directory (creating it when missing) and reads the
// configuration, without opening the cache.
func Locate(f Flags) (string, Config, error) {
	dir, err := DataDir(f.DataDir)
	if err != nil {
		return "", Config{}, err
	}
	if err := EnsureDataDir(dir); err != nil {
		return "", Config{}, err
	}
	cfgPath, optional := f.Config, false
	if cfgPath == "" {
		cfgPath, optional = filepath.Join(dir, ConfigFile), true
	}
	cfg, err := LoadConfig(cfgPath, optional)
	return dir, cfg, err
}

// Close closes the cache.
func (e *Env) Close() error { return e.DB.Close() }
