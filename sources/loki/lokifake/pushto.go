package lokifake

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/grafana/loki/pkg/push"
)

// PushTo pushes streams to the Loki at base (a real one, in integration tests, or a Fake
// behind httptest) as snappy-compressed protobuf; tenant, when set, is sent as
// X-Scope-OrgID. Loki answers 204; anything else is an error naming the status.
func PushTo(ctx context.Context, base, tenant string, streams []push.Stream) error {
	body, err := EncodeProtoPush(streams)
	if err != nil {
		return err
	}
	return pushBody(ctx, base, tenant, "application/x-protobuf", bytes.NewReader(body))
}

// PushJSONTo pushes a JSON push body (Loki's {"streams":[…]} form, which can carry
// structured metadata as a third element of a value) to the Loki at base.
func PushJSONTo(ctx context.Context, base, tenant, body string) error {
	return pushBody(ctx, base, tenant, "application/json", strings.NewReader(body))
}

func pushBody(ctx context.Context, base, tenant, contentType string, body io.Reader) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(base, "/")+"/loki/api/v1/push", body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	if tenant != "" {
		req.Header.Set("X-Scope-OrgID", tenant)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		return fmt.Errorf("push: %s: %s", resp.Status, strings.TrimSpace(string(msg)))
	}
	return nil
}

// RealLoki is the Loki at LEAKWATCH_TEST_LOKI_URL and the tenant in
// LEAKWATCH_TEST_LOKI_TENANT (empty without auth) that integration tests and benchmarks run
// against; it skips tb when no URL is set, as CI has no Loki.
func RealLoki(tb testing.TB) (base, tenant string) {
	tb.Helper()
	base = strings.TrimRight(os.Getenv("LEAKWATCH_TEST_LOKI_URL"), "/")
	if base == "" {
		tb.Skip("LEAKWATCH_TEST_LOKI_URL not set")
	}
	return base, os.Getenv("LEAKWATCH_TEST_LOKI_TENANT")
}
