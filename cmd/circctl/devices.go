package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/circdesk/circdesk/devices"

	// The reader families circctl ships.
	_ "github.com/circdesk/circdesk/devices/em4100"
	_ "github.com/circdesk/circdesk/devices/line"
)

// portJSON is one serial port in `devices list --json`.
type portJSON struct {
	Name       string `json:"name"` // the system's name for it: ttyUSB0, COM3
	Path       string `json:"path"` // what to configure: the stable by-id path when there is one
	USBVendor  string `json:"usb_vendor"`
	USBProduct string `json:"usb_product"`
	Serial     string `json:"serial"`
}

// scanJSON is one scan in `devices watch --json`.
type scanJSON struct {
	Kind   string            `json:"kind"`
	Value  string            `json:"value"`
	Raw    string            `json:"raw"` // the bytes as they arrived, upper-case hex
	Reader string            `json:"reader"`
	At     time.Time         `json:"at"`
	Tag    map[string]string `json:"tag"`
}

func runDevices(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give a subcommand: list or watch"}
	}
	switch args[0] {
	case "list":
		return c.devicesList(args[1:])
	case "watch":
		return c.devicesWatch(ctx, args[1:])
	}
	return usageError{fmt.Sprintf("%q is not a devices subcommand; use list or watch", args[0])}
}

func (c *cli) devicesList(args []string) error {
	fs, asJSON := newFlags("devices list")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	ports, err := devices.Ports()
	if err != nil {
		return fmt.Errorf("list the serial ports: %w", err)
	}
	if *asJSON {
		out := make([]portJSON, 0, len(ports))
		for _, p := range ports {
			out = append(out, portJSON{Name: filepath.Base(p.Device), Path: p.Name,
				USBVendor: p.USBVendor, USBProduct: p.USBProduct, Serial: p.Serial})
		}
		return printJSON(c.stdout, out)
	}
	if len(ports) == 0 {
		fmt.Fprintln(c.stdout, "No serial ports found. Is the reader plugged in, and in serial (USB COM) mode?")
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PATH\tNAME\tUSB ID\tSERIAL\tDEVICE")
	for _, p := range ports {
		id := ""
		if p.USBVendor != "" {
			id = p.USBVendor + ":" + p.USBProduct
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, filepath.Base(p.Device), id, p.Serial, p.Description)
	}
	return tw.Flush()
}

// optionFlags collects repeated --option KEY=VALUE.
type optionFlags map[string]string

func (o optionFlags) String() string { return "" }

func (o optionFlags) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("--option takes KEY=VALUE, not %q", s)
	}
	o[k] = v
	return nil
}

func (c *cli) devicesWatch(ctx context.Context, args []string) error {
	fs, asJSON := newFlags("devices watch")
	cfg := devices.Config{Options: optionFlags{}}
	fs.StringVar(&cfg.Kind, "kind", "", "reader kind: "+strings.Join(devices.Kinds(), ", "))
	fs.StringVar(&cfg.Port, "port", "", "serial port (/dev/serial/by-id/…, /dev/ttyUSB0, COM3)")
	fs.IntVar(&cfg.Baud, "baud", 0, "baud rate (default: the kind's)")
	fs.StringVar(&cfg.Name, "name", "", "reader name shown in scans")
	fs.Var(optionFlags(cfg.Options), "option", "a kind's option as KEY=VALUE (repeatable)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	switch {
	case cfg.Kind == "":
		return usageError{"--kind is required"}
	case cfg.Port == "":
		return usageError{"--port is required"}
	case !slices.Contains(devices.Kinds(), cfg.Kind):
		return usageError{fmt.Sprintf("--kind %q is not a reader kind circctl knows; it knows %s", cfg.Kind, strings.Join(devices.Kinds(), ", "))}
	case cfg.Baud < 0:
		return usageError{"--baud must be a positive rate"}
	}

	first := make(chan devices.ReaderState, 1)
	started := false
	onState := func(s devices.ReaderState) {
		if !started {
			started = true
			first <- s
			return
		}
		if s.Status == devices.Connected {
			fmt.Fprintf(c.stderr, "circctl devices watch: %s is connected again.\n", s.Name)
		} else {
			fmt.Fprintf(c.stderr, "circctl devices watch: %s is %s: %s\n", s.Name, s.Status, readerReason(s))
		}
	}
	enc := json.NewEncoder(c.stdout) // one object a line
	var writeErr error
	onScan := func(s devices.Scan) {
		if writeErr != nil {
			return
		}
		if *asJSON {
			tag := s.Tag
			if tag == nil {
				tag = map[string]string{}
			}
			writeErr = enc.Encode(scanJSON{Kind: string(s.Kind), Value: s.Value, Raw: strings.ToUpper(hex.EncodeToString(s.Raw)),
				Reader: s.Reader, At: s.At, Tag: tag})
			return
		}
		line := fmt.Sprintf("%s  %-9s %s", s.At.Format("15:04:05.000"), s.Kind, s.Value)
		keys := make([]string, 0, len(s.Tag))
		for k := range s.Tag {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			line += fmt.Sprintf("  %s=%s", k, s.Tag[k])
		}
		_, writeErr = fmt.Fprintln(c.stdout, line)
	}
	// The manager reopens the reader if it is unplugged while watching.
	m := devices.NewManager([]devices.Config{cfg}, onScan, onState)
	defer m.Close()

	select {
	case s := <-first:
		if s.Status != devices.Connected {
			if s.Err != nil {
				return s.Err
			}
			return errors.New(s.Reason)
		}
	case <-ctx.Done():
		return nil
	}
	if !*asJSON {
		fmt.Fprintf(c.stderr, "Watching %s; scan something, or press Ctrl-C to stop.\n", cfg.Label())
	}
	<-ctx.Done()
	m.Close()
	if writeErr != nil {
		return fmt.Errorf("write the scans: %w", writeErr)
	}
	return nil
}

// readerReason is why a reader is not connected, in one sentence.
func readerReason(s devices.ReaderState) string {
	if s.Err != nil {
		return sentence(s.Err)
	}
	return s.Reason
}
