package elasticsearch

import (
	"fmt"
	"strings"

	"github.com/leakwatch/leakwatch/pushdown"
)

// fieldType is how the searched message field is mapped in Elasticsearch / OpenSearch. It
// decides which query can find a keyword without losing a document.
type fieldType string

const (
	// fieldText: a `text` field with the standard analyzer (the dynamic-mapping default for
	// `message`). Only whole lowercase tokens are indexed.
	fieldText fieldType = "text"
	// fieldKeyword: a `keyword` field. Values longer than ignore_above (256 with dynamic
	// mapping) are not indexed at all.
	fieldKeyword fieldType = "keyword"
	// fieldWildcard: the `wildcard` field type (ES 7.9+, OpenSearch 2.15+): grep-like matching
	// over whole values of any length.
	fieldWildcard fieldType = "wildcard"
)

// parseFieldType validates a field type name.
func parseFieldType(s string) (fieldType, error) {
	switch fieldType(s) {
	case fieldText, fieldKeyword, fieldWildcard:
		return fieldType(s), nil
	}
	return "", fmt.Errorf("unknown field type %q (want text, keyword or wildcard)", s)
}

// keywordPlan is how one keyword is searched on one field.
type keywordPlan struct {
	// Clauses must all match (a conjunction); nil when the keyword cannot be pushed down.
	Clauses []map[string]any
	// Summary is a short human form ("*akia*", "term xoxb"), or why there is no pushdown.
	Summary string
	OK      bool
}

// keywordFilter is the store-side filter for a set of keywords.
type keywordFilter struct {
	// Query keeps every document whose searched fields contain any keyword; nil means the
	// store cannot filter soundly and every document of the window must be read.
	Query map[string]any
	// Unpushable lists the keywords that forced Query to nil (keywords are public prefixes,
	// never secrets, so they may be logged).
	Unpushable []string
}

// keywordQuery builds the filter that keeps every document whose fields contain at least
// one keyword (under its case rule), for the given mapping of those fields. It never loses a
// document that contains a keyword: a keyword that cannot be expressed soundly turns the whole
// filter off (Query nil), because keywords are ORed and one "everything" makes all of it
// everything. No keywords also means everything.
//
// text fields (standard analyzer) — a keyword is split into runs of [A-Za-z0-9_], the
// characters the tokenizer never splits. For each run the query on the token depends on what
// surrounds the run inside the keyword:
//   - a "hard" separator (space, - = / @ " and the like) always ends a token;
//   - the keyword's first/last run, or one next to . : ' , ; (which join letters or digits
//     under UAX#29: "x.AKIA…", "key:AKIA…" are one token), may be glued to more text.
//
// So a run with hard separators on both sides is a `term`, hard before only a `prefix`,
// hard after only `*run`, neither `*run*`; the keyword's clauses are ANDed. A prefix query
// on "akia" alone would miss "%3DAKIA…" (URL-encoded "=") and "\nAKIA…" (an escaped
// newline), which are tokens "3dakia…" and "nakia…" — lines the detector does report — so the
// first run of a keyword always gets a leading wildcard. Tokens longer than the tokenizer's
// max_token_length (255) are cut, and a keyword across such a cut is not found (documented).
//
// keyword fields — `*keyword*` wildcard, case_insensitive when the keyword is, ORed with
// "the field has no indexed value" (must_not exists): values longer than ignore_above are not
// indexed, so that branch reads them all rather than silently skipping long lines.
//
// wildcard fields — `*keyword*` wildcard over the whole value.
func keywordQuery(kws []pushdown.Literal, ft fieldType, fields []string) (keywordFilter, error) {
	if _, err := parseFieldType(string(ft)); err != nil {
		return keywordFilter{}, err
	}
	if len(fields) == 0 {
		return keywordFilter{}, fmt.Errorf("elasticsearch pushdown: no field to search")
	}
	var exact, fold []string
	for _, k := range kws {
		if k.IgnoreCase {
			fold = append(fold, k.Text)
		} else {
			exact = append(exact, k.Text)
		}
	}
	exact, fold = pushdown.MinimalKeywords(exact, fold)
	if len(exact)+len(fold) == 0 {
		return keywordFilter{}, nil
	}
	all := make([]pushdown.Literal, 0, len(exact)+len(fold))
	for _, k := range exact {
		all = append(all, pushdown.Literal{Text: k})
	}
	for _, k := range fold {
		all = append(all, pushdown.Literal{Text: k, IgnoreCase: true})
	}
	var should []any
	seen := map[string]bool{}
	var unpushable []string
	for _, f := range fields {
		for _, k := range all {
			p := planKeyword(k, ft, f)
			if !p.OK {
				if f == fields[0] {
					unpushable = append(unpushable, k.Text)
				}
				continue
			}
			key := fmt.Sprint(p.Clauses)
			if seen[key] {
				continue
			}
			seen[key] = true
			if len(p.Clauses) == 1 {
				should = append(should, p.Clauses[0])
			} else {
				filter := make([]any, len(p.Clauses))
				for i, c := range p.Clauses {
					filter[i] = c
				}
				should = append(should, map[string]any{"bool": map[string]any{"filter": filter}})
			}
		}
		if ft == fieldKeyword {
			should = append(should, map[string]any{"bool": map[string]any{
				"must_not": []any{map[string]any{"exists": map[string]any{"field": f}}},
			}})
		}
	}
	if len(unpushable) > 0 {
		return keywordFilter{Unpushable: unpushable}, nil
	}
	return keywordFilter{Query: map[string]any{"bool": map[string]any{
		"should":               should,
		"minimum_should_match": 1,
	}}}, nil
}

// planKeyword is the query for one keyword on one field (see keywordQuery).
func planKeyword(k pushdown.Literal, ft fieldType, field string) keywordPlan {
	if k.Text == "" {
		return keywordPlan{Summary: "none: empty keyword"}
	}
	switch ft {
	case fieldKeyword, fieldWildcard:
		v := "*" + escapeESWildcard(k.Text) + "*"
		return keywordPlan{
			Clauses: []map[string]any{multiTerm("wildcard", field, v, k.IgnoreCase)},
			Summary: v, OK: true,
		}
	}
	return planText(k.Text, field)
}

func planText(kw, field string) keywordPlan {
	for i := 0; i < len(kw); i++ {
		if kw[i] >= 0x80 {
			// Non-ASCII letters join tokens in ways this model does not follow.
			return keywordPlan{Summary: "none: non-ASCII keyword"}
		}
	}
	lower := strings.ToLower(kw)
	var clauses []map[string]any
	var summary []string
	for s := 0; s < len(lower); {
		if !isTokenChar(lower[s]) {
			s++
			continue
		}
		e := s
		for e < len(lower) && isTokenChar(lower[e]) {
			e++
		}
		run := lower[s:e]
		startHard := s > 0 && !mayJoin(lower, s-1)
		endHard := e < len(lower) && !mayJoin(lower, e)
		s = e
		if strings.Trim(run, "_") == "" {
			continue // underscores alone are not emitted as a token
		}
		switch {
		case startHard && endHard:
			clauses = append(clauses, map[string]any{"term": map[string]any{field: map[string]any{"value": run}}})
			summary = append(summary, "term "+run)
		case startHard:
			clauses = append(clauses, multiTerm("prefix", field, run, true))
			summary = append(summary, run+"*")
		case endHard:
			clauses = append(clauses, multiTerm("wildcard", field, "*"+run, true))
			summary = append(summary, "*"+run)
		default:
			clauses = append(clauses, multiTerm("wildcard", field, "*"+run+"*", true))
			summary = append(summary, "*"+run+"*")
		}
	}
	if len(clauses) == 0 {
		return keywordPlan{Summary: "none: no letters or digits"}
	}
	return keywordPlan{Clauses: clauses, Summary: strings.Join(summary, " AND "), OK: true}
}

// multiTerm is a prefix or wildcard query; case_insensitive needs ES 7.10+ / OpenSearch 1+.
func multiTerm(kind, field, value string, fold bool) map[string]any {
	body := map[string]any{"value": value}
	if fold {
		body["case_insensitive"] = true
	}
	return map[string]any{kind: map[string]any{field: body}}
}

// isTokenChar: characters the standard tokenizer never splits between (ASCII).
func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// mayJoin reports whether the separator kw[i] (not a token character) may sit inside a
// token. Under UAX#29, '.', ':', '\”, ',' and ';' join when a letter or digit is on both
// sides (which ones join letters or digits varies: counted as joining either way); every
// other ASCII separator always ends a token. Outside the keyword the neighbour is unknown.
func mayJoin(kw string, i int) bool {
	switch kw[i] {
	case '.', ':', '\'', ',', ';':
	default:
		return false
	}
	alnum := func(j int) bool {
		if j < 0 || j >= len(kw) {
			return true // unknown text outside the keyword
		}
		c := kw[j]
		return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	return alnum(i-1) && alnum(i+1)
}

func escapeESWildcard(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '\\':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
