package filepermissions

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/leakwatch/leakwatch/sources"
)

// Rule is the rule id of audit violations.
const Rule = "file-permissions"

// Findings turns an audit's result into the findings the engine records: one incident per
// path (its fingerprint is a hash of the path), a new sighting when its mode or owner
// changes (the line id hashes them), metadata only: path, link target, mode and owner.
func Findings(res Result) sources.AuditResult {
	out := sources.AuditResult{Checked: int64(res.Checked), Incomplete: res.Errors}
	for _, n := range res.Notes {
		out.Notes = append(out.Notes, n.Path+": "+n.Reason)
	}
	for _, v := range res.Violations {
		loc := v.Path
		if v.Target != "" {
			loc += " -> " + v.Target
		}
		id := sha256.Sum256([]byte(Rule + "\x00" + v.Path))
		lid := sha256.Sum256([]byte(v.Path + "\x00" + v.Mode + "\x00" + v.Owner))
		out.Findings = append(out.Findings, sources.AuditFinding{
			Rule: Rule, Severity: "high",
			Description: "Secret file readable beyond its allowed mode or owner: " + strings.Join(v.Problems, "; "),
			Fingerprint: hex.EncodeToString(id[:]), Preview: "mode " + v.Mode + ", owner " + v.Owner,
			LineID: "audit:" + hex.EncodeToString(lid[:16]), Location: loc,
		})
	}
	return out
}

// Audit runs one audit over every glob and returns its findings (sources.Auditor).
func (s *Source) Audit(ctx context.Context) (sources.AuditResult, error) {
	res, err := s.Check(ctx)
	if err != nil {
		return sources.AuditResult{}, err
	}
	out := Findings(res)
	if s.redact != nil {
		for _, texts := range [][]string{out.Notes, out.Incomplete} {
			for i := range texts {
				texts[i] = s.redact(texts[i])
			}
		}
	}
	return out, nil
}
