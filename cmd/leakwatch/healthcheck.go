package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/leakwatch/leakwatch/internal/config"
)

// cmdHealthcheck lets a container image without curl check the daemon (Docker HEALTHCHECK). It
// reads the daemon's config, so it asks the address the daemon listens on, with the TLS and
// basic auth of its web config file.
func cmdHealthcheck(ctx context.Context, args []string, c cli) int {
	fs := flag.NewFlagSet("healthcheck", flag.ContinueOnError)
	fs.SetOutput(c.stderr)
	cfgPath := fs.String("config", "/etc/leakwatch/config.yaml", "the daemon's config file (listen, web_config_file)")
	listen := fs.String("listen", "", "override the config's listen address (as run --listen)")
	user := fs.String("username", "", "basic auth user, when the web config has basic_auth_users")
	pwFile := fs.String("password-file", "", "file holding that user's password")
	rawURL := fs.String("url", "", "ask this URL as is instead (no config read; plain HTTP or HTTPS with the system's roots)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	p := &probe{url: *rawURL, client: &http.Client{}}
	if *rawURL == "" {
		cfg, err := config.Load(*cfgPath)
		if err != nil {
			fmt.Fprintf(c.stderr, "leakwatch healthcheck: %v\n", err)
			return 2
		}
		if *listen != "" {
			cfg.Listen = *listen
		}
		if p, err = newProbe(cfg.Listen, cfg.WebConfigFile); err != nil {
			fmt.Fprintf(c.stderr, "leakwatch healthcheck: %v\n", err)
			return 2
		}
	}
	if *user != "" || *pwFile != "" {
		pw, err := os.ReadFile(*pwFile)
		if err != nil {
			fmt.Fprintf(c.stderr, "leakwatch healthcheck: --password-file: %v\n", err)
			return 2
		}
		p.user, p.password = *user, strings.TrimRight(string(pw), "\r\n")
	}
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	msg, err := p.check(ctx)
	if err != nil {
		fmt.Fprintf(c.stderr, "leakwatch healthcheck: %v\n", err)
		return 1
	}
	fmt.Fprintf(c.stdout, "leakwatch healthcheck: %s\n", msg)
	return 0
}

// probe is one GET of the daemon's /healthz as its config describes it.
type probe struct {
	url            string
	client         *http.Client
	authRequired   bool
	user, password string
}

// webFile is the part of the exporter-toolkit web config file the probe needs.
type webFile struct {
	TLS struct {
		Cert     string `yaml:"cert"`
		CertFile string `yaml:"cert_file"`
	} `yaml:"tls_server_config"`
	Users map[string]string `yaml:"basic_auth_users"`
}

func newProbe(listen, webConfigFile string) (*probe, error) {
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		return nil, fmt.Errorf("listen %q: %w", listen, err)
	}
	// A wildcard address is reached on loopback, where the probe runs.
	switch host {
	case "", "0.0.0.0":
		host = "127.0.0.1"
	case "::":
		host = "::1"
	}
	p := &probe{url: "http://" + net.JoinHostPort(host, port) + "/healthz", client: &http.Client{}}
	if webConfigFile == "" {
		return p, nil
	}
	raw, err := os.ReadFile(webConfigFile)
	if err != nil {
		return nil, fmt.Errorf("web_config_file: %w", err)
	}
	var wf webFile
	if err := yaml.Unmarshal(raw, &wf); err != nil {
		return nil, fmt.Errorf("web_config_file %s: %w", webConfigFile, err)
	}
	p.authRequired = len(wf.Users) > 0
	certPEM := []byte(wf.TLS.Cert)
	if wf.TLS.CertFile != "" {
		f := wf.TLS.CertFile
		if !filepath.IsAbs(f) {
			f = filepath.Join(filepath.Dir(webConfigFile), f)
		}
		if certPEM, err = os.ReadFile(f); err != nil {
			return nil, fmt.Errorf("web_config_file tls_server_config.cert_file: %w", err)
		}
	}
	if len(certPEM) == 0 {
		return p, nil
	}
	block, _ := pem.Decode(certPEM)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("web_config_file tls_server_config: the certificate is not PEM; fix cert_file or cert")
	}
	// The probe talks to its own daemon on loopback, where the certificate's names rarely
	// match: it pins the daemon's certificate instead of checking names against a CA.
	want := block.Bytes
	p.url = "https://" + strings.TrimPrefix(p.url, "http://")
	p.client.Transport = &http.Transport{TLSClientConfig: &tls.Config{
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: true, // replaced by the pin below
		VerifyConnection: func(cs tls.ConnectionState) error {
			if len(cs.PeerCertificates) == 0 || !bytes.Equal(cs.PeerCertificates[0].Raw, want) {
				return errors.New("the server's certificate is not the web config's cert_file: another process holds the address, or the daemon has not reloaded its certificate")
			}
			return nil
		},
	}}
	return p, nil
}

// check returns what it found when the daemon is alive.
func (p *probe) check(ctx context.Context) (string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, p.url, nil)
	if err != nil {
		return "", err
	}
	if p.user != "" {
		req.SetBasicAuth(p.user, p.password)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		return "", err
	}
	resp.Body.Close()
	switch {
	case resp.StatusCode == http.StatusOK:
		return p.url + " ok", nil
	case resp.StatusCode == http.StatusUnauthorized && p.authRequired && p.user == "":
		// Without credentials the daemon's auth answer is the proof of life a container
		// health check needs; --username and --password-file read /healthz itself.
		return p.url + " answered (basic auth required; pass --username and --password-file to read /healthz)", nil
	case resp.StatusCode == http.StatusUnauthorized:
		return "", fmt.Errorf("%s answered %s: check --username and --password-file against the web config's basic_auth_users", p.url, resp.Status)
	default:
		return "", fmt.Errorf("%s answered %s", p.url, resp.Status)
	}
}
