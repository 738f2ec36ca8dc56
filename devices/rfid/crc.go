package rfid

// crc16 is CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no
// reflection, no final XOR ("123456789" gives 0x29B1). ISO 28560-3 uses it
// for the basic block.
func crc16(data ...[]byte) uint16 {
	crc := uint16(0xFFFF)
	for _, part := range data {
		for _, b := range part {
			crc ^= uint16(b) << 8
			for range 8 {
				if crc&0x8000 != 0 {
					crc = crc<<1 ^ 0x1021
				} else {
					crc <<= 1
				}
			}
		}
	}
	return crc
}

// blockCRC is the CRC of an ISO 28560-3 basic block of size bytes (32 or
// 34) at the start of mem: bytes 0–18, then 21 to the end of the block,
// skipping the CRC itself. A 32-byte block is padded back to 34 with two
// 0x00 bytes, so a 32-byte block and a 34-byte one ending in two zeros have
// the same CRC.
func blockCRC(mem []byte, size int) uint16 {
	if size == 32 {
		return crc16(mem[:19], mem[21:32], []byte{0, 0})
	}
	return crc16(mem[:19], mem[21:size])
}
