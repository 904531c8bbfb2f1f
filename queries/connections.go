package queries

import "strings"

// Connection URIs with an inline password. The secret is the password: the rest of the URI
// (user, host) is not secret and would split one leaked password into many incidents.
func connectionRules() []*Rule {
	uri := func(id, desc string, schemes []string, sev Severity, tps, fps []string) *Rule {
		var kws []string
		for _, s := range schemes {
			kws = append(kws, strings.ReplaceAll(s, `\+`, "+")+"://")
		}
		return &Rule{
			ID:          id,
			Description: desc,
			Severity:    sev,
			Keywords:    kws,
			IgnoreCase:  true,
			// user is optional (redis://:password@host); a bare host:port has no '@' after it.
			Regex:          `(?i:` + strings.Join(schemes, "|") + `)://` + uriUserinfo + `[A-Za-z0-9\[_]`,
			Validators:     []Validator{uriPassword, notAPort, coveredByProvider},
			TrimSecret:     uriPasswordEnd,
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		uri("postgres-uri-password", "PostgreSQL connection URI with a password",
			[]string{"postgres", "postgresql", `postgresql\+psycopg2`, `postgresql\+asyncpg`}, Critical, []string{
				`{"msg":"pool init","dsn":"postgres://svc:rQHQwjy]xErP?S3MoJaQ#@db.internal:5432/app"}`,
				`DATABASE_URL=postgres://app:3Hitt8u8HcIynFKDW0Wp@db.internal:5432/orders?sslmode=require`,
				`{"level":"fatal","msg":"connect failed","dsn":"postgresql://reporting:HOrUdiNz6nn1HdNZ@10.0.0.5/analytics"}`,
				`sqlalchemy.url = postgresql+psycopg2://etl:EiXodLCkSItmVJ@warehouse:5432/dw`,
			}, []string{
				`DATABASE_URL=postgres://app:password@localhost:5432/app`,
				`DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app`,
				`dsn=postgres://app@db.internal:5432/orders`,
				`postgres://postgres:postgres@localhost:5432/postgres`,
				`DATABASE_URL=postgres://app:{{.Values.db.password}}@db:5432/app`,
				`DATABASE_URL=postgres://app:[REDACTED]@db:5432/app`,
				`DATABASE_URL=postgres://app:****@db:5432/app`,
				`DATABASE_URL=postgres://app:<pass>@db:5432/app`,
				`DATABASE_URL=postgres://app:${PASS}@db:5432/app?application_name=a@b`,
				`GET /health postgres://db.internal:5432/app?notify=ops@acme.io`,
			}),
		uri("mysql-uri-password", "MySQL / MariaDB connection URI with a password",
			[]string{"mysql", `mysql\+pymysql`, `mysql\+mysqldb`, "mariadb"}, Critical, []string{
				`MYSQL_URL=mysql://shop:xkv5ndK@eGR0v]Z1fb6d0#@mysql-primary:3306/shop`,
				`MYSQL_URL=mysql://shop:fE6sapklVuoHsVhELs@mysql-primary:3306/shop`,
				`{"db":"mariadb://root:RnXc6ROY3CKcHyflcRNko0@10.1.2.3/crm","pool":10}`,
			}, []string{`mysql://root:<password>@localhost/db`, `mysql://root:@localhost/db`}),
		uri("mongodb-uri-password", "MongoDB connection URI with a password",
			[]string{"mongodb", `mongodb\+srv`}, Critical, []string{
				`MONGO_URI=mongodb+srv://app:fB8Ch#iIu4NJk[JkG0#@cluster0.x1y2z.mongodb.net/prod?retryWrites=true`,
				`MONGO_URI=mongodb+srv://api:3A6sUekd4CWhJmdkQIqY@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority`,
				`{"msg":"mongo connect","uri":"mongodb://admin:E1Ykeach1ANZlGF1@mongo-0.mongo:27017,mongo-1.mongo:27017/?replicaSet=rs0"}`,
			}, []string{`mongodb+srv://<username>:<password>@cluster0.mongodb.net/test`, `mongodb+srv://app:${MONGO_PASS}@cluster0.x.mongodb.net/prod`, `mongodb://mongo-0:27017/app`}),
		uri("redis-uri-password", "Redis connection URI with a password",
			[]string{"redis", "rediss"}, High, []string{
				`level=warn msg="cache reconnect" url=redis://default:QMEEMyI/PUf9@YQqw8#@cache-1.internal:6379/0`,
				`REDIS_URL=redis://:rXMIAJR9nMGgC4LDdGAQ2qUZQ2mBiHNU@redis-master:6379/0`,
				`level=info msg="cache ready" url=rediss://default:VZkUdvjf8zDGDF59IF3psLyl@cache.acme.io:6380`,
			}, []string{`REDIS_URL=redis://:changeme@localhost:6379`, `REDIS_URL=redis://default:****#@cache-1.internal:6379/0`, `REDIS_URL=redis://redis:6379/0`}),
		uri("amqp-uri-password", "AMQP (RabbitMQ) connection URI with a password",
			[]string{"amqp", "amqps"}, High, []string{
				`CELERY_BROKER_URL=amqp://worker:Rthqpvx#GKZWGl]y02B#@rabbitmq:5672/jobs`,
				`CELERY_BROKER_URL=amqp://worker:DYjQOQz503GLFegSYG@rabbitmq:5672/jobs`,
				`{"broker":"amqps://orders:VlqbOgjAAtLwGrZ3LhE9@b-1234.mq.eu-west-1.amazonaws.com:5671"}`,
			}, []string{`amqp://guest:guest@localhost:5672/`, `amqp://user:pass@rabbit/`}),
		uri("mssql-uri-password", "SQL Server connection URI with a password",
			[]string{"sqlserver", "mssql", `mssql\+pyodbc`}, Critical, []string{
				`DB=sqlserver://sa:oRBc/nXMgWJo[eSrcB#@sql01.corp.local:1433?database=erp`,
				`DB=sqlserver://sa:j5TfV3b1tQvf5Kr4@sql01.corp.local:1433?database=erp`,
				`{"dsn":"mssql+pyodbc://etl:pg2ziALgKSEEFl@dwh/dwh?driver=ODBC+Driver+18"}`,
			}, []string{`sqlserver://sa:<YourStrong@Passw0rd>@localhost:1433`}),
		uri("clickhouse-uri-password", "ClickHouse connection URI with a password",
			[]string{"clickhouse", `clickhouse\+native`}, High, []string{
				`CLICKHOUSE_DSN=clickhouse://writer:MOUdGD?nvsDES%p9kD7Jx#@ch-0.ch:9000/events`,
				`CLICKHOUSE_DSN=clickhouse://writer:ZCGgojrPNLJvApztVj7r@ch-0.ch:9000/events`,
				`{"dsn":"clickhouse+native://reader:Fv1TfEc35JAIYemP@ch.acme.io/logs"}`,
			}, []string{`clickhouse://default:@localhost:9000/default`}),
		uri("ldap-uri-password", "LDAP URI with a bind password",
			[]string{"ldap", "ldaps"}, High, []string{
				`LDAP_URL=ldaps://binder:6Ma8r?lpYaGc#NhxIG#@ldap.corp.local:636`,
				`LDAP_URL=ldaps://cn=svc-sso:Og7viJg75AxVxSh8tB@ldap.corp.local:636`,
				`{"ldap":"ldap://binder:HGSzLsw1oXXBuW@10.0.0.20:389/dc=corp,dc=local"}`,
			}, []string{`ldap://ldap.corp.local:389/dc=corp,dc=local`}),
		uri("smtp-uri-password", "SMTP URI with a password",
			[]string{"smtp", "smtps", "submission"}, High, []string{
				`EMAIL_URL=smtp://mailer:4YQ1rO@oYHG?FOwqR8C#@smtp.mailgun.org:587`,
				`EMAIL_URL=smtp://mailer:ntVq23th6F8Cy8E80xq7@smtp.mailgun.org:587`,
				`{"mail":{"transport":"smtps://alerts%40acme.io:HQEilljK5llYps5V@smtp.gmail.com:465"}}`,
			}, []string{`EMAIL_URL=smtp://localhost:25`, `smtp://user:${SMTP_PASSWORD}@smtp.acme.io`}),
		uri("message-queue-uri-password", "NATS, MQTT or Kafka URI with a password",
			[]string{"nats", "mqtt", "mqtts", "kafka", "tls"}, High, []string{
				`NATS_URL=nats://svc:sN3crv8?TYnUsHq]RaSb#@nats-0.nats:4222`,
				`NATS_URL=nats://svc:LTwrEKKSfbQcIQfcAftT@nats-0.nats:4222`,
				`{"broker":"mqtts://sensor:495qpdVU4ZhI85ME@iot.acme.io:8883"}`,
			}, []string{`nats://nats-0.nats:4222`}),
		uri("graph-db-uri-password", "Neo4j / Bolt URI with a password",
			[]string{"neo4j", `neo4j\+s`, "bolt", `bolt\+s`}, High, []string{
				`NEO4J_URI=neo4j+s://neo4j:AipmBE[JKNU?WcABLf#@a1b2c3d4.databases.neo4j.io`,
				`NEO4J_URI=neo4j+s://neo4j:741CsNVmAbVQvKgnZWlr@a1b2c3d4.databases.neo4j.io`,
				`{"graph":"bolt://reader:OGfZyIWlGU13StfB@graph:7687"}`,
			}, []string{`NEO4J_URI=neo4j://localhost:7687`}),
		uri("ssh-uri-password", "SSH / SCP URI with a password",
			[]string{"ssh", "scp", "rsync"}, High, []string{
				`{"remote":"ssh://deploy:xOVyKk[STj5]Zc5e#@bastion.acme.io:22"}`,
				`rsync to rsync://backup:7HuyeM3G2apjaiUi@nas.local/volume1 failed`,
				`{"remote":"ssh://deploy:SeNgR3AjSl4osNshKA@bastion.acme.io:22"}`,
			}, []string{`git clone ssh://git@github.com/acme/app.git`}),
		uri("snowflake-uri-password", "Snowflake / warehouse URI with a password",
			[]string{"snowflake", "redshift", "trino", "presto", "databricks"}, Critical, []string{
				`SNOWFLAKE_URL=snowflake://loader:Y7yYg@mtr7YS[NNhnIMS#@acme-xy12345/raw/public`,
				`SNOWFLAKE_URL=snowflake://loader:M7HmPJJX04ATSFdsGcxi@acme-xy12345/raw/public?warehouse=LOAD_WH`,
				`{"dsn":"trino://analyst:NWImN20tXMaODcW1@trino.acme.io:443/hive"}`,
			}, []string{`snowflake://<user>:<password>@<account>/db`}),
		{
			ID:          "jdbc-password",
			Description: "JDBC / ODBC connection string with a password parameter",
			Severity:    Critical,
			Keywords:    []string{"jdbc:", "odbc:"},
			IgnoreCase:  true,
			Regex:       `(?:` + cased("jdbc") + `|` + cased("odbc") + `):[a-z0-9]+:[^\s"']{0,200}?[?;&](?i:password|pwd)=(?P<secret>[^&;\s"'\\]{1,128})`,
			Validators:  []Validator{uriPassword},
			TruePositives: []string{
				`url=jdbc:sqlserver://sql01:1433;databaseName=erp;user=app;password=Iml7piDCN9iFufm6;encrypt=true`,
				`{"datasource":"jdbc:mysql://db:3306/shop?user=shop&password=xyQQfjJzZAgoTcdVyZ&useSSL=true"}`,
			},
			FalsePositives: []string{
				`jdbc:postgresql://db:5432/app?user=app&password=${DB_PASSWORD}`,
				`jdbc:mysql://db:3306/shop?user=shop&password=&useSSL=true`,
			},
		},
		{
			ID:          "ado-connection-string-password",
			Description: "ADO.NET / ODBC connection string with Password=",
			Severity:    Critical,
			Keywords:    []string{"data source=", "server="},
			IgnoreCase:  true,
			Regex:       `(?:` + cased("data source") + `|` + cased("server") + `)=[^;"'\s]{1,120};(?:[^;"']{0,80};){0,6}?\s*(?i:password|pwd)=(?P<secret>[^;"'\\\s]{1,128})`,
			Validators:  []Validator{uriPassword},
			TruePositives: []string{
				`ConnectionStrings__Default=Server=sql01.corp.local;Database=Erp;User Id=erp_app;Password=ilDv0Fa7rnqSVJ2yDP;TrustServerCertificate=True`,
				`{"conn":"Data Source=10.0.0.7,1433;Initial Catalog=Billing;User ID=billing;Password=uMQKujwXSPqjsyxE"}`,
			},
			FalsePositives: []string{
				`Server=sql01;Database=Erp;User Id=erp_app;Password=<password>;`,
				`Server=sql01;Database=Erp;Integrated Security=true;`,
			},
		},
	}
}

// uriUserinfo matches "user:password@" after a URI's "scheme://". RFC 3986 wants '#', '?',
// '/', '[', ']', '@' and a bare '%' percent-encoded in a password, but people paste them raw,
// so the password runs to the last '@' before the host (greedy, within the whitespace- or
// quote-delimited token). A single character class keeps the compiled program as small as it
// was (an alternation repeated 256 times made it 2.4 times larger and the scan slower);
// uriPasswordEnd then cuts what ran past the host, and notAPort refuses a "password" that is
// a port ("host:8443/x?m=a@b").
const uriUserinfo = `[^\s:@/?#"'\\]*:(?P<secret>[^\s"'\\]{1,256})@`

// uriPasswordEnd cuts a greedy URI password where it ran past its own URI:
//   - at the last '@' before a "://" (the next URI of a list or query string:
//     "postgres://u:p@h/db&cache=redis://:q@h2");
//   - at an earlier '@' that is plainly the host: one followed by a dotted host name or an
//     address (optionally with a port) and then a path, query or fragment, as in
//     "https://u:p@registry.io/v2/?notify=ops@acme.io", where the last '@' is the query's.
//
// A raw '@' inside a password ("Xk2@9fQ#") is followed by neither, so it stays.
func uriPasswordEnd(secret string) int {
	if k := strings.Index(secret, "://"); k >= 0 {
		if at := strings.LastIndexByte(secret[:k], '@'); at > 0 {
			secret = secret[:at]
		}
	}
	for i := 0; i < len(secret); i++ {
		if secret[i] != '@' {
			continue
		}
		j, dot := i+1, false
		for j < len(secret) && (isWord(secret[j]) || secret[j] == '-' || secret[j] == '.') {
			dot = dot || secret[j] == '.'
			j++
		}
		if !dot || j == i+1 || secret[j-1] == '.' {
			continue
		}
		if j < len(secret) && secret[j] == ':' {
			k := j + 1
			for k < len(secret) && secret[k] >= '0' && secret[k] <= '9' {
				k++
			}
			if k == j+1 {
				continue
			}
			j = k
		}
		if j < len(secret) && strings.IndexByte("/?#", secret[j]) >= 0 {
			return i
		}
	}
	return len(secret)
}
