package state

import (
	"context"
	"strings"
	"testing"
)

// TestOpenRefuses: options that name no store are refused with the setting to fix, and a
// DSN never appears in the message.
func TestOpenRefuses(t *testing.T) {
	cases := []struct {
		name string
		o    Options
		want string
	}{
		{"sqlite without a data dir", Options{}, "set data_dir"},
		{"postgres without a dsn", Options{Driver: DriverPostgres, DataDir: t.TempDir()}, "state.dsn: required"},
		{"unknown driver", Options{Driver: "mysql", DSN: "postgres://u:hunter2@db/x"}, `state.driver: "mysql"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(context.Background(), tc.o)
			if err == nil {
				s.Close()
				t.Fatal("opened")
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter2") {
				t.Fatalf("err = %v, want %q and no password", err, tc.want)
			}
		})
	}
}
