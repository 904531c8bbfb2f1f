//go:build tools

// Package deps pins the modules the project uses while their packages are being written.
// It is removed once every module is imported by real code.
package deps

import (
	_ "github.com/coder/websocket"
	_ "github.com/go-co-op/gocron/v2"
	_ "github.com/golang/snappy"
	_ "github.com/grafana/loki/pkg/push"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/prometheus/exporter-toolkit/web"
	_ "github.com/rogpeppe/go-internal/testscript"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/slack-go/slack"
	_ "gopkg.in/yaml.v3"
	_ "modernc.org/sqlite"
)
