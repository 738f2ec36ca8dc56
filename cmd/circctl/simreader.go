package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/circdesk/circdesk/devices/sim"

	// The RFID reader families circctl ships.
	_ "github.com/circdesk/circdesk/devices/feig"
	_ "github.com/circdesk/circdesk/devices/m3"
)

// simPace is how a simulated scanner or card reader plays its --tags:
// one every simPace, from one simPace after start.
const simPace = 2 * time.Second

// runSimReader runs a simulated reader on a pseudo-terminal until ctx ends.
func runSimReader(ctx context.Context, c *cli, args []string) error {
	fs := flag.NewFlagSet("sim-reader", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	kind := fs.String("kind", "", "line, em4100, feig or 3m")
	link := fs.String("link", "", "path of the symbolic link to the pty")
	tagsFile := fs.String("tags", "", "file of tags: item barcode[, parts, part] a line")
	baud := fs.Int("baud", 0, "send at this baud rate (0: as fast as the pty goes)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	switch {
	case !slices.Contains(sim.Kinds, *kind):
		return usageError{fmt.Sprintf("--kind %q is not one of %s", *kind, strings.Join(sim.Kinds, ", "))}
	case *link == "":
		return usageError{"--link PATH is needed: the name a station opens"}
	case *baud < 0:
		return usageError{"--baud must be 0 or more"}
	}
	var tags []sim.Tag
	if *tagsFile != "" {
		var err error
		if tags, err = readSimTags(*tagsFile); err != nil {
			return err
		}
	}
	s, err := sim.Start(*kind, tags)
	if err != nil {
		return err
	}
	defer s.Close()
	s.SetBaud(*baud)
	if err := s.Link(*link); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "simulated %s reader at %s\n", *kind, *link)
	go simControl(ctx, s, c.stdin)
	switch *kind {
	case "line", "em4100":
		playCodes(ctx, s, tags)
	}
	<-ctx.Done()
	return nil
}

// playCodes types each code (line) or holds each card on the reader for a
// second (em4100), one every simPace.
func playCodes(ctx context.Context, s *sim.Sim, tags []sim.Tag) {
	for _, t := range tags {
		select {
		case <-ctx.Done():
			return
		case <-time.After(simPace):
		}
		if s.Kind() == "line" {
			s.Type(t.Item)
			continue
		}
		if s.PresentCard(t.Item) == nil {
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
			s.RemoveCard()
		}
	}
}

// simControl takes commands from standard input, one a line: a code to
// type (line), a card to present (em4100; "-" takes it off), or an item to
// put on the pad ("-ITEM" takes it off; feig and 3m).
func simControl(ctx context.Context, s *sim.Sim, in io.Reader) {
	if in == nil {
		return
	}
	sc := bufio.NewScanner(in)
	for sc.Scan() && ctx.Err() == nil {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		switch s.Kind() {
		case "line":
			s.Type(line)
		case "em4100":
			if line == "-" {
				s.RemoveCard()
			} else {
				s.PresentCard(line)
			}
		default:
			lift := strings.HasPrefix(line, "-")
			t, err := parseSimTag(strings.TrimPrefix(line, "-"))
			if err != nil {
				continue
			}
			if lift {
				if uid, err := sim.UIDOf(t); err == nil {
					s.Lift(uid)
				}
			} else {
				s.Place(t)
			}
		}
	}
}

// readSimTags reads a --tags file: one tag a line, "item barcode[, parts,
// part]"; blank lines and lines starting with # are skipped.
func readSimTags(path string) ([]sim.Tag, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read the tags: %w", err)
	}
	defer f.Close()
	var tags []sim.Tag
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		t, err := parseSimTag(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		tags = append(tags, t)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the tags: %w", err)
	}
	return tags, nil
}

// parseSimTag reads "item[, parts, part]".
func parseSimTag(line string) (sim.Tag, error) {
	f := strings.Split(line, ",")
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	t := sim.Tag{Item: f[0]}
	switch {
	case t.Item == "":
		return t, fmt.Errorf("no item barcode in %q", line)
	case len(f) == 1:
		return t, nil
	case len(f) != 3:
		return t, fmt.Errorf("%q: give an item barcode alone or with parts and part (\"31234000123453, 3, 2\")", line)
	}
	parts, err1 := strconv.Atoi(f[1])
	part, err2 := strconv.Atoi(f[2])
	if err1 != nil || err2 != nil || parts < 1 || part < 1 || part > parts {
		return t, fmt.Errorf("%q: parts and part must be numbers, the part from 1 to parts", line)
	}
	t.Parts, t.Part = parts, part
	return t, nil
}
