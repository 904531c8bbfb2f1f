package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
	"github.com/leakwatch/leakwatch/sources/elasticsearch/esfake"
	"github.com/leakwatch/leakwatch/sources/loki/lokifake"
)

// hostileMarkup is what log data may hold to make a receiver ping, link or run something.
const hostileMarkup = `<!channel> <!everyone> <https://evil.example/login|Click to rotate> <script>alert(1)</script> @here`

// plantedRecords are the records of the no-escape test, pushed to the Loki fake or a real
// Loki: a token in a label of a stream whose line holds another one; a token in a label of
// a stream whose lines hold no keyword (only a stream-label scan finds it); a key only in
// structured metadata of a line with no keyword (found because the source names that
// attribute in structured_metadata: line filters never see metadata); markup in labels and
// lines.
type plantedRecords struct {
	labelTok, labelOnlyTok, lineTok, metaTok, markupTok string
}

func newPlanted() plantedRecords {
	r := fakesecret.Fresh()
	return plantedRecords{
		labelTok:     fakesecret.GitHub(r, "ghp_"),
		labelOnlyTok: fakesecret.GitHub(r, "ghp_"),
		lineTok:      fakesecret.GitHub(r, "ghp_"),
		metaTok:      fakesecret.AWSKeyID(r),
		markupTok:    fakesecret.GitHub(r, "gho_"),
	}
}

func (p plantedRecords) secrets() []string {
	return []string{p.labelTok, p.labelOnlyTok, p.lineTok, p.metaTok, p.markupTok}
}

// push writes the records, one stream each, at times from at on (ms apart).
func (p plantedRecords) push(t *testing.T, push func(labels map[string]string, e lokifake.Entry) error, at time.Time, run string) {
	t.Helper()
	recs := []struct {
		labels map[string]string
		e      lokifake.Entry
	}{
		{map[string]string{"job": "api", "run": run, "url": "https://api.example.com/cb?token=" + p.labelTok},
			lokifake.Entry{Line: "auth failed for token=" + p.lineTok}},
		{map[string]string{"job": "api", "run": run, "path": "/oauth/cb?access_token=" + p.labelOnlyTok},
			lokifake.Entry{Line: "GET /oauth/cb 302"}},
		{map[string]string{"job": "otel", "run": run},
			lokifake.Entry{Line: "assume role ok", StructuredMetadata: map[string]string{"aws_access_key": p.metaTok}}},
		{map[string]string{"job": "web", "run": run, "msg": hostileMarkup},
			lokifake.Entry{Line: hostileMarkup + " oauth token=" + p.markupTok}},
	}
	for i, rc := range recs {
		rc.e.Time = at.Add(time.Duration(i) * time.Millisecond)
		if err := push(rc.labels, rc.e); err != nil {
			t.Fatal(err)
		}
	}
}

// assertInertBody fails when a receiver's payload carries markup from log data unescaped.
func assertInertBody(t *testing.T, what, body string) {
	t.Helper()
	b := strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(body)
	for _, bad := range []string{"<!channel>", "<!everyone>", "<https://evil", "<script", "@here"} {
		if strings.Contains(b, bad) {
			t.Errorf("%s carries %q unescaped", what, bad)
		}
	}
}

// TestNoSecretEscapes is the invariant test of design invariant 1 against hostile log data:
// secrets planted in stream labels, structured metadata, a file's path and URLs are each an
// incident, and none appears in full in any output: the daemon's stderr at debug level,
// Slack, webhook and Alertmanager bodies, /metrics, the database with its WAL and SHM,
// incidents JSON, reports, SARIF, purge dry runs and delete requests. An Elasticsearch
// document whose index name and _id hold secrets keeps neither in its line id or location. No receiver gets
// unescaped markup, and no purge plan reaches beyond the leaked line.
func TestNoSecretEscapes(t *testing.T) {
	p := newPlanted()
	fake := lokifake.New(lokifake.Options{})
	fake.EnableDeletion(lokifake.DeletionFilterAndDelete)
	at := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Millisecond)
	p.push(t, func(l map[string]string, e lokifake.Entry) error { return fake.Push("fake", l, e) }, at, "fake")
	lokiSrv := httptest.NewServer(fake)
	defer lokiSrv.Close()
	noSecretEscapes(t, p, lokiSrv.URL, "", `{run="fake"}`, func(t *testing.T) []string {
		var qs []string
		for _, r := range fake.DeleteRequests() {
			qs = append(qs, r.Query)
		}
		return qs
	})
}

// TestNoSecretEscapesRealLoki is TestNoSecretEscapes against the Loki at
// LEAKWATCH_TEST_LOKI_URL, where stream labels, service_name and structured metadata are
// Loki's own. A Loki with deletion enabled also lists the delete requests the purges sent.
func TestNoSecretEscapesRealLoki(t *testing.T) {
	base, tenant := lokifake.RealLoki(t)
	p := newPlanted()
	run := fmt.Sprintf("noleak-%d", time.Now().UnixNano())
	at := time.Now().UTC().Add(-10 * time.Minute).Truncate(time.Millisecond)
	p.push(t, func(l map[string]string, e lokifake.Entry) error {
		return lokifake.PushJSONTo(context.Background(), base, tenant, pushJSON(l, e))
	}, at, run)
	noSecretEscapes(t, p, base, tenant, fmt.Sprintf(`{run=%q}`, run), func(t *testing.T) []string {
		req, _ := http.NewRequest(http.MethodGet, base+"/loki/api/v1/delete", nil)
		if tenant != "" {
			req.Header.Set("X-Scope-OrgID", tenant)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Logf("this Loki lists no delete requests (%s): deletion is off", resp.Status)
			return nil
		}
		var list []struct {
			Query string `json:"query"`
		}
		if err := json.NewDecoder(resp.Body).Decode(&list); err != nil {
			t.Fatal(err)
		}
		var qs []string
		for _, d := range list {
			if strings.Contains(d.Query, run) {
				qs = append(qs, d.Query)
			}
		}
		return qs
	})
}

// pushJSON is Loki's JSON push body for one entry, with its structured metadata.
func pushJSON(labels map[string]string, e lokifake.Entry) string {
	v := []any{fmt.Sprint(e.Time.UnixNano()), e.Line}
	if len(e.StructuredMetadata) > 0 {
		v = append(v, e.StructuredMetadata)
	}
	b, _ := json.Marshal(map[string]any{"streams": []any{map[string]any{"stream": labels, "values": []any{v}}}})
	return string(b)
}

// noSecretEscapes runs the daemon over the planted records in the Loki at lokiURL (selector
// sel) and a token-named file directory, then checks every output; deletes lists the
// queries of the delete requests the Loki received.
func noSecretEscapes(t *testing.T, p plantedRecords, lokiURL, tenant, sel string, deletes func(*testing.T) []string) {
	ctx := context.Background()
	s := newSetup(t, "1h")
	var am syncBuf
	amSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		am.Write(append(b, '\n'))
	}))
	defer amSrv.Close()
	// A secret in a directory name: file paths are log data too.
	pathTok := fakesecret.GitHub(fakesecret.Fresh(), "ghp_")
	pathLineTok := fakesecret.Stripe(fakesecret.Fresh(), 24)
	fileDir := filepath.Join(s.dir, "tok-"+pathTok)
	writeFile(t, filepath.Join(fileDir, "app.log"), "charge with sk="+pathLineTok+"\n", 0o644)
	// Secrets in an Elasticsearch document's index name and _id (chosen by whoever indexes the
	// log): each is an incident, and the line id, location, link and purge must not keep them.
	rnd := fakesecret.Fresh()
	esIndexTok := "dop_v1_" + fakesecret.From(rnd, "0123456789abcdef", 64) // lower case, as index names are
	esIDTok, esLineTok := fakesecret.GitHub(rnd, "ghp_"), fakesecret.Stripe(rnd, 24)
	es := esfake.New(esfake.Options{})
	if err := es.Add("logs-"+esIndexTok, "req-"+esIDTok, map[string]any{
		"@timestamp": time.Now().UTC().Add(-10 * time.Minute).Format(time.RFC3339Nano), "message": "charge with sk=" + esLineTok,
	}); err != nil {
		t.Fatal(err)
	}
	esSrv := httptest.NewServer(es)
	defer esSrv.Close()
	secrets := append(p.secrets(), pathTok, pathLineTok, esIndexTok, esIDTok, esLineTok)
	cfg, err := os.ReadFile(s.cfg)
	if err != nil {
		t.Fatal(err)
	}
	config := strings.Replace(string(cfg), "alerting:\n", fmt.Sprintf(`  - name: prod-loki
    type: loki
    interval: 1s
    loki:
      url: %s
      tenant: %q
      selectors: [%q]
      structured_metadata: [aws_access_key]
      grafana_url: https://grafana.example.com
      datasource_uid: loki-uid
  - name: tokdir
    type: file
    file: {paths: [%q]}
    interval: 1s
  - name: es-prod
    type: elasticsearch
    interval: 1s
    elasticsearch:
      urls: [%q]
      index: "logs-*"
      kibana_url: https://kibana.example.com
      data_view_id: logs-view
alerting:
  alertmanager: {urls: [%q], resend_interval: 1h}
`, lokiURL, tenant, sel, filepath.Join(fileDir, "*.log"), esSrv.URL, amSrv.URL), 1)
	writeFile(t, s.cfg, config, 0o644)

	const wantIncidents = 10 // 5 in Loki, 2 by the file in the token-named directory, 3 in Elasticsearch (line, index name, _id)
	d := startDaemon(t, "--config", s.cfg)
	waitFor(t, "one Slack message per incident", func() bool { return len(s.slack.messages()) >= wantIncidents }, d)
	waitFor(t, "the webhook and Alertmanager posts", func() bool {
		return strings.Count(s.hooks.String(), `"incident_id"`) >= wantIncidents && strings.Count(am.String(), `"incident_id"`) >= wantIncidents
	}, d)
	metrics := d.metrics()
	d.stop()

	outputs := map[string]string{
		"daemon stderr (debug)": d.stderr.String(),
		"slack bodies":          s.slack.rawBody(),
		"webhook bodies":        s.hooks.String(),
		"alertmanager bodies":   am.String(),
		"/metrics":              metrics,
	}
	for i, m := range s.slack.messages() {
		assertInertBody(t, fmt.Sprintf("slack message %d text", i), m.Text)
		assertInertBody(t, fmt.Sprintf("slack message %d blocks", i), m.Blocks)
	}
	assertInertBody(t, "webhook bodies", s.hooks.String())
	assertInertBody(t, "alertmanager bodies", am.String())

	code, list, errOut := lw(t, ctx, "incidents", "list", "--format", "json", "--config", s.cfg)
	if code != 0 {
		t.Fatalf("incidents list: %d %s", code, errOut)
	}
	outputs["incidents list json"] = list + errOut
	type incident struct {
		ID        int64 `json:"id"`
		Locations []struct {
			Location string `json:"location"`
		} `json:"locations"`
	}
	var incidents []incident
	dec := json.NewDecoder(strings.NewReader(list))
	for dec.More() {
		var in incident
		if err := dec.Decode(&in); err != nil {
			t.Fatalf("incidents list: %v\n%s", err, list)
		}
		incidents = append(incidents, in)
	}
	if len(incidents) != wantIncidents {
		t.Errorf("%d incidents, want %d (one per planted secret):\n%s", len(incidents), wantIncidents, list)
	}
	var label, meta int
	for _, in := range incidents {
		id := fmt.Sprint(in.ID)
		for _, args := range [][]string{
			{"incidents", "show", id, "--format", "json"},
			{"incidents", "purge", id, "--dry-run"},
		} {
			code, out, errOut := lw(t, ctx, append(args, "--config", s.cfg)...)
			outputs[strings.Join(args, " ")] = out + errOut
			if args[1] == "show" && code != 0 {
				t.Errorf("%v: %d %s", args, code, errOut)
			}
		}
		for _, l := range in.Locations {
			switch {
			case strings.HasPrefix(l.Location, "label "):
				label++
			case strings.HasPrefix(l.Location, "structured metadata "):
				meta++
			}
		}
	}
	// Two stream labels, and the file's path (the file source's path label).
	if label != 3 || meta != 1 {
		t.Errorf("%d incidents located in a label, %d in metadata; want 3 and 1:\n%s", label, meta, list)
	}
	for _, in := range incidents {
		id := fmt.Sprint(in.ID)
		code, out, errOut := lw(t, ctx, "incidents", "purge", id, "--wait", "0", "--config", s.cfg)
		outputs["incidents purge "+id] = out + errOut
		if testing.Verbose() {
			t.Logf("purge %s: exit %d\n%s", id, code, out)
		}
	}
	esPurged := false
	for name, out := range outputs {
		if strings.HasPrefix(name, "incidents purge ") && !strings.HasSuffix(name, "--dry-run") && strings.Contains(out, "source es-prod") {
			// Found again by its time and hash: its recorded location was redacted.
			esPurged = esPurged || strings.Contains(out, "document of line es:") && strings.Contains(out, "200 deleted")
		}
	}
	if !esPurged {
		t.Error("the Elasticsearch document with secrets in its names was not purged")
	}
	sent := deletes(t)
	t.Logf("%d incidents (%d in a label, %d in structured metadata); %d delete request(s) received by Loki", len(incidents), label, meta, len(sent))
	for i, q := range sent {
		outputs[fmt.Sprint("delete request ", i)] = q
		if !strings.Contains(q, "|=") {
			t.Errorf("delete request %q has no line filter: it would delete more than the leaked line", q)
		}
		for _, label := range []string{"url=", "path="} {
			if strings.Contains(q, label) {
				t.Errorf("delete request %q names label %s, which held a secret", q, label)
			}
		}
	}
	_, table, errOut := lw(t, ctx, "incidents", "list", "--config", s.cfg)
	outputs["incidents list table"] = table + errOut
	for _, f := range []string{"md", "json", "html"} {
		_, out, errOut := lw(t, ctx, "report", "--format", f, "--config", s.cfg)
		outputs["report "+f] = out + errOut
	}
	for _, f := range []string{"text", "json", "sarif"} {
		_, out, errOut := lw(t, ctx, "scan", "--format", f, filepath.Join(fileDir, "app.log"))
		outputs["scan "+f] = out + errOut
		if !strings.Contains(out, "stripe") && !strings.Contains(out, "sk_live") {
			t.Errorf("scan %s found nothing in the token-named directory:\n%s", f, out)
		}
	}
	for name, out := range outputs {
		for _, sec := range secrets {
			if strings.Contains(out, url.QueryEscape(sec)) && !strings.Contains(out, sec) {
				t.Errorf("a planted secret appears URL-encoded in %s", name)
			}
		}
	}
	auditNoSecret(t, secrets, outputs, filepath.Join(s.dir, "data"))
}
