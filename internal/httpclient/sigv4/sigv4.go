// Package sigv4 signs an HTTP client's requests with AWS Signature Version 4 (Amazon
// OpenSearch Service), as Prometheus' remote write does. It is apart from httpclient so
// that what only checks HTTP settings (the config) does not carry the AWS SDK.
package sigv4

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/sigv4"

	"github.com/leakwatch/leakwatch/internal/httpclient"
)

// Config is the `sigv4:` block: prometheus/sigv4's keys (region, access_key, secret_key,
// profile, role_arn, …), plus secret_key_file. Unset credentials come from AWS's default
// chain (environment, shared files, the instance or pod role).
type Config struct {
	sigv4.SigV4Config `yaml:",inline"`
	// SecretKeyFile holds secret_key; it is read when the client is built (at load and on
	// every reload, which a change of the file triggers).
	SecretKeyFile string `yaml:"secret_key_file,omitempty"`
}

// UnmarshalYAML decodes the block (prometheus/sigv4's keys and secret_key_file) and
// validates it. Without it, SigV4Config's own UnmarshalYAML, promoted by the embedding,
// would decode only its part.
func (s *Config) UnmarshalYAML(unmarshal func(any) error) error {
	var p struct {
		Config        sigv4.SigV4Config `yaml:",inline"`
		SecretKeyFile string            `yaml:"secret_key_file"`
	}
	if err := unmarshal(&p); err != nil {
		return err
	}
	*s = Config{SigV4Config: p.Config, SecretKeyFile: p.SecretKeyFile}
	return s.Validate()
}

// Validate checks the block; errors name the key.
func (s *Config) Validate() error {
	if s.SecretKey != "" && s.SecretKeyFile != "" {
		return errors.New("sigv4.secret_key: set either secret_key or secret_key_file, not both")
	}
	c := s.SigV4Config
	if s.SecretKeyFile != "" {
		c.SecretKey = "set" // the file is read later; only the pairing is checked here
	}
	if err := c.Validate(); err != nil {
		return fmt.Errorf("sigv4: %w", err)
	}
	return nil
}

// SetDirectory makes a relative secret_key_file relative to the config file.
func (s *Config) SetDirectory(dir string) {
	if s != nil {
		s.SecretKeyFile = promcfg.JoinDir(dir, s.SecretKeyFile)
	}
}

// Files lists the file the block reads (secret_key_file), by its key.
func (s *Config) Files() []httpclient.File {
	if s == nil || s.SecretKeyFile == "" {
		return nil
	}
	return []httpclient.File{{Key: "sigv4.secret_key_file", Path: s.SecretKeyFile}}
}

// Validate checks HTTP settings signed by s, as New would: httpclient's checks, plus SigV4
// being the only authentication when s is set (it signs the Authorization header itself).
func Validate(hc promcfg.HTTPClientConfig, s *Config) error {
	if err := httpclient.Validate(hc); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	if hc.BasicAuth != nil || hc.Authorization != nil || hc.OAuth2 != nil {
		return errors.New("sigv4: not with basic_auth, authorization or oauth2: SigV4 sets the Authorization header itself")
	}
	return s.Validate()
}

// New is httpclient.New with every request signed by s (the caller sets its service name);
// s nil, it is httpclient.New. Without static keys, building the signer asks AWS's
// credential chain (which may query the instance metadata).
func New(name string, hc promcfg.HTTPClientConfig, s *Config, o httpclient.Options) (*http.Client, error) {
	if err := Validate(hc, s); err != nil {
		return nil, err
	}
	if s != nil {
		o.Wrap = s.wrap
	}
	return httpclient.New(name, hc, o)
}

// wrap signs the requests sent through rt.
func (s *Config) wrap(rt http.RoundTripper) (http.RoundTripper, error) {
	sc := s.SigV4Config
	if s.SecretKeyFile != "" {
		b, err := os.ReadFile(s.SecretKeyFile)
		if err != nil {
			return nil, fmt.Errorf("sigv4.secret_key_file: %w", err)
		}
		sc.SecretKey = promcfg.Secret(strings.TrimSpace(string(b)))
		if sc.SecretKey == "" {
			return nil, fmt.Errorf("sigv4.secret_key_file: %s is empty", filepath.Base(s.SecretKeyFile))
		}
	}
	signer, err := sigv4.NewSigV4RoundTripper(&sc, rt)
	if err != nil {
		return nil, fmt.Errorf("sigv4: %w", err)
	}
	return signing{signer, rt}, nil
}

// signing is the SigV4 round tripper with the inner transport's CloseIdleConnections, which
// the signer lacks: a source closed on reload releases its connections at once.
type signing struct {
	http.RoundTripper
	inner http.RoundTripper
}

func (s signing) CloseIdleConnections() {
	if c, ok := s.inner.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
