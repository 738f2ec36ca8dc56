package feig

// CRC16 is the checksum of FEIG's ISC host protocol: CRC-16/MCRF4XX
// (polynomial 0x8408 reflected, preset 0xFFFF, no final XOR; check value
// 0x6F91). It covers every byte of a frame before the CRC, which is sent
// LSB first.
func CRC16(b []byte) uint16 {
	crc := uint16(0xFFFF)
	for _, c := range b {
		crc ^= uint16(c)
		for range 8 {
			if crc&1 != 0 {
				crc = crc>>1 ^ 0x8408
			} else {
				crc >>= 1
			}
		}
	}
	return crc
}
