package alertmanager

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/leakwatch/leakwatch/alerting"
)

// One URL of the pair failing: the alert is retried only towards it, and delivered once
// both accepted it.
func TestHAPartialFailureRetriesOnlyTheFailedURL(t *testing.T) {
	var okPosts, badPosts atomic.Int32
	var fail atomic.Bool
	fail.Store(true)
	good := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { okPosts.Add(1) }))
	defer good.Close()
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		badPosts.Add(1)
		if fail.Load() {
			http.Error(w, "busy", http.StatusServiceUnavailable)
		}
	}))
	defer bad.Close()
	n, err := New(Config{URLs: []string{good.URL, bad.URL}})
	if err != nil {
		t.Fatal(err)
	}
	a := alerting.Alert{ID: 7, Kind: alerting.KindNew, IncidentID: 3, RuleID: "github-pat", Severity: "high", Preview: "ghp_…abcd"}
	steps := []struct {
		fail              bool
		wantErr, wantRety bool
		wantOK, wantBad   int32
	}{
		{true, true, true, 1, 1},
		{true, true, true, 1, 2},
		{false, false, false, 1, 3},
	}
	for i, s := range steps {
		fail.Store(s.fail)
		_, retry, err := n.Notify(context.Background(), a)
		if (err != nil) != s.wantErr || retry != s.wantRety || okPosts.Load() != s.wantOK || badPosts.Load() != s.wantBad {
			t.Fatalf("step %d: err %v retry %v posts ok=%d bad=%d", i, err, retry, okPosts.Load(), badPosts.Load())
		}
	}
}

func TestAnswersClassified(t *testing.T) {
	cases := []struct {
		status    int
		retry     bool
		wantInErr string
	}{
		{http.StatusBadRequest, false, "rejected the alert"},
		{http.StatusUnauthorized, false, "basic_auth/authorization"},
		{http.StatusTooManyRequests, true, "429"},
		{http.StatusBadGateway, true, "will retry"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/prefix/api/v2/alerts" || r.Method != http.MethodPost {
					t.Errorf("request %s %s", r.Method, r.URL.Path)
				}
				w.WriteHeader(tc.status)
			}))
			defer srv.Close()
			n, err := New(Config{URLs: []string{srv.URL + "/prefix/"}})
			if err != nil {
				t.Fatal(err)
			}
			_, retry, err := n.Notify(context.Background(), alerting.Alert{ID: 1, IncidentID: 1, Kind: alerting.KindNew})
			if err == nil || retry != tc.retry || !strings.Contains(err.Error(), tc.wantInErr) {
				t.Fatalf("retry %v err %v", retry, err)
			}
		})
	}
}

func TestConfigRejected(t *testing.T) {
	cases := []struct {
		name string
		urls []string
		want string
	}{
		{"none", nil, "at least one"},
		{"not http", []string{"am:9093"}, "urls[0]"},
		{"credentials", []string{"http://ok:9093", "http://u:p@am:9093"}, "urls[1]: credentials"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := New(Config{URLs: tc.urls})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "u:p") {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
		})
	}
}
