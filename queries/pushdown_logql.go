package queries

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// LogQLLineFilter builds the LogQL line filter that keeps every line containing at least one
// keyword: exact keywords compared case-sensitively, ignoreCase ones in any ASCII case. It
// returns "" when there is no keyword (every line is wanted). The result goes right after the
// stream selector: `{app="x"} ` + LogQLLineFilter(…).
//
// Chained LogQL filters are ANDed, so the keywords must fit in one stage:
//   - only exact keywords: `|= "AKIA" or "ghp_" or …`, Loki's literal filter (several times
//     faster than a regexp);
//   - any case-insensitive keyword: one `|~` alternation, exact keywords quoted and
//     case-insensitive ones scoped as (?i:…). LogQL cannot OR a `|=` with a `|~`. Loki rewrites
//     an alternation of literals (with or without (?i)) into substring filters, so this
//     stays a literal scan, though case folding roughly doubles its cost.
//
// Keywords that contain another keyword are dropped (a line with "ghp_x" also contains
// "ghp_"): fewer alternatives, and no prefix pairs that would stop Loki's rewrite.
func LogQLLineFilter(exact, ignoreCase []string) string {
	exact, ignoreCase = minimalKeywords(exact, ignoreCase)
	if len(exact) == 0 && len(ignoreCase) == 0 {
		return ""
	}
	var b strings.Builder
	if len(ignoreCase) == 0 {
		b.WriteString("|= ")
		for i, k := range exact {
			if i > 0 {
				b.WriteString(" or ")
			}
			b.WriteString(strconv.Quote(k))
		}
		return b.String()
	}
	alts := make([]string, 0, len(exact)+len(ignoreCase))
	for _, k := range exact {
		alts = append(alts, regexp.QuoteMeta(k))
	}
	for _, k := range ignoreCase {
		alts = append(alts, "(?i:"+regexp.QuoteMeta(k)+")")
	}
	return "|~ " + strconv.Quote(strings.Join(alts, "|"))
}

// minimalKeywords drops empty and duplicate keywords and every keyword that contains another
// one under the other's case rule, keeping the set of lines matched unchanged. The result
// is sorted for a stable query text.
func minimalKeywords(exact, ignoreCase []string) ([]string, []string) {
	ex := uniq(exact)
	ic := uniq(ignoreCase)
	icLower := make([]string, len(ic))
	for i, k := range ic {
		icLower[i] = strings.ToLower(k)
	}
	keepIC := ic[:0:0]
	for i, k := range icLower {
		redundant := false
		for j, o := range icLower {
			// drop k if it contains o; among equal lowercased forms keep the first
			if j != i && strings.Contains(k, o) && (k != o || j < i) {
				redundant = true
				break
			}
		}
		if !redundant {
			keepIC = append(keepIC, ic[i])
		}
	}
	keepEx := ex[:0:0]
	for i, k := range ex {
		redundant := false
		for j, o := range ex {
			if j != i && strings.Contains(k, o) {
				redundant = true
				break
			}
		}
		lk := strings.ToLower(k)
		for _, o := range icLower {
			if strings.Contains(lk, o) {
				redundant = true
				break
			}
		}
		if !redundant {
			keepEx = append(keepEx, k)
		}
	}
	return keepEx, keepIC
}

func uniq(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, k := range in {
		if k != "" && !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
