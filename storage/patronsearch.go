package storage

import (
	"context"
	"strings"

	"github.com/circdesk/circdesk/circ"
)

// FindPatrons lists the patrons whose name holds every word of text (first
// or last name, any case), active ones first, then by last and first name;
// at most limit of them.
func (db *DB) FindPatrons(ctx context.Context, text string, limit int) ([]circ.Patron, error) {
	words := strings.Fields(text)
	if len(words) == 0 || limit <= 0 {
		return nil, nil
	}
	var where []string
	var args []any
	for _, w := range words {
		where = append(where, `(first_name || ' ' || last_name) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(w)+"%")
	}
	query := `SELECT ` + patronCols + ` FROM patrons WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY active DESC, last_name COLLATE NOCASE, first_name COLLATE NOCASE, id LIMIT ?`
	args = append(args, limit)
	var rows []patronRow
	if err := db.r.SelectContext(ctx, &rows, query, args...); err != nil {
		return nil, db.explain("find patrons by name", err)
	}
	out := make([]circ.Patron, 0, len(rows))
	for _, r := range rows {
		p, err := r.patron()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// likeEscaper makes a word match itself in a LIKE pattern with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
