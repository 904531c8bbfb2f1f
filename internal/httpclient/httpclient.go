// Package httpclient builds the HTTP client of every outbound integration (Loki,
// Elasticsearch/OpenSearch, webhooks, Alertmanager) from prometheus/common's
// HTTPClientConfig, one way for all of them: basic_auth, authorization, oauth2,
// tls_config, proxy_url, http_headers and follow_redirects, with their *_file forms read
// on every request, so a rotated credential file takes effect without a reload.
// Amazon OpenSearch Service is reached with SigV4 signing (httpclient/sigv4, apart so that
// this package carries no AWS SDK).
package httpclient

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	promcfg "github.com/prometheus/common/config"
)

// Options are what a client needs beyond the HTTP settings.
type Options struct {
	// Timeout bounds one request, reading its body included (0: none).
	Timeout time.Duration
	// Wrap, when set, wraps the client's transport: SigV4 signing (package
	// httpclient/sigv4), kept apart so that checking settings needs no AWS SDK.
	Wrap func(http.RoundTripper) (http.RoundTripper, error)
	// UserAgent, when set, is sent with every request.
	UserAgent string
}

// New validates hc and builds the client; name labels the connections in prometheus/common's
// connection tracking and starts every error. It makes no network call, except that SigV4
// signing without static keys asks AWS's credential chain (which may query the instance
// metadata).
func New(name string, hc promcfg.HTTPClientConfig, o Options) (*http.Client, error) {
	if err := Validate(hc); err != nil {
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
	if o.Wrap != nil {
		rt, err := o.Wrap(c.Transport)
		if err != nil {
			return nil, err
		}
		c.Transport = rt
	}
	c.Timeout = o.Timeout
	return c, nil
}

// Validate checks the settings as New would, without building anything: prometheus/common's
// own rules (sigv4.Validate adds SigV4's).
func Validate(hc promcfg.HTTPClientConfig) error {
	if err := hc.Validate(); err != nil {
		return err
	}
	// prometheus/common checks tls_config only when it decodes one; a config built in code
	// (tests, a backend's defaults) is checked here too.
	if err := hc.TLSConfig.Validate(); err != nil {
		return fmt.Errorf("tls_config: %w", err)
	}
	return nil
}

// File is a file the HTTP settings read, by its key (basic_auth.password_file).
type File struct{ Key, Path string }

// Files lists the files hc reads (credentials, certificates, header files), relative paths
// already joined with the config's directory: a change to one is a reason to reload.
func Files(hc *promcfg.HTTPClientConfig) []File {
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
