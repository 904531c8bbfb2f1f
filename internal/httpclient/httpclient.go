// Package httpclient builds the HTTP client of every outbound integration (Loki,
// Elasticsearch/OpenSearch, webhooks, Alertmanager) from prometheus/common's
// HTTPClientConfig, one way for all of them: basic_auth, authorization, oauth2,
// tls_config, proxy_url, http_headers and follow_redirects, with their *_file forms read
// on every request, so a rotated credential file takes effect without a reload.
// Amazon OpenSearch Service is reached with SigV4 signing (prometheus/sigv4).
package httpclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	promcfg "github.com/prometheus/common/config"
	"github.com/prometheus/sigv4"
)

// SigV4 signs requests with AWS Signature Version 4, as Prometheus' remote write does: its
// keys are prometheus/sigv4's (region, access_key, secret_key, profile, role_arn, …), plus
// secret_key_file. Unset credentials come from AWS's default chain (environment, shared
// files, the instance or pod role).
type SigV4 struct {
	sigv4.SigV4Config `yaml:",inline"`
	// SecretKeyFile holds secret_key; it is read when the client is built (at load and on
	// every reload, which a change of the file triggers).
	SecretKeyFile string `yaml:"secret_key_file,omitempty"`
}

// UnmarshalYAML decodes the block (prometheus/sigv4's keys and secret_key_file) and
// validates it. Without it, SigV4Config's own UnmarshalYAML, promoted by the embedding,
// would decode only its part.
func (s *SigV4) UnmarshalYAML(unmarshal func(any) error) error {
	var p struct {
		Config        sigv4.SigV4Config `yaml:",inline"`
		SecretKeyFile string            `yaml:"secret_key_file"`
	}
	if err := unmarshal(&p); err != nil {
		return err
	}
	*s = SigV4{SigV4Config: p.Config, SecretKeyFile: p.SecretKeyFile}
	return s.Validate()
}

// Validate checks the block; errors name the key.
func (s *SigV4) Validate() error {
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
func (s *SigV4) SetDirectory(dir string) {
	if s != nil {
		s.SecretKeyFile = promcfg.JoinDir(dir, s.SecretKeyFile)
	}
}

// Options are what a client needs beyond the HTTP settings.
type Options struct {
	// Timeout bounds one request, reading its body included (0: none).
	Timeout time.Duration
	// SigV4, when set, signs every request for ServiceName (the caller sets its default).
	SigV4 *SigV4
	// UserAgent, when set, is sent with every request.
	UserAgent string
}

// New validates hc and builds the client; name labels the connections in prometheus/common's
// connection tracking and starts every error. It makes no network call, except that SigV4
// without static keys asks AWS's credential chain (which may query the instance metadata).
func New(name string, hc promcfg.HTTPClientConfig, o Options) (*http.Client, error) {
	if err := Validate(hc, o.SigV4); err != nil {
		return nil, err
	}
	var opts []promcfg.HTTPClientOption
	if o.UserAgent != "" {
		opts = append(opts, promcfg.WithUserAgent(o.UserAgent))
	}
	c, err := promcfg.NewClientFromConfig(hc, name, opts...)
	if err != nil {
		return nil, fmt.Errorf("http client: %w", err)
	}
	if o.SigV4 != nil {
		sc := o.SigV4.SigV4Config
		if o.SigV4.SecretKeyFile != "" {
			b, err := os.ReadFile(o.SigV4.SecretKeyFile)
			if err != nil {
				return nil, fmt.Errorf("sigv4.secret_key_file: %w", err)
			}
			sc.SecretKey = promcfg.Secret(strings.TrimSpace(string(b)))
			if sc.SecretKey == "" {
				return nil, fmt.Errorf("sigv4.secret_key_file: %s is empty", filepath.Base(o.SigV4.SecretKeyFile))
			}
		}
		rt, err := sigv4.NewSigV4RoundTripper(&sc, c.Transport)
		if err != nil {
			return nil, fmt.Errorf("sigv4: %w", err)
		}
		c.Transport = signing{rt, c.Transport}
	}
	c.Timeout = o.Timeout
	return c, nil
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

// Validate checks the settings as New would, without building anything: prometheus/common's
// own rules, plus SigV4 being the only authentication when it is set (it signs the
// Authorization header itself).
func Validate(hc promcfg.HTTPClientConfig, sv *SigV4) error {
	if err := hc.Validate(); err != nil {
		return err
	}
	// prometheus/common checks tls_config only when it decodes one; a config built in code
	// (tests, a backend's defaults) is checked here too.
	if err := hc.TLSConfig.Validate(); err != nil {
		return fmt.Errorf("tls_config: %w", err)
	}
	if sv != nil {
		if hc.BasicAuth != nil || hc.Authorization != nil || hc.OAuth2 != nil {
			return errors.New("sigv4: not with basic_auth, authorization or oauth2: SigV4 sets the Authorization header itself")
		}
		if err := sv.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// File is a file the HTTP settings read, by its key (basic_auth.password_file).
type File struct{ Key, Path string }

// Files lists the files hc and sv read (credentials, certificates, header files), relative
// paths already joined with the config's directory: a change to one is a reason to reload.
func Files(hc *promcfg.HTTPClientConfig, sv *SigV4) []File {
	var out []File
	add := func(key, p string) {
		if p != "" {
			out = append(out, File{key, p})
		}
	}
	if hc != nil {
		if b := hc.BasicAuth; b != nil {
			add("basic_auth.username_file", b.UsernameFile)
			add("basic_auth.password_file", b.PasswordFile)
		}
		if a := hc.Authorization; a != nil {
			add("authorization.credentials_file", a.CredentialsFile)
		}
		if o := hc.OAuth2; o != nil {
			add("oauth2.client_secret_file", o.ClientSecretFile)
			add("oauth2.client_certificate_key_file", o.ClientCertificateKeyFile)
			add("oauth2.tls_config.ca_file", o.TLSConfig.CAFile)
			add("oauth2.tls_config.cert_file", o.TLSConfig.CertFile)
			add("oauth2.tls_config.key_file", o.TLSConfig.KeyFile)
		}
		add("bearer_token_file", hc.BearerTokenFile)
		add("tls_config.ca_file", hc.TLSConfig.CAFile)
		add("tls_config.cert_file", hc.TLSConfig.CertFile)
		add("tls_config.key_file", hc.TLSConfig.KeyFile)
		if hc.HTTPHeaders != nil {
			for name, h := range hc.HTTPHeaders.Headers {
				for i, f := range h.Files {
					add(fmt.Sprintf("http_headers.%s.files[%d]", name, i), f)
				}
			}
		}
	}
	if sv != nil {
		add("sigv4.secret_key_file", sv.SecretKeyFile)
	}
	return out
}

// CheckURL checks an endpoint URL: http or https with a host, and no credentials in it (they
// would end up in errors and logs: basic_auth and authorization have their own keys). The
// error never quotes the URL.
func CheckURL(raw string) error {
	if raw == "" {
		return errors.New("required (http(s)://host[:port][/prefix])")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("not an http(s) URL: want http(s)://host[:port][/prefix]")
	}
	if u.User != nil {
		return errors.New("credentials in the URL: use basic_auth (password_file) or authorization (credentials_file) instead")
	}
	return nil
}
