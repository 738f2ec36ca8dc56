package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/circdesk/circdesk/devices/rfid"
)

// tagJSON is one tag's decoded data as `tag decode --json` prints it.
type tagJSON struct {
	Model         string   `json:"model"`
	ItemID        string   `json:"item_id"`
	PartsInSet    int      `json:"parts_in_set"`
	PartNumber    int      `json:"part_number"`
	Owner         string   `json:"owner_library"`
	TypeOfUsage   *int     `json:"type_of_usage"` // null: the tag has none (3M)
	CRCOK         bool     `json:"crc_ok"`
	Warnings      []string `json:"warnings"`
	ShelfLocation string   `json:"shelf_location,omitempty"`
	Reversed      bool     `json:"reversed,omitempty"`
	NibbleSwapped bool     `json:"nibble_swapped,omitempty"`
	MediaType     *int     `json:"media_type,omitempty"` // 3M only, as are branch and library
	Branch        *int     `json:"branch,omitempty"`
	Library       *int     `json:"library,omitempty"`
}

func toTagJSON(d rfid.Data) tagJSON {
	j := tagJSON{
		Model: string(d.Model), ItemID: d.ItemID, PartsInSet: d.PartsInSet, PartNumber: d.PartNumber,
		Owner: d.Owner, CRCOK: d.CRCOK, Warnings: d.Warnings, ShelfLocation: d.ShelfLocation,
		Reversed: d.Reversed, NibbleSwapped: d.NibbleSwapped,
	}
	if j.Warnings == nil {
		j.Warnings = []string{}
	}
	if d.TypeOfUsage != rfid.UsageUnknown {
		j.TypeOfUsage = &d.TypeOfUsage
	}
	if d.Model == rfid.RFID501 {
		j.MediaType, j.Branch, j.Library = &d.MediaType, &d.Branch, &d.Library
	}
	return j
}

func runTag(ctx context.Context, c *cli, args []string) error {
	if len(args) == 0 {
		return usageError{"give a subcommand: decode or encode"}
	}
	switch args[0] {
	case "decode":
		return c.tagDecode(args[1:])
	case "encode":
		return c.tagEncode(args[1:])
	}
	return usageError{fmt.Sprintf("%q is not a tag subcommand; use decode or encode", args[0])}
}

func (c *cli) tagDecode(args []string) error {
	fs, asJSON := newFlags("tag decode")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usageError{"give the tag's user memory in hex, block 0 first"}
	}
	mem, err := parseHex(strings.Join(pos, ""))
	if err != nil {
		return err
	}
	d, err := rfid.Decode(mem)
	if err != nil && !errors.Is(err, rfid.ErrCorrupt) {
		return err
	}
	// Corrupt data is shown for support (crc_ok false), and still fails.
	if *asJSON {
		if perr := printJSON(c.stdout, toTagJSON(d)); perr != nil {
			return perr
		}
	} else {
		printTag(c, d)
	}
	return err
}

func printTag(c *cli, d rfid.Data) {
	fmt.Fprintf(c.stdout, "model          %s\nitem id        %s\npart           %d of %d\n", d.Model, d.ItemID, d.PartNumber, d.PartsInSet)
	if d.Owner != "" {
		fmt.Fprintf(c.stdout, "owner library  %s\n", d.Owner)
	}
	if d.TypeOfUsage != rfid.UsageUnknown {
		fmt.Fprintf(c.stdout, "type of usage  %d\n", d.TypeOfUsage)
	}
	if d.ShelfLocation != "" {
		fmt.Fprintf(c.stdout, "shelf location %s\n", d.ShelfLocation)
	}
	if d.Model == rfid.RFID501 {
		fmt.Fprintf(c.stdout, "3M item type   %d\n3M branch      %d\n3M library     %d\n", d.MediaType, d.Branch, d.Library)
	}
	if d.Model == rfid.ISO28560_3 {
		fmt.Fprintf(c.stdout, "CRC            %s\n", map[bool]string{true: "ok", false: "does not match"}[d.CRCOK])
	}
	for _, w := range d.Warnings {
		fmt.Fprintf(c.stdout, "warning        %s\n", w)
	}
}

// parseHex reads hex that may have spaces, colons or a 0x prefix.
func parseHex(s string) ([]byte, error) {
	h := strings.Map(func(r rune) rune {
		if r == ' ' || r == ':' || r == '\t' || r == '\n' {
			return -1
		}
		return r
	}, s)
	h = strings.TrimPrefix(strings.TrimPrefix(h, "0x"), "0X")
	b, err := hex.DecodeString(h)
	switch {
	case h == "":
		return nil, usageError{"the tag's memory is empty; give it in hex"}
	case errors.Is(err, hex.ErrLength):
		return nil, usageError{fmt.Sprintf("%q has an odd number of hex digits; give two for each byte", s)}
	case err != nil:
		return nil, usageError{fmt.Sprintf("%q is not hex: give two hex digits for each byte, spaces and colons allowed", s)}
	}
	return b, nil
}

func (c *cli) tagEncode(args []string) error {
	fs, asJSON := newFlags("tag encode")
	model := fs.String("model", "", "iso28560-3, iso28560-2 or 3m")
	d := rfid.Data{}
	fs.StringVar(&d.ItemID, "item", "", "the item id (barcode)")
	fs.IntVar(&d.PartsInSet, "parts", 1, "number of parts in the item")
	fs.IntVar(&d.PartNumber, "part", 1, "which part this tag is on")
	fs.StringVar(&d.Owner, "owner", "", "ISIL of the owner library (ISO models)")
	fs.IntVar(&d.TypeOfUsage, "usage", 1, "ISO 28560 type of usage (1: for circulation)")
	fs.StringVar(&d.ShelfLocation, "shelf", "", "shelf location (ISO 28560-2)")
	size := fs.Int("size", 32, "ISO 28560-3 block size: 32 or 34")
	fs.IntVar(&d.MediaType, "type", 1, "3M item type (1: book)")
	fs.IntVar(&d.Branch, "branch", 0, "3M branch number")
	fs.IntVar(&d.Library, "library", 0, "3M library number")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if *model == "" || d.ItemID == "" {
		return usageError{"--model and --item are required"}
	}
	m, err := rfid.ParseModel(*model)
	if err != nil {
		return usageError{err.Error()}
	}
	var mem []byte
	switch m {
	case rfid.ISO28560_3:
		mem, err = rfid.EncodeISO28560_3(d, *size)
	case rfid.ISO28560_2:
		mem, err = rfid.EncodeISO28560_2(d)
	default:
		mem, err = rfid.EncodeRFID501(d)
	}
	if err != nil {
		return fmt.Errorf("cannot encode for %s: %w", m, err)
	}
	h := strings.ToUpper(hex.EncodeToString(mem))
	if *asJSON {
		return printJSON(c.stdout, map[string]string{"model": string(m), "hex": h})
	}
	fmt.Fprintln(c.stdout, h)
	return nil
}
