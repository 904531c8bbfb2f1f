package app

import (
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch/internal/config"
	"github.com/leakwatch/leakwatch/sources/elasticsearch"
	"github.com/leakwatch/leakwatch/sources/file"
	"github.com/leakwatch/leakwatch/sources/filepermissions"
	"github.com/leakwatch/leakwatch/sources/loki"
	"gopkg.in/yaml.v3"
)

// TestBuildSource: each type's block builds its backend's source, with no network call.
func TestBuildSource(t *testing.T) {
	cases := []struct {
		name, source string
		want         string // the source's Go type
	}{
		{"file", "{name: f, type: file, file: {paths: [/var/log/*.log]}}", fmt.Sprintf("%T", &file.Source{})},
		{"file_permissions without a block", "{name: p, type: file_permissions}", fmt.Sprintf("%T", &filepermissions.Source{})},
		{"loki", "{name: l, type: loki, loki: {url: 'http://loki:3100', basic_auth: {username: u, password: p}}}", fmt.Sprintf("%T", &loki.Source{})},
		{"elasticsearch", "{name: e, type: elasticsearch, elasticsearch: {urls: ['http://es:9200'], index: logs-*, authorization: {type: ApiKey, credentials: k}}}", fmt.Sprintf("%T", &elasticsearch.Source{})},
		{"opensearch with sigv4", "{name: o, type: opensearch, opensearch: {urls: ['https://search.eu-west-1.es.amazonaws.com'], index: logs-*, tiebreaker_field: event.id, " +
			"sigv4: {region: eu-west-1, access_key: AKIAIOSFODNN7EXAMPLE, secret_key: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY}}}", fmt.Sprintf("%T", &elasticsearch.Source{})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := config.Parse([]byte("sources: ["+tc.source+"]\n"), func(string) (string, bool) { return "", false })
			if err != nil {
				t.Fatal(err)
			}
			src, err := BuildSource(cfg.Sources[0], cfg, slog.New(slog.DiscardHandler), nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprintf("%T", src); got != tc.want || src.Name() != cfg.Sources[0].Name {
				t.Errorf("built %s named %q, want %s named %q", got, src.Name(), tc.want, cfg.Sources[0].Name)
			}
			// A dumped config (the YAML of a source) masks every secret, the blocks' included.
			out, err := yaml.Marshal(cfg.Sources[0])
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{"wJalrXUtnFEMI", "password: p", "credentials: k"} {
				if strings.Contains(string(out), secret) {
					t.Errorf("the dumped source shows a secret (%s):\n%s", secret, out)
				}
			}
		})
	}
}
