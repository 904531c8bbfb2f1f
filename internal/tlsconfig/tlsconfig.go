// Package tlsconfig builds the client *tls.Config of the HTTP sources (Loki,
// Elasticsearch/OpenSearch) from file paths, one way for all of them.
package tlsconfig

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// Config is a source's client TLS settings. Field names in errors are the config file's
// (tls.ca_file, …) so the user knows what to fix.
type Config struct {
	// CAFile holds PEM certificates trusted as roots instead of the system roots (a private CA).
	CAFile string
	// CertFile and KeyFile are a PEM client certificate and key (mutual TLS); both or neither.
	CertFile, KeyFile string
	// ServerName overrides the name the server certificate is checked against.
	ServerName         string
	InsecureSkipVerify bool
}

// Build reads the files and returns the client configuration (TLS 1.2 at least).
func (c Config) Build() (*tls.Config, error) {
	tc := &tls.Config{ServerName: c.ServerName, InsecureSkipVerify: c.InsecureSkipVerify, MinVersion: tls.VersionTLS12}
	if c.CAFile != "" {
		pem, err := os.ReadFile(c.CAFile)
		if err != nil {
			return nil, fmt.Errorf("tls.ca_file: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("tls.ca_file %s: no PEM certificate found", c.CAFile)
		}
		tc.RootCAs = pool
	}
	if (c.CertFile == "") != (c.KeyFile == "") {
		return nil, errors.New("tls.cert_file and tls.key_file go together: set both for a client certificate, or neither")
	}
	if c.CertFile != "" {
		cert, err := tls.LoadX509KeyPair(c.CertFile, c.KeyFile)
		if err != nil {
			return nil, fmt.Errorf("tls.cert_file/tls.key_file: client certificate: %w", err)
		}
		tc.Certificates = []tls.Certificate{cert}
	}
	return tc, nil
}
