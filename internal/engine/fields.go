package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"unsafe"

	"github.com/leakwatch/leakwatch/detector"
	"github.com/leakwatch/leakwatch/internal/state"
	"github.com/leakwatch/leakwatch/sources"
)

// found is one finding of a record, with where it was: kind and name of the field ("" for
// the text) and the scanned text it lies in.
type found struct {
	f    detector.Finding
	kind sources.FieldKind
	name string
	text []byte
	// value is a shared field's value (sources.Field.Shared), which names its sighting.
	value  string
	shared bool
}

// labelsSeen is what a page's scan already knows of stream labels: the label sets scanned
// (by map identity: a Loki stream's lines share one map) and the label values recorded.
type labelsSeen struct {
	sets     map[unsafe.Pointer]bool
	recorded map[string]bool
}

func newLabelsSeen() *labelsSeen {
	return &labelsSeen{sets: map[unsafe.Pointer]bool{}, recorded: map[string]bool{}}
}

// labelID is the sighting id of a label or another shared field (an index name): its secret
// is one sighting of the value, whichever stream, line or window it was read with (a stream's
// labels come with each of its lines and again from the series API).
func labelID(name, value string) string {
	h := sha256.New()
	h.Write([]byte(name))
	h.Write([]byte{0})
	h.Write([]byte(value))
	return "label:" + hex.EncodeToString(h.Sum(nil)[:16])
}

// record scans every part of line l (text, fields, and its labels unless seen has them)
// and appends a sighting per finding. Log data is hostile: a label or a metadata value can
// hold a secret as well as the line, and the location and link name the stream by its
// labels, so both are cleared of every secret the record holds before they are kept.
func record(det *detector.Detector, source string, l *sources.Line, seen *labelsSeen, out []state.Sighting) []state.Sighting {
	var fs []found
	if !l.StreamOnly {
		text := l.Text
		det.Scan(text, l.Overlap, func(f detector.Finding) { fs = append(fs, found{f: f, text: text}) })
		for _, fd := range l.Fields {
			text := []byte(fd.Name + "=" + fd.Value)
			kind := fd.Kind
			if kind == "" {
				kind = sources.InMetadata
			}
			det.Scan(text, 0, func(f detector.Finding) {
				fs = append(fs, found{f: f, kind: kind, name: fd.Name, text: text, value: fd.Value, shared: fd.Shared})
			})
		}
	}
	if len(l.Labels) > 0 {
		set := reflect.ValueOf(l.Labels).UnsafePointer()
		// Scanned once per page, and always when the line has a finding: the labels'
		// secrets must be known to clear them from this line's location.
		if !seen.sets[set] || len(fs) > 0 {
			seen.sets[set] = true
			keys := make([]string, 0, len(l.Labels))
			for k := range l.Labels {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			for _, k := range keys {
				text := []byte(k + "=" + l.Labels[k])
				det.Scan(text, 0, func(f detector.Finding) {
					fs = append(fs, found{f: f, kind: sources.InLabel, name: k, text: text, value: l.Labels[k], shared: true})
				})
			}
		}
	}
	if len(fs) == 0 {
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
		if x.shared {
			sg.LineID = labelID(x.name, x.value)
			if seen.recorded[sg.LineID+x.f.Fingerprint] {
				continue // recorded from an earlier line of this page
			}
			seen.recorded[sg.LineID+x.f.Fingerprint] = true
		}
		out = append(out, sg)
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
