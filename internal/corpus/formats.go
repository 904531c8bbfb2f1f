package corpus

import (
	"encoding/base64"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/leakwatch/leakwatch/internal/fakesecret"
)

const hexDigits = "0123456789abcdef"

func appendRand(b []byte, rng *rand.Rand, alphabet string, n int) []byte {
	for i := 0; i < n; i++ {
		b = append(b, alphabet[rng.IntN(len(alphabet))])
	}
	return b
}

var (
	levels     = []string{"info", "info", "info", "info", "debug", "debug", "warn", "error"}
	methods    = []string{"GET", "GET", "GET", "POST", "PUT", "DELETE", "PATCH"}
	statuses   = []int{200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 409, 500, 502, 503}
	components = []string{"http", "orders", "billing", "auth", "inventory", "scheduler", "gateway", "worker", "db"}
	messages   = []string{
		"request completed", "cache miss", "retrying upstream call", "order placed", "payment captured",
		"user signed in", "session refreshed", "job finished", "connection pool exhausted", "slow query",
		"rate limit reached", "health check ok", "config reloaded", "message acknowledged", "shutting down worker",
		"invalid input", "token validated for user", "webhook delivered", "upload finished", "lock acquired",
	}
	paths = []string{
		"/api/v1/orders", "/api/v1/orders/%d/items", "/api/v2/users/%d", "/healthz", "/metrics",
		"/static/app.%x.js", "/api/v1/invoices/%d/pdf", "/login", "/oauth/callback", "/api/v1/search",
		"/assets/img/logo.png", "/api/v1/carts/%d", "/graphql", "/api/internal/jobs/%d/status",
	}
	agents = []string{
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
		"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
		"curl/8.5.0", "Go-http-client/1.1", "kube-probe/1.30", "python-requests/2.32.3", "okhttp/4.12.0",
	}
	javaClasses = []string{"com.acme.orders.OrderService", "com.acme.billing.InvoiceRepository", "org.springframework.web.servlet.DispatcherServlet", "com.zaxxer.hikari.pool.HikariPool", "com.acme.auth.SessionFilter", "java.util.concurrent.ThreadPoolExecutor"}
	javaErrors  = []string{"java.lang.IllegalStateException: order already shipped", "java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms.", "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"name\" is null", "org.springframework.dao.DataIntegrityViolationException: duplicate key value violates unique constraint"}
	goFuncs     = []string{"main.(*Server).handle", "net/http.HandlerFunc.ServeHTTP", "github.com/acme/orders/internal/store.(*DB).Get", "runtime/debug.Stack", "github.com/acme/orders/internal/api.(*Handler).PlaceOrder", "net/http.(*conn).serve"}
	envVars     = []string{"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8", "GOMAXPROCS=2", "KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "TZ=UTC", "LOG_LEVEL=info", "JAVA_OPTS=-Xms512m -Xmx1g -XX:+UseG1GC", "APP_ENV=production", "HTTP_PORT=8080", "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:4317", "FEATURE_FLAGS=checkout_v2,fast_search"}
)

func (g *gen) ts(b []byte) []byte {
	r := g.rng
	b = append(b, "2026-11-"...)
	b = appendPad(b, 1+r.IntN(28))
	b = append(b, 'T')
	b = appendPad(b, r.IntN(24))
	b = append(b, ':')
	b = appendPad(b, r.IntN(60))
	b = append(b, ':')
	b = appendPad(b, r.IntN(60))
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(100+r.IntN(900)), 10)
	return append(b, 'Z')
}

func appendPad(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}

func (g *gen) pick(s []string) string { return s[g.rng.IntN(len(s))] }

func (g *gen) path(b []byte) []byte {
	p := g.pick(paths)
	if i := strings.IndexByte(p, '%'); i >= 0 {
		b = append(b, p[:i]...)
		if p[i+1] == 'd' {
			b = strconv.AppendInt(b, int64(g.rng.IntN(100000)), 10)
		} else {
			b = appendRand(b, g.rng, hexDigits, 8)
		}
		return append(b, p[i+2:]...)
	}
	return append(b, p...)
}

func (g *gen) uuid(b []byte) []byte {
	b = appendRand(b, g.rng, hexDigits, 8)
	b = append(b, '-')
	b = appendRand(b, g.rng, hexDigits, 4)
	b = append(b, "-4"...)
	b = appendRand(b, g.rng, hexDigits, 3)
	b = append(b, '-')
	b = appendRand(b, g.rng, hexDigits, 4)
	b = append(b, '-')
	return appendRand(b, g.rng, hexDigits, 12)
}

func (g *gen) ip(b []byte) []byte {
	b = append(b, "10."...)
	b = strconv.AppendInt(b, int64(g.rng.IntN(256)), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(g.rng.IntN(256)), 10)
	b = append(b, '.')
	return strconv.AppendInt(b, int64(1+g.rng.IntN(254)), 10)
}

// background writes one ordinary log record (one or several lines).
func (g *gen) background() {
	x := g.rng.IntN(100)
	b := g.buf[:0]
	switch {
	case x < 35:
		g.truth.Records["json"]++
		b = g.jsonLine(b, g.pick(messages))
	case x < 62:
		g.truth.Records["logfmt"]++
		b = g.logfmtLine(b, g.pick(messages))
	case x < 90:
		g.truth.Records["nginx"]++
		b = g.nginxLine(b, "")
	case x < 94:
		g.truth.Records["java-stack"]++
		g.javaStack()
		return
	case x < 97:
		g.truth.Records["go-stack"]++
		g.goStack()
		return
	default:
		g.truth.Records["env"]++
		for _, i := range g.rng.Perm(len(envVars))[:3+g.rng.IntN(5)] {
			g.emit(append(g.buf[:0], envVars[i]...))
		}
		b = append(b, "HOSTNAME=api-"...)
		b = appendRand(b, g.rng, hexDigits, 9)
		b = append(b, '-')
		b = appendRand(b, g.rng, "bcdfghjklmnpqrstvwxz2456789", 5)
	}
	g.buf = b
	g.emit(b)
}

func (g *gen) jsonLine(b []byte, msg string) []byte {
	b = append(b, `{"ts":"`...)
	b = g.ts(b)
	b = append(b, `","level":"`...)
	b = append(b, g.pick(levels)...)
	b = append(b, `","logger":"`...)
	b = append(b, g.pick(components)...)
	b = append(b, `","msg":"`...)
	b = append(b, msg...)
	b = append(b, `","method":"`...)
	b = append(b, g.pick(methods)...)
	b = append(b, `","path":"`...)
	b = g.path(b)
	b = append(b, `","status":`...)
	b = strconv.AppendInt(b, int64(g.pick2(statuses)), 10)
	b = append(b, `,"duration_ms":`...)
	b = strconv.AppendFloat(b, float64(g.rng.IntN(500000))/1000, 'f', 3, 64)
	b = append(b, `,"trace_id":"`...)
	b = appendRand(b, g.rng, hexDigits, 32)
	b = append(b, `","span_id":"`...)
	b = appendRand(b, g.rng, hexDigits, 16)
	b = append(b, `","user_id":`...)
	b = strconv.AppendInt(b, int64(g.rng.IntN(1000000)), 10)
	if g.rng.IntN(20) == 0 {
		// An opaque payload, as services log request bodies.
		b = append(b, `,"payload":"`...)
		raw := make([]byte, 48+g.rng.IntN(200))
		for i := range raw {
			raw[i] = byte(g.rng.Uint32())
		}
		b = base64.StdEncoding.AppendEncode(b, raw)
		b = append(b, '"')
	}
	return append(b, '}')
}

func (g *gen) pick2(s []int) int { return s[g.rng.IntN(len(s))] }

func (g *gen) logfmtLine(b []byte, msg string) []byte {
	b = append(b, "ts="...)
	b = g.ts(b)
	b = append(b, " level="...)
	b = append(b, g.pick(levels)...)
	b = append(b, " caller="...)
	b = append(b, g.pick(components)...)
	b = append(b, ".go:"...)
	b = strconv.AppendInt(b, int64(20+g.rng.IntN(900)), 10)
	b = append(b, ` msg="`...)
	b = append(b, msg...)
	b = append(b, `" request_id=`...)
	b = g.uuid(b)
	b = append(b, " latency="...)
	b = strconv.AppendInt(b, int64(g.rng.IntN(2000)), 10)
	b = append(b, "ms remote="...)
	b = g.ip(b)
	b = append(b, " sha="...)
	return appendRand(b, g.rng, hexDigits, 40)
}

// nginxLine writes a combined-format access line; query, when set, is the raw query string.
func (g *gen) nginxLine(b []byte, query string) []byte {
	b = g.ip(b)
	b = append(b, ` - - [`...)
	b = appendPad(b, 1+g.rng.IntN(28))
	b = append(b, "/Nov/2026:"...)
	b = appendPad(b, g.rng.IntN(24))
	b = append(b, ':')
	b = appendPad(b, g.rng.IntN(60))
	b = append(b, ':')
	b = appendPad(b, g.rng.IntN(60))
	b = append(b, ` +0000] "`...)
	b = append(b, g.pick(methods)...)
	b = append(b, ' ')
	b = g.path(b)
	if query != "" {
		b = append(b, '?')
		b = append(b, query...)
	} else if g.rng.IntN(3) == 0 {
		b = append(b, "?page="...)
		b = strconv.AppendInt(b, int64(g.rng.IntN(50)), 10)
		b = append(b, "&sort=created_at"...)
	}
	b = append(b, ` HTTP/1.1" `...)
	b = strconv.AppendInt(b, int64(g.pick2(statuses)), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(g.rng.IntN(100000)), 10)
	b = append(b, ` "https://shop.example.com/" "`...)
	b = append(b, g.pick(agents)...)
	return append(b, '"')
}

func (g *gen) javaStack() {
	b := append(g.buf[:0], g.ts(nil)...)
	b = append(b, " ERROR [http-nio-8080-exec-"...)
	b = strconv.AppendInt(b, int64(1+g.rng.IntN(20)), 10)
	b = append(b, "] c.a.o.OrderController - request failed"...)
	g.emit(b)
	g.emit(append(b[:0], g.pick(javaErrors)...))
	for i := 3 + g.rng.IntN(8); i > 0; i-- {
		b = append(b[:0], "\tat "...)
		b = append(b, g.pick(javaClasses)...)
		b = append(b, ".process(OrderService.java:"...)
		b = strconv.AppendInt(b, int64(10+g.rng.IntN(500)), 10)
		b = append(b, ')')
		g.emit(b)
	}
	g.emit(append(b[:0], "\t... 42 common frames omitted"...))
	g.buf = b
}

func (g *gen) goStack() {
	b := append(g.buf[:0], "panic: runtime error: invalid memory address or nil pointer dereference"...)
	g.emit(b)
	b = append(b[:0], "goroutine "...)
	b = strconv.AppendInt(b, int64(g.rng.IntN(5000)), 10)
	b = append(b, " [running]:"...)
	g.emit(b)
	for i := 2 + g.rng.IntN(6); i > 0; i-- {
		b = append(b[:0], g.pick(goFuncs)...)
		b = append(b, "(0xc000"...)
		b = appendRand(b, g.rng, hexDigits, 6)
		b = append(b, ", 0x"...)
		b = appendRand(b, g.rng, hexDigits, 4)
		b = append(b, ')')
		g.emit(b)
		b = append(b[:0], "\t/src/internal/api/handler.go:"...)
		b = strconv.AppendInt(b, int64(10+g.rng.IntN(800)), 10)
		b = append(b, " +0x"...)
		b = appendRand(b, g.rng, hexDigits, 3)
		g.emit(b)
	}
	g.buf = b
}

// A secretContext builds a line around match (the secret at match[s:]) and returns the line
// and where the secret starts in it; ok is false when the match does not fit the context.
type secretContext struct {
	name  string
	build func(g *gen, match string, s int) (line string, at int, ok bool)
}

func jsonEscape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// wrap returns prefix+enc(match)+suffix and the secret's offset, or ok=false when escaping
// changed the secret itself.
func wrap(prefix, match string, s int, enc func(string) string, suffix string) (string, int, bool) {
	head, rest := enc(match[:s]), enc(match[s:])
	if rest[:1] != match[s:s+1] {
		return "", 0, false
	}
	return prefix + head + rest + suffix, len(prefix) + len(head), true
}

func identity(s string) string { return s }

var secretContexts = []secretContext{
	{"logfmt", func(g *gen, m string, s int) (string, int, bool) {
		return wrap(string(g.logfmtLine(nil, "calling upstream"))+" ", m, s, identity, " attempt=1")
	}},
	{"json", func(g *gen, m string, s int) (string, int, bool) {
		line := string(g.jsonLine(nil, "calling upstream"))
		return wrap(line[:len(line)-1]+`,"detail":"`, m, s, jsonEscape, `"}`)
	}},
	{"escaped-json", func(g *gen, m string, s int) (string, int, bool) {
		inner := func(x string) string { return jsonEscape(jsonEscape(x)) }
		return wrap(`{"log":"{\"level\":\"debug\",\"msg\":\"client config `, m, s, inner, `\"}\n","stream":"stdout","time":"`+string(g.ts(nil))+`"}`)
	}},
	{"query", func(g *gen, m string, s int) (string, int, bool) {
		if strings.ContainsAny(m, " \"") {
			return "", 0, false
		}
		line := string(g.nginxLine(nil, "state=af0ifjsldkj&"+m+"&page=2"))
		at := strings.Index(line, "state=af0ifjsldkj&") + len("state=af0ifjsldkj&") + s
		return line, at, true
	}},
	{"header", func(g *gen, m string, s int) (string, int, bool) {
		return wrap(string(g.ts(nil))+` DEBUG outbound request method=POST url=https://partner.example.net/v2/events headers="Accept: application/json; `, m, s, identity, `; Content-Type: application/json"`)
	}},
	{"env", func(g *gen, m string, s int) (string, int, bool) {
		if strings.ContainsAny(m, " ") {
			return "", 0, false
		}
		return wrap("DEPLOY_VAR_"+strconv.Itoa(g.rng.IntN(40))+"=", m, s, identity, "")
	}},
	{"uri", func(g *gen, m string, s int) (string, int, bool) {
		if strings.ContainsAny(m, " \"") {
			return "", 0, false
		}
		return wrap(string(g.ts(nil))+` INFO  webhook target registered target=https://hooks.partner.example.net/deliver/`, m, s, identity, `/v1 owner=team-payments`)
	}},
}

// freshTokens make new tokens for common formats, with the format's checksum, so the corpus
// holds many distinct secrets rather than the samples over and over.
var freshTokens = map[string]func(*rand.Rand) string{
	"github-pat":         func(r *rand.Rand) string { return fakesecret.GitHub(r, "ghp_") },
	"github-oauth-token": func(r *rand.Rand) string { return fakesecret.GitHub(r, "gho_") },
	"aws-access-key-id":  fakesecret.AWSKeyID,
	"stripe-secret-key":  func(r *rand.Rand) string { return fakesecret.Stripe(r, 24+r.IntN(75)) },
	"slack-bot-token":    fakesecret.SlackBot,
	"stripe-restricted-key": func(r *rand.Rand) string {
		if r.IntN(2) == 0 {
			return fakesecret.StripeShort(r, "rk_live_")
		}
		return "rk_live_" + fakesecret.Mixed(r, 99)
	},
	"twilio-api-key-sid": fakesecret.TwilioKeySID,
	// Every URI rule gets passwords holding raw reserved characters ('#', '?', '/', '@', …).
	"url-credentials":            fakesecret.RawURIPassword,
	"postgres-uri-password":      fakesecret.RawURIPassword,
	"mysql-uri-password":         fakesecret.RawURIPassword,
	"mongodb-uri-password":       fakesecret.RawURIPassword,
	"redis-uri-password":         fakesecret.RawURIPassword,
	"amqp-uri-password":          fakesecret.RawURIPassword,
	"mssql-uri-password":         fakesecret.RawURIPassword,
	"clickhouse-uri-password":    fakesecret.RawURIPassword,
	"ldap-uri-password":          fakesecret.RawURIPassword,
	"smtp-uri-password":          fakesecret.RawURIPassword,
	"message-queue-uri-password": fakesecret.RawURIPassword,
	"graph-db-uri-password":      fakesecret.RawURIPassword,
	"ssh-uri-password":           fakesecret.RawURIPassword,
	"snowflake-uri-password":     fakesecret.RawURIPassword,
}

// A decoy builds a line holding a look-alike at line[s:e].
type decoy struct {
	name  string
	build func(g *gen) (line string, s, e int)
}

func around(prefix, d, suffix string) (string, int, int) {
	return prefix + d + suffix, len(prefix), len(prefix) + len(d)
}

var decoys = []decoy{
	{"placeholder-ghp", func(g *gen) (string, int, int) {
		return around(string(g.logfmtLine(nil, "using token"))+" token=", "ghp_"+strings.Repeat("x", 36), "")
	}},
	{"placeholder-env", func(g *gen) (string, int, int) {
		return around("GITHUB_TOKEN=", "${GITHUB_TOKEN}", "")
	}},
	{"placeholder-template", func(g *gen) (string, int, int) {
		return around(`{"level":"info","msg":"rendering header","header":"Authorization: Bearer `, "{{ .Token }}", `"}`)
	}},
	{"placeholder-your", func(g *gen) (string, int, int) {
		return around(`ts=`+string(g.ts(nil))+` level=warn msg="default config in use" stripe_key=`, "sk_live_<your-key-here>", "")
	}},
	{"aws-example-key", func(g *gen) (string, int, int) {
		return around("AWS_ACCESS_KEY_ID=", "AKIAIOSFODNN7EXAMPLE", "")
	}},
	{"aws-example-secret", func(g *gen) (string, int, int) {
		return around(`{"msg":"sdk docs sample","aws_secret_access_key":"`, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", `"}`)
	}},
	{"stripe-publishable", func(g *gen) (string, int, int) {
		return around(`{"level":"info","msg":"checkout init","publishable_key":"`, "pk_live_"+fakesecret.Mixed(g.rng, 24), `"}`)
	}},
	{"bad-checksum-ghp", func(g *gen) (string, int, int) {
		return around(string(g.logfmtLine(nil, "clone"))+" auth=", fakesecret.GitHubBadChecksum(g.rng, "ghp_"), "")
	}},
	{"task-live", func(g *gen) (string, int, int) {
		return around(`{"level":"info","msg":"scheduled","job":"`, "task_live_"+fakesecret.Mixed(g.rng, 28), `"}`)
	}},
	{"token-in-base64", func(g *gen) (string, int, int) {
		blob := fakesecret.Mixed(g.rng, 60) + fakesecret.GitHub(g.rng, "ghp_") + fakesecret.Mixed(g.rng, 60) + fakesecret.AWSKeyID(g.rng) + fakesecret.Mixed(g.rng, 40)
		return around(`{"level":"debug","msg":"attachment","data":"`, blob, `"}`)
	}},
	{"uri-placeholder-password", func(g *gen) (string, int, int) {
		pw := []string{"${DB_PASSWORD}", "<password>", "changeme", "****", "xxxxxxxx"}[g.rng.IntN(5)]
		return around(`ts=`+string(g.ts(nil))+` level=info msg="connecting" dsn=`, "postgres://app:"+pw+"@db.internal:5432/orders", "")
	}},
	{"uri-raw-placeholder", func(g *gen) (string, int, int) {
		u := []string{"redis://default:****#@cache-1.internal:6379/0", "postgres://svc:${PG_PASS}@db.internal:5432/app?notify=ops@acme.io",
			"https://deploy:<pass>@registry.example.io/v2/", "mongodb+srv://app:password@cluster0.x.mongodb.net/prod",
			"https://acme.io:8443/login?next=ops@acme.io"}[g.rng.IntN(5)]
		return around(`ts=`+string(g.ts(nil))+` level=info msg="connecting" target=`, u, "")
	}},
	{"twilio-sid-near-miss", func(g *gen) (string, int, int) {
		hex := func(n int) string { return fakesecret.From(g.rng, "0123456789abcdef", n) }
		d := []string{
			"SK" + hex(31), "SK" + hex(33), "SK" + strings.ToUpper(hex(32)),
			"SK" + hex(10) + "A" + hex(21), "TASK" + hex(32), "SK" + strings.Repeat("0", 31) + "1",
			"SK" + strings.Repeat("deadbeef", 4), "0f" + hex(20) + "SK" + hex(32),
		}[g.rng.IntN(8)]
		return around(`{"level":"info","msg":"lookup","ref":"`, d, `"}`)
	}},
	{"stripe-near-miss", func(g *gen) (string, int, int) {
		// Each one character short, lower-case only, or inside a word: rk_test_ with 24
		// characters is a real test key (stripe-test-key reports it).
		d := []string{"rk_live_" + fakesecret.Mixed(g.rng, 23), "rk_test_" + fakesecret.Mixed(g.rng, 23),
			"rk_live_" + strings.ToLower(fakesecret.From(g.rng, "abcdefghijklmnopqrstuvwxyz", 24)), "prk_live_" + fakesecret.Mixed(g.rng, 24)}[g.rng.IntN(4)]
		return around(`ts=`+string(g.ts(nil))+` level=debug msg="stripe client" key=`, d, "")
	}},
	{"redacted", func(g *gen) (string, int, int) {
		return around(`{"level":"info","msg":"request","headers":{"Authorization":"`, "Bearer [REDACTED]", `"}}`)
	}},
}
