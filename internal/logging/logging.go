// Package logging builds leakwatch's slog logger. Redaction is the logger's default, not each
// caller's duty: attributes whose key names a credential or raw log content are masked, and
// every string that reaches the handler (message and values) is passed through a Redactor,
// which masks anything the secret catalogue recognises.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Redactor masks secrets in a string (the detector-backed one masks every catalogue match).
type Redactor func(string) string

// Options configure New.
type Options struct {
	Format string // text or json
	Level  string // debug, info, warn, error
	Redact Redactor
}

// New returns a redacting logger writing to w.
func New(w io.Writer, o Options) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(orDefault(o.Level, "info"))); err != nil {
		return nil, fmt.Errorf("log.level: %w", err)
	}
	ho := &slog.HandlerOptions{Level: lvl}
	var h slog.Handler
	switch orDefault(o.Format, "text") {
	case "text":
		h = slog.NewTextHandler(w, ho)
	case "json":
		h = slog.NewJSONHandler(w, ho)
	default:
		return nil, fmt.Errorf("log.format: %q: want text or json", o.Format)
	}
	return slog.New(&handler{next: h, redact: o.Redact}), nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// sensitiveKeys are attribute keys whose values are never logged.
var sensitiveKeys = []string{"token", "password", "passwd", "secret", "authorization", "api_key", "apikey", "credential", "cookie", "line", "text", "body", "raw"}

// Sensitive reports whether an attribute key names a credential or raw log content.
func Sensitive(key string) bool {
	k := strings.ToLower(key)
	for _, s := range sensitiveKeys {
		if k == s || strings.HasSuffix(k, "_"+s) || strings.HasSuffix(k, "."+s) {
			return true
		}
	}
	return false
}

type handler struct {
	next   slog.Handler
	redact Redactor
}

func (h *handler) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h *handler) Handle(ctx context.Context, r slog.Record) error {
	nr := slog.NewRecord(r.Time, r.Level, h.str(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		nr.AddAttrs(h.attr(a))
		return true
	})
	return h.next.Handle(ctx, nr)
}

func (h *handler) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = h.attr(a)
	}
	return &handler{next: h.next.WithAttrs(out), redact: h.redact}
}

func (h *handler) WithGroup(name string) slog.Handler {
	return &handler{next: h.next.WithGroup(name), redact: h.redact}
}

func (h *handler) str(s string) string {
	if h.redact == nil {
		return s
	}
	return h.redact(s)
}

func (h *handler) attr(a slog.Attr) slog.Attr {
	if Sensitive(a.Key) {
		return slog.String(a.Key, "[redacted]")
	}
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, h.str(v.String()))
	case slog.KindGroup:
		as := v.Group()
		out := make([]slog.Attr, len(as))
		for i, g := range as {
			out[i] = h.attr(g)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		if err, ok := v.Any().(error); ok {
			return slog.String(a.Key, h.str(err.Error()))
		}
		return slog.String(a.Key, h.str(fmt.Sprint(v.Any())))
	default:
		return slog.Attr{Key: a.Key, Value: v}
	}
}
