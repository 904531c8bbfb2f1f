package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"slices"
	"strings"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// found is one finding of a record, with where it was: kind and name of the field ("" for
// the text) and the scanned text it lies in.
type found struct {
	f          detector.Finding
	kind, name string
	text       []byte
}

// record scans every part of line l (text, fields, and its labels unless labelsSeen holds
// them) and appends a sighting per finding. Log data is hostile: a label or a metadata
// value can hold a secret as well as the line, and the location and link name the stream by
// its labels, so both are cleared of every secret the record holds before they are kept.
func record(det *detector.Detector, source string, l *sources.Line, labelsSeen map[string]bool, out []state.Sighting) []state.Sighting {
	var fs []found
	if !l.StreamOnly {
		text := l.Text
		det.Scan(text, l.Overlap, func(f detector.Finding) { fs = append(fs, found{f: f, text: text}) })
		for _, fd := range l.Fields {
			text := []byte(fd.Name + "=" + fd.Value)
			det.Scan(text, 0, func(f detector.Finding) {
				fs = append(fs, found{f: f, kind: sources.InMetadata, name: fd.Name, text: text})
			})
		}
	}
	var labelsID string
	if len(l.Labels) > 0 {
		keys := make([]string, 0, len(l.Labels))
		for k := range l.Labels {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		h := sha256.New()
		for _, k := range keys {
			h.Write([]byte(k))
			h.Write([]byte{0})
			h.Write([]byte(l.Labels[k]))
			h.Write([]byte{0})
		}
		labelsID = "labels:" + hex.EncodeToString(h.Sum(nil)[:16])
		// Scanned once per page, and always when the line has a finding: the labels'
		// secrets must be known to clear them from this line's location.
		if !labelsSeen[labelsID] || len(fs) > 0 {
			for _, k := range keys {
				text := []byte(k + "=" + l.Labels[k])
				det.Scan(text, 0, func(f detector.Finding) {
					fs = append(fs, found{f: f, kind: sources.InLabel, name: k, text: text})
				})
			}
		}
	}
	if len(fs) == 0 {
		if labelsID != "" {
			labelsSeen[labelsID] = true
		}
		return out
	}
	loc, link := clean(det, l.Location, l.Link, fs)
	for _, x := range fs {
		sg := state.Sighting{
			Source: source, LineID: l.ID, RuleID: x.f.RuleID, Severity: string(x.f.Severity),
			Description: x.f.Description, Fingerprint: x.f.Fingerprint, Preview: x.f.Preview,
			EventTime: l.Time, Location: loc, Link: link,
			Verified: x.f.Verified, VerifyReason: x.f.VerifyReason,
		}
		if x.kind != "" {
			sg.Location = sources.FieldLocation(x.kind, det.Redact(x.name), loc)
		}
		if x.kind == sources.InLabel {
			if labelsSeen[labelsID] {
				continue // recorded from an earlier line of this page
			}
			// A label is the stream's, not the line's: one sighting per stream.
			sg.LineID = labelsID
		}
		out = append(out, sg)
	}
	if labelsID != "" {
		labelsSeen[labelsID] = true
	}
	return out
}

// clean returns loc and link with every secret of fs replaced by its preview, and any other
// secret the detector recognises masked as well. A link that still holds a secret after that
// (encoded in a way no replacement reaches) is dropped: the location names the line anyway.
func clean(det *detector.Detector, loc, link string, fs []found) (string, string) {
	var rep []string
	for _, x := range fs {
		secret := string(x.text[x.f.Start:x.f.End])
		rep = append(rep, secret, "["+x.f.Preview+"]")
	}
	r := strings.NewReplacer(rep...)
	loc = det.Redact(r.Replace(loc))
	if link == "" {
		return loc, ""
	}
	for _, x := range fs {
		secret := string(x.text[x.f.Start:x.f.End])
		if strings.Contains(link, secret) || strings.Contains(link, url.QueryEscape(secret)) || strings.Contains(link, url.PathEscape(secret)) {
			return loc, ""
		}
	}
	if u, err := url.QueryUnescape(link); err != nil || det.Redact(u) != u || det.Redact(link) != link {
		return loc, ""
	}
	return loc, link
}
