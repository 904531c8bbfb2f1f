package queries

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
)

// earlyRules names the provider and the peers' rule ids of the rules written before Rule had
// Provider and Peers; a rule's own fields win over this table. New rules set their fields.
var earlyRules = map[string]struct {
	provider string
	peers    []string
}{
	"aws-access-key-id":                {"AWS", []string{"aws-access-token"}},
	"aws-secret-access-key":            {"AWS", []string{"aws-secret-access-key"}},
	"aws-session-token":                {"AWS", nil},
	"aws-mws-auth-token":               {"AWS", nil},
	"aws-bedrock-api-key":              {"AWS", []string{"aws-amazon-bedrock-api-key-long-lived"}},
	"github-pat":                       {"GitHub", []string{"github-pat"}},
	"github-oauth-token":               {"GitHub", []string{"github-oauth"}},
	"github-user-to-server-token":      {"GitHub", []string{"github-app-token"}},
	"github-installation-token":        {"GitHub", []string{"github-app-token"}},
	"github-refresh-token":             {"GitHub", []string{"github-refresh-token"}},
	"github-fine-grained-pat":          {"GitHub", []string{"github-fine-grained-pat"}},
	"github-oauth-client-secret":       {"GitHub", nil},
	"gitlab-pat-routable":              {"GitLab", []string{"gitlab-pat-routable", "gitlab-pat-routable-versioned"}},
	"gitlab-runner-token-routable":     {"GitLab", []string{"gitlab-runner-authentication-token-routable"}},
	"gitlab-pat":                       {"GitLab", []string{"gitlab-pat"}},
	"gitlab-runner-token":              {"GitLab", []string{"gitlab-runner-authentication-token"}},
	"gitlab-runner-registration-token": {"GitLab", []string{"gitlab-rrt"}},
	"gitlab-deploy-token":              {"GitLab", []string{"gitlab-deploy-token"}},
	"gitlab-pipeline-trigger-token":    {"GitLab", []string{"gitlab-ptt"}},
	"gitlab-cicd-job-token":            {"GitLab", []string{"gitlab-cicd-job-token"}},
	"gitlab-scim-token":                {"GitLab", []string{"gitlab-scim-token"}},
	"gitlab-feature-flag-token":        {"GitLab", []string{"gitlab-feature-flag-client-token"}},
	"gitlab-oauth-app-secret":          {"GitLab", []string{"gitlab-oauth-app-secret"}},
	"gitlab-feed-token":                {"GitLab", []string{"gitlab-feed-token"}},
	"gitlab-incoming-mail-token":       {"GitLab", []string{"gitlab-incoming-mail-token"}},
	"gitlab-agent-token":               {"GitLab", []string{"gitlab-kubernetes-agent-token"}},
	"gitlab-session-cookie":            {"GitLab", []string{"gitlab-session-cookie"}},
	"stripe-secret-key":                {"Stripe", []string{"stripe-access-token"}},
	"stripe-restricted-key":            {"Stripe", []string{"stripe-access-token"}},
	"stripe-webhook-secret":            {"Stripe", nil},
	"private-key-rsa":                  {"Private keys", []string{"private-key"}},
	"private-key-pkcs8":                {"Private keys", []string{"private-key"}},
	"private-key-ec":                   {"Private keys", []string{"private-key"}},
	"private-key-openssh":              {"Private keys", []string{"private-key"}},
	"private-key-encrypted":            {"Private keys", []string{"private-key"}},
	"private-key-dsa":                  {"Private keys", []string{"private-key"}},
	"private-key-pgp":                  {"Private keys", []string{"private-key"}},
	"putty-private-key":                {"Private keys", nil},
	"age-secret-key":                   {"age", []string{"age-secret-key"}},
	"jwt":                              {"JSON Web Token", []string{"jwt"}},
	"http-basic-auth-header":           {"HTTP credentials", []string{"curl-auth-header"}},
	"url-credentials":                  {"HTTP credentials", nil},
	"postgres-uri-password":            {"Connection strings", nil},
	"mysql-uri-password":               {"Connection strings", nil},
	"mongodb-uri-password":             {"Connection strings", []string{"mongodb-connection-string"}},
	"redis-uri-password":               {"Connection strings", nil},
	"amqp-uri-password":                {"Connection strings", nil},
	"mssql-uri-password":               {"Connection strings", nil},
	"clickhouse-uri-password":          {"Connection strings", nil},
	"ldap-uri-password":                {"Connection strings", nil},
	"smtp-uri-password":                {"Connection strings", nil},
	"message-queue-uri-password":       {"Connection strings", nil},
	"graph-db-uri-password":            {"Connection strings", nil},
	"ssh-uri-password":                 {"Connection strings", nil},
	"snowflake-uri-password":           {"Connection strings", nil},
	"jdbc-password":                    {"Connection strings", nil},
	"ado-connection-string-password":   {"Connection strings", nil},
	"gcp-api-key":                      {"Google Cloud", []string{"gcp-api-key"}},
	"gcp-oauth-client-secret":          {"Google Cloud", nil},
	"gcp-oauth-refresh-token":          {"Google Cloud", nil},
	"gcp-oauth-access-token":           {"Google Cloud", nil},
	"azure-ad-client-secret":           {"Microsoft Azure", []string{"azure-ad-client-secret"}},
	"azure-storage-account-key":        {"Microsoft Azure", []string{"azure-storage-account-key"}},
	"azure-shared-access-key":          {"Microsoft Azure", []string{"azure-servicebus-connection-string"}},
	"azure-sas-token":                  {"Microsoft Azure", nil},
	"azure-devops-pat":                 {"Microsoft Azure", nil},
	"digitalocean-pat":                 {"DigitalOcean", []string{"digitalocean-pat"}},
	"digitalocean-oauth-token":         {"DigitalOcean", []string{"digitalocean-access-token"}},
	"digitalocean-refresh-token":       {"DigitalOcean", []string{"digitalocean-refresh-token"}},
	"slack-bot-token":                  {"Slack", []string{"slack-bot-token"}},
	"slack-user-token":                 {"Slack", []string{"slack-user-token"}},
	"slack-workspace-token":            {"Slack", []string{"slack-legacy-workspace-token"}},
	"slack-app-token":                  {"Slack", []string{"slack-app-token"}},
	"slack-config-access-token":        {"Slack", []string{"slack-config-access-token"}},
	"slack-config-refresh-token":       {"Slack", []string{"slack-config-refresh-token"}},
	"slack-webhook-url":                {"Slack", []string{"slack-webhook-url"}},
	"discord-bot-token":                {"Discord", nil},
	"discord-webhook-url":              {"Discord", nil},
	"telegram-bot-token":               {"Telegram", []string{"telegram-bot-api-token"}},
	"twilio-auth-token":                {"Twilio", nil},
	"twilio-api-key-sid":               {"Twilio", []string{"twilio-api-key"}},
	"sendgrid-api-key":                 {"SendGrid", []string{"sendgrid-api-token"}},
	"mailgun-api-key":                  {"Mailgun", []string{"mailgun-private-api-token"}},
	"mailchimp-api-key":                {"Mailchimp", []string{"mailchimp-api-key"}},
	"brevo-api-key":                    {"Brevo (Sendinblue)", []string{"sendinblue-api-token"}},
	"postmark-server-token":            {"Postmark", nil},
	"openai-project-key":               {"OpenAI", []string{"openai-api-key"}},
	"openai-service-account-key":       {"OpenAI", []string{"openai-api-key"}},
	"openai-admin-key":                 {"OpenAI", []string{"openai-api-key"}},
	"openai-legacy-key":                {"OpenAI", []string{"openai-api-key"}},
	"anthropic-api-key":                {"Anthropic", []string{"anthropic-api-key"}},
	"anthropic-admin-key":              {"Anthropic", []string{"anthropic-admin-api-key"}},
	"huggingface-token":                {"Hugging Face", []string{"huggingface-access-token"}},
	"huggingface-org-token":            {"Hugging Face", []string{"huggingface-organization-api-token"}},
	"groq-api-key":                     {"Groq", []string{"groq-api-key"}},
	"xai-api-key":                      {"xAI", []string{"xai-api-key"}},
	"perplexity-api-key":               {"Perplexity", []string{"perplexity-api-key"}},
	"openrouter-api-key":               {"OpenRouter", []string{"openrouter-api-key"}},
	"replicate-api-token":              {"Replicate", []string{"replicate-api-token"}},
	"langsmith-api-key":                {"LangChain LangSmith", []string{"langchain-langsmith-personal-access-token", "langchain-langsmith-service-key"}},
	"cohere-api-key":                   {"Cohere", []string{"cohere-api-token"}},
	"mistral-api-key":                  {"Mistral AI", []string{"mistral-api-key"}},
	"npm-access-token":                 {"npm", []string{"npm-access-token"}},
	"pypi-upload-token":                {"PyPI", []string{"pypi-upload-token"}},
	"docker-hub-token":                 {"Docker", []string{"dockerhub-personal-access-token", "dockerhub-organization-access-token"}},
	"jfrog-api-key":                    {"JFrog Artifactory", []string{"jfrog-api-key", "artifactory-api-key"}},
	"jfrog-identity-token":             {"JFrog Artifactory", []string{"jfrog-identity-token", "artifactory-reference-token"}},
	"rubygems-api-key":                 {"RubyGems", []string{"rubygems-api-token"}},
	"nuget-api-key":                    {"NuGet", nil},
	"vault-service-token":              {"HashiCorp Vault", []string{"vault-service-token"}},
	"vault-batch-token":                {"HashiCorp Vault", []string{"vault-batch-token"}},
	"vault-legacy-token":               {"HashiCorp Vault", nil},
	"terraform-cloud-token":            {"HashiCorp Terraform", []string{"hashicorp-tf-api-token"}},
	"doppler-token":                    {"Doppler", []string{"doppler-api-token"}},
	"1password-service-account-token":  {"1Password", []string{"1password-service-account-token"}},
	"heroku-api-key":                   {"Heroku", []string{"heroku-api-key-v2"}},
	"heroku-api-key-legacy":            {"Heroku", []string{"heroku-api-key"}},
	"vercel-token":                     {"Vercel", []string{"vercel-api-token"}},
	"supabase-access-token":            {"Supabase", []string{"supabase-management-token"}},
	"supabase-secret-key":              {"Supabase", []string{"supabase-project-api-key"}},
	"netlify-access-token":             {"Netlify", []string{"netlify-access-token"}},
	"flyio-token":                      {"Fly.io", []string{"flyio-access-token"}},
	"render-api-key":                   {"Render", []string{"render-api-key"}},
	"sentry-org-token":                 {"Sentry", []string{"sentry-org-token"}},
	"sentry-user-token":                {"Sentry", []string{"sentry-user-token"}},
	"postman-api-key":                  {"Postman", []string{"postman-api-token"}},
	"newrelic-user-api-key":            {"New Relic", []string{"new-relic-user-api-key"}},
	"newrelic-insights-key":            {"New Relic", []string{"new-relic-insert-key"}},
	"newrelic-license-key":             {"New Relic", nil},
	"datadog-api-key":                  {"Datadog", []string{"datadog-api-key"}},
	"datadog-app-key":                  {"Datadog", []string{"datadog-application-key"}},
	"grafana-service-account-token":    {"Grafana", []string{"grafana-service-account-token"}},
	"grafana-cloud-token":              {"Grafana", []string{"grafana-cloud-api-token"}},
	"grafana-api-key-legacy":           {"Grafana", []string{"grafana-api-key"}},
	"databricks-token":                 {"Databricks", []string{"databricks-api-token"}},
	"pulumi-access-token":              {"Pulumi", []string{"pulumi-api-token"}},
	"linear-api-key":                   {"Linear", []string{"linear-api-key"}},
	"linear-oauth-token":               {"Linear", nil},
	"atlassian-api-token":              {"Atlassian", []string{"atlassian-api-token"}},
	"bitbucket-app-password":           {"Atlassian", nil},
	"shopify-access-token":             {"Shopify", []string{"shopify-access-token"}},
	"shopify-shared-secret":            {"Shopify", []string{"shopify-shared-secret"}},
	"shopify-custom-app-token":         {"Shopify", []string{"shopify-custom-access-token"}},
	"shopify-private-app-token":        {"Shopify", []string{"shopify-private-app-access-token"}},
	"square-access-token":              {"Square", []string{"square-access-token"}},
	"square-oauth-secret":              {"Square", []string{"square-secret"}},
	"square-legacy-access-token":       {"Square", []string{"square-access-token"}},
	"braintree-access-token":           {"Braintree (PayPal)", nil},
	"paypal-client-secret":             {"PayPal", nil},
	"auth0-client-secret":              {"Auth0", nil},
	"okta-api-token":                   {"Okta", []string{"okta-access-token"}},
}

// describe fills a built-in rule's Provider and Peers from earlyRules when it has none.
func describe(r *Rule) {
	e, ok := earlyRules[r.ID]
	if !ok {
		return
	}
	if r.Provider == "" {
		r.Provider = e.provider
	}
	if r.Peers == nil {
		r.Peers = append([]string(nil), e.peers...)
	}
}

// checkNames describe the shared validators in the rules doc and rules list. A validator not
// named here is shown by its function name.
var checkNames = map[string]string{
	"crc32Base62Tail":       "CRC32 checksum (base62 tail)",
	"gitlabRoutable":        "CRC32 checksum (routable token)",
	"grafanaServiceAccount": "CRC32 checksum (hex tail)",
	"bech32Checksum":        "Bech32 checksum",
	"jwtStructure":          "signed JWT: JSON header and payload",
	"uriPassword":           "placeholder passwords refused",
	"notAPort":              "not a port",
	"coveredByProvider":     "defers to provider rules",
	"basicAuthCredential":   "decodes to user:password",
	"pemBody":               "PEM key body",
	"digitAndLetter":        "digits and letters",
	"mixedCase":             "upper and lower case and digits",
	"base64JSON":            "base64 of a JSON document",
	"twoClasses":            "two character classes",
	"sentryOrgToken":        "base64 JSON payload",
	"refusePrefix":          "another kind of key refused by its prefix",
	"telegramUncovered":     "defers to telegram-bot-token",
	"notEnvReference":       "an %ENV% reference refused",
	"notNuGetDocExample":    "documented example refused",
	"base64Value":           "base64 value",
}

// Checks names the checks the detector applies to a candidate of r beyond its regex, in
// order: entropy floor, validators and match validators. (Allowlisted vendor examples,
// placeholders and sequences are refused for every rule and not listed.)
func (r *Rule) Checks() []string {
	var out []string
	if r.MinEntropy > 0 {
		out = append(out, fmt.Sprintf("entropy ≥ %.1f bits/char", r.MinEntropy))
	}
	name := func(f any) string {
		n := runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name()
		n = n[strings.LastIndexByte(n, '/')+1:]
		n = strings.TrimPrefix(n, "queries.")
		// A closure is named after the functions it sits in (proofRules.refusePrefix.func1),
		// and one inlined into another closure after both (githubRules.func1.crc32Base62Tail.func2):
		// the validator is the innermost name that is not a closure's.
		parts := strings.Split(n, ".")
		for i := len(parts) - 1; i >= 0; i-- {
			if !isClosureName(parts[i]) {
				n = parts[i]
				break
			}
		}
		if d, ok := checkNames[n]; ok {
			return d
		}
		return n
	}
	for _, v := range r.Validators {
		out = append(out, name(v))
	}
	for _, v := range r.MatchValidators {
		out = append(out, name(v))
	}
	return out
}

// isClosureName: a part of a Go function name the compiler gives a closure (func1, or the
// 1 of func1.1 for a closure inside it).
func isClosureName(s string) bool {
	s = strings.TrimPrefix(s, "func")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// SecretPattern is the part of r's regex that matches the secret itself (its secret group),
// as written in the rule, for the rules doc: the whole regex when it has no group.
func (r *Rule) SecretPattern() string {
	type group struct {
		start, end int
		name       string
	}
	var groups []group // by capture number - 1
	var open []int     // indexes into groups, -1 for a non-capturing group
	re := r.Regex
	inClass := false
	for i := 0; i < len(re); i++ {
		switch c := re[i]; {
		case c == '\\':
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			if strings.HasPrefix(re[i+1:], "^") {
				i++
			}
			if strings.HasPrefix(re[i+1:], "]") {
				i++
			}
		case c == '(':
			rest := re[i+1:]
			switch {
			case strings.HasPrefix(rest, "?P<"), strings.HasPrefix(rest, "?<"):
				n := strings.IndexByte(rest, '<')
				e := strings.IndexByte(rest, '>')
				groups = append(groups, group{start: i + 1 + e + 1, name: rest[n+1 : e]})
				open = append(open, len(groups)-1)
			case strings.HasPrefix(rest, "?"):
				open = append(open, -1)
			default:
				groups = append(groups, group{start: i + 1})
				open = append(open, len(groups)-1)
			}
		case c == ')' && len(open) > 0:
			if g := open[len(open)-1]; g >= 0 {
				groups[g].end = i
			}
			open = open[:len(open)-1]
		}
	}
	pick := -1
	switch {
	case r.SecretGroup > 0 && r.SecretGroup <= len(groups):
		pick = r.SecretGroup - 1
	default:
		for i, g := range groups {
			if g.name == "secret" {
				pick = i
				break
			}
		}
		if pick < 0 && len(groups) > 0 {
			pick = 0
		}
	}
	if pick < 0 || groups[pick].end < groups[pick].start {
		return re
	}
	return re[groups[pick].start:groups[pick].end]
}

// NameThenValue reports whether r finds its secret after a name, through the shared grammar
// (assigned), rather than by the secret's own shape.
func (r *Rule) NameThenValue() bool { return strings.Contains(r.Regex, separator) }
