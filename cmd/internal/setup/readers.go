package setup

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/devices"
	"github.com/circdesk/circdesk/formats/render"
)

// ReadersFile holds the readers the settings screen configured, in the
// data directory. Readers can also be written in circdesk.toml.
const ReadersFile = "readers.toml"

// Reader is one scanner, card reader or RFID pad, as configured.
type Reader struct {
	Name     string            `toml:"name"`
	Kind     string            `toml:"kind"` // line, em4100, feig, 3m
	Port     string            `toml:"port"` // prefer /dev/serial/by-id/… on Linux
	Baud     int               `toml:"baud,omitempty"`
	DataBits int               `toml:"data_bits,omitempty"`
	Parity   string            `toml:"parity,omitempty"` // N, E or O
	StopBits int               `toml:"stop_bits,omitempty"`
	Options  map[string]string `toml:"options,omitempty"`
}

// RFIDConfig is the site's RFID security and set policy.
type RFIDConfig struct {
	OnLoanAFI  string `toml:"on_loan_afi"`  // hex, default C2 (3M sites: DA)
	InStockAFI string `toml:"in_stock_afi"` // hex, default 07 (3M sites: D7)
	Parts      string `toml:"parts"`        // wait (default) or allow
}

// Device is r as package devices takes it.
func (r Reader) Device() devices.Config {
	return devices.Config{Name: r.Name, Kind: r.Kind, Port: r.Port, Baud: r.Baud, DataBits: r.DataBits,
		Parity: r.Parity, StopBits: r.StopBits, Options: r.Options}
}

// ReaderOf is the configuration entry for d.
func ReaderOf(d devices.Config) Reader {
	return Reader{Name: d.Name, Kind: d.Kind, Port: d.Port, Baud: d.Baud, DataBits: d.DataBits,
		Parity: d.Parity, StopBits: d.StopBits, Options: d.Options}
}

func (r Reader) check() error {
	switch {
	case r.Kind == "":
		return fmt.Errorf("reader %q has no kind (line, em4100, feig or 3m)", r.Name)
	case r.Port == "":
		return fmt.Errorf("reader %q has no port", r.Name)
	}
	return r.checkLine()
}

type readersFile struct {
	Reader []Reader `toml:"reader"`
}

// Readers lists the configured readers: those of the configuration file,
// then those of readers.toml in the data directory.
func Readers(dir string, cfg Config) ([]devices.Config, error) {
	var f readersFile
	path := filepath.Join(dir, ReadersFile)
	if err := decodeFile(path, "the reader list", &f); err != nil {
		return nil, err
	}
	all := append(append([]Reader(nil), cfg.Reader...), f.Reader...)
	if err := checkReaders(all); err != nil {
		return nil, err
	}
	var out []devices.Config
	for _, r := range all {
		out = append(out, r.Device())
	}
	return out, nil
}

// SaveReaders replaces readers.toml with list.
func SaveReaders(dir string, list []devices.Config) error {
	var f readersFile
	for _, d := range list {
		r := ReaderOf(d)
		if err := r.check(); err != nil {
			return err
		}
		f.Reader = append(f.Reader, r)
	}
	var buf bytes.Buffer
	buf.WriteString("# Readers, written by the station's settings screen.\n")
	if err := toml.NewEncoder(&buf).Encode(f); err != nil {
		return fmt.Errorf("encode the reader list: %w", err)
	}
	return render.WriteFile(filepath.Join(dir, ReadersFile), buf.Bytes())
}

// RFIDSettings turns the rfid section into circ's values.
func (c Config) RFIDSettings() (circ.AFI, circ.PartsPolicy, error) {
	afi := circ.DefaultAFI
	var err error
	if c.RFID.OnLoanAFI != "" {
		if afi.OnLoan, err = parseAFI("rfid.on_loan_afi", c.RFID.OnLoanAFI); err != nil {
			return afi, "", err
		}
	}
	if c.RFID.InStockAFI != "" {
		if afi.InStock, err = parseAFI("rfid.in_stock_afi", c.RFID.InStockAFI); err != nil {
			return afi, "", err
		}
	}
	if afi.OnLoan == afi.InStock {
		return afi, "", errors.New("rfid.on_loan_afi and rfid.in_stock_afi must differ, or the gate cannot tell them apart")
	}
	switch p := circ.PartsPolicy(c.RFID.Parts); p {
	case "", circ.PartsWait, circ.PartsAllow:
		return afi, p, nil
	}
	return afi, "", fmt.Errorf("rfid.parts must be wait or allow, not %q", c.RFID.Parts)
}

func parseAFI(key, s string) (byte, error) {
	v, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"), 16, 8)
	if err != nil {
		return 0, fmt.Errorf("%s must be one byte in hex, like C2, not %q", key, s)
	}
	return byte(v), nil
}
