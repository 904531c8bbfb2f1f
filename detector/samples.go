package detector

import (
	"fmt"

	"github.com/leakwatch/leakwatch/queries"
)

// CheckSamples runs r alone over its samples: each match line must give at least one finding,
// each no-match line none. The error names the sample by list and index, never its text.
func CheckSamples(r *queries.Rule, match, noMatch []string) error {
	// Fingerprints are not needed: a throwaway key avoids the stable function's cost.
	d, err := New([]*queries.Rule{r}, Options{Key: []byte("samples"), Redaction: RedactFull})
	if err != nil {
		return err
	}
	count := func(s string) int {
		n := 0
		d.Scan([]byte(s), 0, func(Finding) { n++ })
		return n
	}
	for i, s := range match {
		if count(s) == 0 {
			return fmt.Errorf("samples.match[%d]: the rule reports no secret on this line", i)
		}
	}
	for i, s := range noMatch {
		if count(s) > 0 {
			return fmt.Errorf("samples.no_match[%d]: the rule reports a secret on this line", i)
		}
	}
	return nil
}
