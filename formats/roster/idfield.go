package roster

// CheckIDField says in one sentence what is wrong with an Options.IDField
// value, or nil: a configuration checks it at start, not at the first
// import.
func CheckIDField(s string) error {
	_, _, err := parseIDField(s)
	return err
}
