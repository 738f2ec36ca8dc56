package callnumber

// The test pairs of shared/reference/callnumbers.md §4: A shelves before B.
// Sources are named there.

// deweyPairs is §4.1 (Dewey and school sections), read with Auto.
var deweyPairs = [][2]string{
	{"005.133 ABC", "010 ABC"},
	{"1 .M32 2002", "1.1 .M32 2002"},
	{"1.123 .M32 2002", "12 .M32 2002"},
	{"451.04217", "451.1"},
	{"002.3", "002.33"},
	{"599.9 ZZZ", "600 AAA"},
	{"641 BET", "641.5 COR"},
	{"641/BET", "641.5/COR"},
	{"123 .M3 2002", "123 .M321 2002"},
	{"123 .M321 2002", "123 .MS32 2002"},
	{"123 .MS32 2002", "123 .MSA32 2002"},
	{"973.7 L63", "973.7 L63z"},
	{"823 R797h", "823 R797hp 2004"},
	{"323.09 .K43", "323.09 .K43 V.1"},
	{"823 R797h v.2", "823 R797h v.10"},
	{"823 R797h c.2", "823 R797h c.10"},
	{"599.757 SMI 1999", "599.757 SMI 2005"},
	{"323 .A512RE NO.23-28", "323 .A512RE NO.100"},
	{"E 598.35 GUI", "E GUI"},
	{"FIC SMI", "FIC SMITH"},
	{"FIC SMITH J", "FIC SMITHERS"},
	{"B LINCOLN", "B WASHINGTON"},
	{"920 ABC", "92 LIN"},
	{"920 ABC", "B LIN"},
	{"REF 030 WOR", "REF 031 AME"},
	// §1.3's table, where Koha and Evergreen go wrong.
	{"5.133 ABC", "10 ABC"},
	// §1.3 wants B LIN before BIO ABE when B and BIO are interfiled as
	// text; here BIO is an alias of B, so the biographee decides: below.
	{"BIO ABE", "B LIN"},
	{"FIC DE LA CRUZ", "FIC DEAN"},
	{"599.1 v.1-2", "599.1 v.12"}, // v.1-2 < v.12: a range is not merged into one number
	{"599.1 v.1", "599.1 v.1-2"}, {"599.1 v.1-2", "599.1 v.2"},
	{"YR DVD 800.1", "YR DVD 900"}, // Koha's test, in an unknown section YR
	// §1.1's examples.
	{"451", "451.01"}, {"451.01", "451.012"}, {"451.012", "451.023"}, {"451.023", "451.04"},
	{"451.04", "451.04217"}, {"451.1", "451.136"}, {"451.136", "451.3"},
	{"599 ZZZ", "599.1 AAA"},
	{"123 .M3", "123 .M321"},
	{"823 L63", "823 L63z"}, {"823 L63z", "823 L63zs"},
	{"823 R797h", "823 R7971"},
}

// lcPairs is §4.2, read with LC.
var lcPairs = [][2]string{
	{"QA76", "QA76 .A1"},
	{"QA76 .A1", "QA76.73 .J38"},
	{"A1 .B2", "AA1 .B2"},
	{"AA1", "D1"},
	{"B1", "BF1"},
	{"Z39.50", "Z50"},
	{"D21.1 .D58 1981", "D761 .W54"},
	{"PS3515.M112", "PS3515.M12"},
	{"PS3561.I4 A3", "PS3561.I48 O5"},
	{"TR647 .W453", "TR647 .W5"},
	{"AB9.22 L3", "ABR92.L3"},
	{"B9 2000 L3", "B9 L3"},
	{"B9 L3", "B9.2 2000 L3"},
	{"B822 L3", "B8200 L3"},
	{"PX 101.1 1990 .A34 .B6", "PX 101.1 .A5"},
	{"KF 4558 2nd", "KF 4558 20th"},
	{"KF 4558 1st .G6", "KF 4558 15th .G6"},
	{"JX 33 .A5 1968 .I4", "JX 33 .A5 1969 .I31"},
	{"M3 G32 1966q vol. 2", "M3 .G32 1972q"},
	{"QA 101.1 .A101", "QA 101.1 .A101m"},
	{"QA 101.1 .A101mc", "QA 101.1 .A101 A101"},
	{"QA 101.1 .A102", "QA 101.1 .A11"},
	{"A123 .MS32AB 2002", "A123 .MSA32 2002"},
	{"R 241", "R 241 extra extra"},
	{"R 241 .G1 extra extra", "R 241 .G1 .A1"},
	{"R 241.23 .F2498 1994", "R 241.230001 .F2498 1994"},
	{"HQ1101 .D54 v.3 no.3", "HQ1101 .D54 v.3 no.10"},
	{"HQ1101 .D54 v.3 no.10", "HQ1101 .D54 v.11 no.1"},
	{"Q11 .P6 vol. 4 no. 4", "Q11 .P6 vol. 12 no. 1"},
	{"M5 .L3 K2 OP.8", "M5 .L3 K2 OP.79"},
	{"M5 .L3 K2 OP.7:NO.6 1882", "M5 .L3 K2 OP.7:NO.51 1880"},
	{"M5 L3 V.188", "M5 L3 V188"},
	{"M5 L31", "M5 L31902"},
	{"PZ7.M3567585 Bs 1997x", "PZ7.M3567585 Stp 1997x"},
	{"QA76 .S73 no.93-200", "QA76 .S73 no.93-1483"},
	// §2.1 and §2.2's examples.
	{"Q1", "QA1"},
	{"PS 65", "PS 585"}, {"PS 585", "PS 3515"},
	{"PS3515.115", "PS3515.12"}, {"PS3515.12", "PS3515.5"}, {"KF250.39977", "KF250.4"},
	{"QA76.M112", "QA76.M12"}, {"QA76.M12", "QA76.M135"}, {"QA76.M135", "QA76.M2"}, {"QA76.M2", "QA76.M213"}, {"QA76.M213", "QA76.M23"},
	{"TR647 .W4", "TR647 .W44"}, {"TR647 .W44", "TR647 .W45"}, {"TR647 .W45", "TR647 .W453"},
	{"PN98 .D43 Z54", "PN98 .D43 Z55"}, {"PN98 .D43 Z55", "PN98 .D48 E54"},
	{"QA76", "QA76.73"},
	{"HD205 1974 .M3", "HD205 .M3"},
	{"Q11 .P6 v.4", "Q11 .P6 v.12"},
	{"Q11 .P6 c.2", "Q11 .P6 c.10"},
}

// equalPairs are the same call number written two ways (LC).
var equalPairs = [][2]string{
	{"E8 C11 D22", "E8 .C11 .D22"},
	{"E8 C11 D22", "E8C11D22"},
	{"QA76.73.J38", "QA76.73 .J38"},
	{"QA76.73J38", "QA76.73 .J38"},
	{"JX 33 .A5 1968 .I31", "JX33A5.1968 I31"},
}

// equalDewey are the same call number written two ways (Auto).
var equalDewey = [][2]string{
	{"5.133 ABC", "005.133 ABC"},
	{"002.3", "002.30"},
	{"fic smith", "FIC SMITH"},
	{"F SMITH", "FIC SMITH"},
	{"[E] GUI", "E GUI"},
	{"EASY GUI", "E GUI"},
	{"FIC O'DELL", "FIC ODELL"},
	{"92 LIN", "B LIN"},
	{"921 LIN", "BIO LIN"},
	{"JUV F SMI", "J FIC SMI"},
	{"Y FIC SMI", "YA FIC SMI"},
	{"823 R797h vol. 2", "823 R797h v.2"},
	{"641/BET", "641 BET"},
	{"599.75  LIO", "599.75 LIO"},
}
