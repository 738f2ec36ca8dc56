package setup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestServers(t *testing.T) {
	dir := t.TempDir()
	if err := AddServer(dir, Server{Name: "county", Address: "ils.example.org:6001", Institution: "CML", User: "sc01", TLS: true}, "pw-1"); err != nil {
		t.Fatal(err)
	}
	cfg := Defaults()
	cfg.Server = []Server{{Name: "school", Address: "10.0.0.5:6001", Institution: "SCH", Insecure: true}}
	got, err := Servers(dir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "school" || got[1].Name != "county" || got[1].Password != "pw-1" || got[0].Password != "" {
		t.Fatalf("servers %+v, want the config's then servers.toml's, with the saved password", got)
	}
	env := &Env{DataDir: dir, Config: cfg}
	if _, _, err := env.StationServer(); err == nil || !strings.Contains(err.Error(), "name one with station.server") {
		t.Errorf("two servers and no choice: %v", err)
	}
	env.Config.Station.Server = "county"
	if s, ok, err := env.StationServer(); err != nil || !ok || s.Name != "county" {
		t.Errorf("station.server = county: %+v %v %v", s, ok, err)
	}
	env.Config.Station.Server = "nowhere"
	if _, _, err := env.StationServer(); err == nil || !strings.Contains(err.Error(), "no library server is named nowhere") {
		t.Errorf("an unknown station.server: %v", err)
	}

	// The same name twice is refused.
	cfg.Server = append(cfg.Server, Server{Name: "county", Address: "x:1", TLS: true})
	if _, err := Servers(dir, cfg); err == nil || !strings.Contains(err.Error(), "two library servers are named county") {
		t.Errorf("duplicate names: %v", err)
	}
}

func TestServerTLSConfig(t *testing.T) {
	dir := t.TempDir()
	s := Server{Name: "county", Address: "ils.example.org:6001", TLS: true, CAFile: filepath.Join(dir, "ca.pem")}
	if _, err := s.sip2Config(); err == nil || !strings.Contains(err.Error(), "the CA file cannot be read") {
		t.Errorf("a missing CA file: %v", err)
	}
	os.WriteFile(s.CAFile, []byte("not a certificate"), 0o644)
	if _, err := s.sip2Config(); err == nil || !strings.Contains(err.Error(), "holds no PEM certificate") {
		t.Errorf("a CA file without a certificate: %v", err)
	}
	s.CAFile = ""
	cfg, err := s.sip2Config()
	if err != nil || cfg.TLS == nil || cfg.TLS.ServerName != "ils.example.org" {
		t.Errorf("TLS with the system's CAs: %+v %v", cfg.TLS, err)
	}
	plain := Server{Name: "p", Address: "h:1"}
	if cfg, _ := plain.sip2Config(); cfg.TLS != nil {
		t.Error("a plain server got TLS")
	}
}
