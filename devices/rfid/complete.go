package rfid

// Complete reports whether mem, the first bytes of a tag's user memory,
// already holds the tag's whole record, so a reader need not read the rest
// (a 28-block tag read whole costs three times the wire time of its first
// eight blocks). It is false whenever it cannot be sure: blank or unknown
// data, a CRC that fails, ISO 28560-2 data sets that run on past mem.
// Decode gives the same answer on mem as on the whole memory when Complete
// is true.
func Complete(mem []byte) bool {
	d, err := Decode(mem)
	if err != nil || len(d.Warnings) > 0 {
		return false
	}
	switch d.Model {
	case ISO28560_3:
		// The decoder reads the basic block alone, its CRC checked.
		return d.CRCOK && len(mem) >= d.BlockSize
	case RFID501:
		return len(mem) >= rfid501Len
	case ISO28560_2:
		return iso2Terminated(mem)
	}
	return false
}

// iso2Terminated reports whether mem's ISO 28560-2 data sets end in the
// terminator inside mem.
func iso2Terminated(mem []byte) bool {
	for pos, n := 0, 0; pos < len(mem) && n <= iso2MaxDataSets; n++ {
		if mem[pos] == iso2Terminator {
			return true
		}
		_, next, err := readDataSet(mem, pos)
		if err != nil {
			return false
		}
		pos = next
	}
	return false
}
