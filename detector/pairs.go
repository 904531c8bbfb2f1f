package detector

import (
	"slices"

	"github.com/leakwatch/leakwatch/queries"
)

// PairPart is the secret half of a credential whose identifier a Finding is (see
// queries.Pairs): its rule, its own preview and where it is in the scanned text. The secret
// itself stays here, as every secret does.
type PairPart struct {
	RuleID     string
	Preview    string
	Start, End int
}

// pairing knows which rules take part in pairs.
type pairing struct {
	pairs []queries.Pair
	// rules are the rule IDs of any pair, ID or secret: only their findings are held back.
	rules map[string]bool
	// uri: some pair takes any finding as a URI's user, so every finding is held back.
	uri bool
}

func newPairing(rules []*queries.Rule) *pairing {
	have := map[string]bool{}
	for _, r := range rules {
		have[r.ID] = true
	}
	p := &pairing{rules: map[string]bool{}}
	for _, pr := range queries.Pairs() {
		if !have[pr.Secret] || pr.ID != "" && !have[pr.ID] {
			continue
		}
		p.pairs = append(p.pairs, pr)
		p.rules[pr.Secret] = true
		if pr.ID != "" {
			p.rules[pr.ID] = true
		}
		p.uri = p.uri || pr.URI
	}
	if len(p.pairs) == 0 {
		return nil
	}
	return p
}

// holds reports whether f must wait for the line's other findings.
func (p *pairing) holds(f Finding) bool { return p.uri || p.rules[f.RuleID] }

// merge joins the pairs among one text's findings. A pair that is ambiguous (two key ids
// and one secret on a line) is left as separate findings: guessing which id goes with the
// secret would file a secret under the wrong credential.
func (p *pairing) merge(text []byte, fs []Finding) []Finding {
	if len(fs) < 2 {
		return fs
	}
	gone := make([]bool, len(fs))
	var byEnd map[int][]int // finding indexes by end, for URI users: built on first need
	for _, pr := range p.pairs {
		for si := range fs {
			s := fs[si]
			if gone[si] || s.RuleID != pr.Secret {
				continue
			}
			ii := -1
			if pr.URI {
				if byEnd == nil {
					byEnd = make(map[int][]int, len(fs))
					for i, f := range fs {
						byEnd[f.End] = append(byEnd[f.End], i)
					}
				}
				ii = uriUser(text, fs, gone, si, byEnd)
			} else {
				ii = only(fs, gone, pr.ID, si, pr.Secret)
			}
			if ii < 0 {
				continue
			}
			fs[ii] = joined(fs[ii], s)
			gone[si] = true
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !gone[i] {
			out = append(out, f)
		}
	}
	return out
}

// only is the index of the one finding of rule id, when the text holds exactly one of it and
// exactly one of the secret's rule (si); else -1.
func only(fs []Finding, gone []bool, id string, si int, secret string) int {
	found := -1
	for i, f := range fs {
		switch {
		case gone[i] || f.Pair != nil:
			continue
		case f.RuleID == id && found >= 0, f.RuleID == secret && i != si:
			return -1
		case f.RuleID == id:
			found = i
		}
	}
	return found
}

// uriUser is the index of the finding that is the user of the URI whose password is fs[si]
// ("//USER:PASSWORD@"), or -1. Only findings ending just before the password's ':' can be
// (byEnd lists them in order): a line of many URIs is not compared pair by pair.
func uriUser(text []byte, fs []Finding, gone []bool, si int, byEnd map[int][]int) int {
	s := fs[si]
	for _, i := range byEnd[s.Start-1] {
		f := fs[i]
		if i == si || gone[i] || f.Pair != nil || f.RuleID == s.RuleID {
			continue
		}
		if f.End+1 == s.Start && f.End < len(text) && text[f.End] == ':' && f.Start >= 2 && string(text[f.Start-2:f.Start]) == "//" {
			return i
		}
	}
	return -1
}

// joined is the identifier's finding standing for the pair: its rule and fingerprint (so the
// credential is one incident whether its secret is beside it or not), the higher severity,
// both previews, and the secret's live-verification verdict when the identifier has none.
func joined(id, s Finding) Finding {
	id.Pair = &PairPart{RuleID: s.RuleID, Preview: s.Preview, Start: s.Start, End: s.End}
	id.Preview = id.Preview + " + " + s.Preview
	if severityRank(s.Severity) > severityRank(id.Severity) {
		id.Severity = s.Severity
	}
	if id.Verified == "" {
		id.Verified, id.VerifyReason = s.Verified, s.VerifyReason
	}
	id.Description += ", with " + s.Description
	return id
}

func severityRank(s queries.Severity) int {
	return slices.Index([]queries.Severity{queries.Low, queries.Medium, queries.High, queries.Critical}, s)
}

// OwnPreview is the identifier's own preview, without its pair's.
func (f Finding) OwnPreview() string {
	if f.Pair == nil {
		return f.Preview
	}
	return f.Preview[:len(f.Preview)-len(" + "+f.Pair.Preview)]
}
