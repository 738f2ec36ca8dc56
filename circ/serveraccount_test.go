package circ_test

import (
	"context"
	"testing"

	"github.com/circdesk/circdesk/circ"
)

// cache is a patron cache of two students, one with a library account of
// its own.
type cache struct{ circ.Reader }

func (cache) Patron(_ context.Context, id string) (circ.Patron, error) {
	switch id {
	case "1016458":
		return circ.Patron{ID: id}, nil
	case "1016459":
		return circ.Patron{ID: id, Account: "P1016459"}, nil
	}
	return circ.Patron{}, circ.ErrNotFound
}

// The replay and the KOC export name a patron to the server the same way.
func TestServerAccount(t *testing.T) {
	ctx := context.Background()
	prefix := func(id string) string { return "S" + id }
	for _, tt := range []struct {
		id      string
		account func(string) string
		want    string
	}{
		{"1016458", nil, "1016458"},
		{"1016459", nil, "P1016459"},    // the library account the server knows
		{"1016460", nil, "1016460"},     // not in the cache: the ID as it is
		{"1016458", prefix, "S1016458"}, // the station's account prefix
		{"1016459", prefix, "SP1016459"},
		{"1016460", prefix, "S1016460"},
	} {
		if got := circ.ServerAccount(ctx, cache{}, tt.id, tt.account); got != tt.want {
			t.Errorf("ServerAccount(%s) = %s, want %s", tt.id, got, tt.want)
		}
	}
}
