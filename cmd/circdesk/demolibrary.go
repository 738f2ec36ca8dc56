package main

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/circdesk/circdesk/circ"
	"github.com/circdesk/circdesk/cmd/internal/setup"
	"github.com/circdesk/circdesk/ils"
	"github.com/circdesk/circdesk/ils/sip2"
	"github.com/circdesk/circdesk/internal/demoschool"
	"github.com/circdesk/circdesk/storage"
)

// demoInstitution is the SIP2 institution id of the demo library server.
const demoInstitution = "DEMO"

// demoLibrary is the demo's library server: a SIP2 ACS on loopback over its
// own SQLite library, seeded with the same school as the station and what
// only the server knows (demoschool.Library): new students, new arrivals, a
// book returned at another desk.
type demoLibrary struct {
	db     *storage.DB
	srv    *sip2.Server
	server setup.Server
}

func startDemoLibrary(ctx context.Context, dataDir string) (*demoLibrary, error) {
	db, err := storage.Open(ctx, filepath.Join(dataDir, "demo-library.db"))
	if err != nil {
		return nil, fmt.Errorf("open the demo library server's data: %w", err)
	}
	if _, err := db.Seed(ctx, demoschool.Library(time.Now())); err != nil {
		db.Close()
		return nil, fmt.Errorf("seed the demo library server: %w", err)
	}
	desk := &circ.Desk{Store: db, Policy: circ.DefaultPolicy(), Clock: circ.SystemClock{}, Station: "demo-acs"}
	srv := sip2.NewServer(ils.NewACS(desk, demoInstitution), sip2.ServerOptions{Institution: demoInstitution})
	addr, err := srv.Start("127.0.0.1:0")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("start the demo library server: %w", err)
	}
	return &demoLibrary{db: db, srv: srv, server: setup.Server{
		Name: "demo", Address: addr, Institution: demoInstitution, Charset: "utf8",
	}}, nil
}

func (d *demoLibrary) Close() error {
	d.srv.Close()
	return d.db.Close()
}
