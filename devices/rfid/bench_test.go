package rfid

import "testing"

// BenchmarkDecode reads one tag's memory per iteration, as a pad reading a
// stack of books does, per data model.
func BenchmarkDecode(b *testing.B) {
	iso2, _ := EncodeISO28560_2(Data{ItemID: "31234000123453", Owner: "US-NcCM", PartsInSet: 2, PartNumber: 1, TypeOfUsage: 1})
	threeM, _ := EncodeRFID501(Data{ItemID: "31234000123453", MediaType: 1})
	for _, bc := range []struct {
		name string
		mem  []byte
	}{
		{"iso28560-3", mustHex(b, vectorB)},
		{"iso28560-3-reversed", reverseBlocks(mustHex(b, vectorB))},
		{"iso28560-2", iso2},
		{"3m", threeM},
	} {
		mem := append(bc.mem, make([]byte, 112-len(bc.mem))...) // an ICODE SLIX's user memory
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Decode(mem); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "tags/s")
		})
	}
}
