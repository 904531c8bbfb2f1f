package queries

import "strings"

func awsRules() []*Rule {
	return []*Rule{{
		ID:            "aws-access-key-id",
		Description:   "AWS access key ID (long-term AKIA, temporary ASIA and other IAM key IDs)",
		Severity:      Critical,
		Keywords:      []string{"AKIA", "ASIA", "ABIA", "ACCA"},
		Regex:         `((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})`,
		MinEntropy:    3.0,
		PreviewPrefix: 4,
		TruePositives: []string{
			`{"level":"info","msg":"assume role","key":"AKIA6H3KA35WXH562CEZ"}`,
			`AWS_ACCESS_KEY_ID=ASIACN3L2YLMBXMUSDPQ`,
			`ts=2026-11-02T10:04:11Z level=debug caller=s3.go:88 access_key=ABIAEWB7RYD33CRENLV4 bucket=invoices`,
		},
		FalsePositives: []string{
			`aws_access_key_id = AKIAIOSFODNN7EXAMPLE`,
			`blob=xAKIABXTONKLMVPPBC2PBx`,
			`{"upload_id":"vAKIAJW3ZISMQBEQGGQ2IQWE"}`,
			`AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX`,
		},
	}, {
		ID:          "aws-secret-access-key",
		Description: "AWS secret access key next to its name",
		Severity:    Critical,
		Keywords:    awsSecretKeyWords(),
		IgnoreCase:  true,
		// The key may go on past the keyword (AWS_SECRET_ACCESS_KEY_TOKEN, aws_secret_keyValue),
		// as long as what follows still names the secret: awsSecretKeyName refuses
		// secret_access_key_id, _hash, _arn and the like.
		Regex:           assigned(`(?:`+cased("secret_access_key")+`|`+cased("secret", "access", "key")+`|`+cased("aws_secret_key")+`)[A-Za-z0-9_.-]{0,12}`, `([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)`),
		Validators:      []Validator{digitAndLetter},
		MatchValidators: []MatchValidator{awsSecretKeyName},
		MinEntropy:      4.0,
		TruePositives: []string{
			`AWS_SECRET_KEY_TOKEN=sPZVZYLox7Z2x9sJswotLw1V7LAGQkMs/Q4INHww`,
			`{"config":{"secret_access_key_value":"3jITlDONKZBw1e5SziFEG9c/waGlbCEyvaxi2slH"}}`,
			`var secretAccessKeyToken string = "Tnlr7ZykwhyfMs86r7nGz6PHzikYOLmLq9TcSYzS"`,
			`aws_secret_access_key=aVsAfVWkA1j2ACvKOfKMRgWHKpLSJId19QyLfdOo`,
			`<Credentials><SessionToken>[redacted]</SessionToken><SecretAccessKey>OSd9ZYGiOo9YUDdZpJQ5Slq0db+sXcizmJ6Gv2Ea</SecretAccessKey></Credentials>`,
			`System.setProperty("aws.secretAccessKey", "5SlF4KXyZW9CrTi4Y+ZMj34PVBt44I0OV8K6UBP8");`,
			`{"Name":"AWS_SECRET_ACCESS_KEY","Value":"WlFPW0UI5Qdrh7bWxEQ5r5SXARGe3K9pC3w90WuJ"}`,
			`{"Version":1,"SecretAccessKey":"Ke/N9AxiYcYBk4bQtpUvoZhULxu/RRqvlpQQ0cBO","Expiration":"2026-11-02T12:00:00Z"}`,
			`{"log":"export AWS_SECRET_ACCESS_KEY=Yt8uHoKOVgMqiq0752d3QbA5JVC9LD5RdG2cy898\n","stream":"stdout"}`,
		},
		FalsePositives: []string{
			`aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
			`aws_secret_access_key=${AWS_SECRET_ACCESS_KEY}`,
			`secret_access_key: ****************************************`,
			`msg="rotated" secret_access_key_id=kHV20Y0icJkF+KZxLAqJU+wRsx+OLsW+Sy/hurp0extra`,
			// a name that goes on into something other than the secret
			`{"secret_access_key_hash":"mkr5WkQSWdOVXbm96kFJCHQA2d/aloY+0JLkfdQt"}`,
			`aws_secret_key_arn=ZqNnlwR/hFO71bND/gGDJle4gk2ozqPQGNIi2ywb`,
		},
	}, {
		ID:            "aws-session-token",
		Description:   "AWS STS session token",
		Severity:      High,
		Keywords:      []string{"IQoJb3JpZ2luX2Vj", "FwoGZXIvYXdz"},
		Regex:         `((?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz)[A-Za-z0-9/+]{100,1000}={0,2})`,
		MinEntropy:    4.5,
		PreviewPrefix: 12,
		TruePositives: []string{
			`AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEdSCz0X8tSXSpdYKvcuEqgUhA/k8qNntHj/4APeEY7ugaCIG7438n+I7UhyXcxGeR6lHtpkMZWom9Fp4rI5eBS6mEhUFVP0Ggz5/pHacswNqxPi2MFRIMmC7nTx7rHfxd1SBVG3n5LuT5lXimGAbouBzzJKYP2prURZko1r5ElweynX+rFQLTvXpFPELe7qjWw/LOGrcxCqZJkuLqGOLvjbAN0z09`,
			`{"Credentials":{"SessionToken":"FwoGZXIvYXdzEUkh+LsqWiXXHDjlfRwXgCM8efsMnIoqDFkSgI4AuaBjbEBCGIV60/AENrZ1N9JIZ3MQQZMKELR045ZyqBb0yXawYP67XXDZCO8VLqG/l3bUnz+/kOFOM5+qBWfD99arOb0MCHL5+qnpAI8S9MnwK5PfD2MBAyibZpBAN1yr4Wiy7U+HGo5OW==","Expiration":"2026-11-02T12:00:00Z"}}`,
		},
		FalsePositives: []string{
			`AWS_SESSION_TOKEN=IQoJb3JpZ2luX2Vj`,
			`x-amz-security-token: IQoJb3JpZ2luX2Vj[REDACTED]`,
		},
	}, {
		ID:            "aws-mws-auth-token",
		Description:   "Amazon Marketplace Web Service auth token",
		Severity:      High,
		Keywords:      []string{"amzn.mws."},
		Regex:         `(amzn\.mws\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`,
		MinEntropy:    3.0,
		PreviewPrefix: 9,
		TruePositives: []string{
			`MWS_AUTH_TOKEN=amzn.mws.f6dd168e-4614-44a6-ad9b-64257983aceb`,
			`{"seller":"A2EUQ1WTGCTBG2","mws_auth_token":"amzn.mws.dc6dd4c0-bf42-4ece-afda-d6574cbabd62"}`,
		},
		FalsePositives: []string{
			`mws_auth_token=amzn.mws.00000000-0000-0000-0000-000000000000`,
			`docs: tokens look like amzn.mws.<uuid>`,
		},
	}, {
		ID:            "aws-bedrock-api-key",
		Description:   "Amazon Bedrock long-term API key",
		Severity:      Critical,
		Keywords:      []string{"ABSKQmVkcm9ja0FQSUtleS"},
		Regex:         `(ABSKQmVkcm9ja0FQSUtleS[A-Za-z0-9+/]{100,300}={0,2})`,
		MinEntropy:    4.0,
		PreviewPrefix: 4,
		TruePositives: []string{
			`AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleSBOk8Ksf3MdO2QJ9DM/TYL3Q4f9EPtf/8rpBoWrmfTw5RD/e72N+JizrLnSGDv8QTty6DDzRvfI8Q9dR5M1pRbjIhdkZ7KA963VkyGvrkQZK5YR`,
			`{"headers":{"Authorization":"Bearer ABSKQmVkcm9ja0FQSUtleSV6xgLJ40jSjlfcO48CwujTKJqXzNoQ0rZem+Ph9abOnP/pyOZLrPoDg4aEYICxMnjRCVjnDqFZLbaQ697pJ/I6DFPUU/hVLnqU4EYn5KY+lWDdB5nNci2f="}}`,
		},
		FalsePositives: []string{
			`AWS_BEARER_TOKEN_BEDROCK=ABSKQmVkcm9ja0FQSUtleS`,
			`key=xABSKQmVkcm9ja0FQSUtleSajYW59Kwsq0gnNecyg3qwsubhsgXeRb+exeEq2dzPC78mtzQtsXz1pq/xG9uj3Rg/2+NrUs0A7Zyw5cpN9EvW4GPQCGnPvKMMwCvtl/OLWTK8G`,
		},
	}, {
		// A short-lived Bedrock key is "bedrock-api-key-" and the base64 of a presigned
		// bedrock.amazonaws.com URL (valid up to 12 hours): the encoded host is fixed, so even a
		// key cut short in a log is recognised.
		ID:            "aws-bedrock-api-key-short-lived",
		Description:   "Amazon Bedrock short-lived API key (presigned URL)",
		Severity:      High,
		Provider:      "AWS",
		Peers:         []string{"aws-amazon-bedrock-api-key-short-lived"},
		Keywords:      []string{"bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t"},
		Regex:         `(bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/]*={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		PreviewPrefix: 16,
		TruePositives: []string{
			`AWS_BEARER_TOKEN_BEDROCK=bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1NiZYLUFtei1DcmVkZW50aWFsPUFTSUE3UTJLOFhOM1YyUDRXNUhKJTJGMjAyNjExMDQlMkZ1cy1lYXN0LTElMkZiZWRyb2NrJTJGYXdzNF9yZXF1ZXN0JlgtQW16LURhdGU9MjAyNjExMDRUMDkxMjQ0WiZYLUFtei1FeHBpcmVzPTQzMjAwJlgtQW16LVNpZ25hdHVyZT1mM2E5YzFkN2U1YjI0ODZhOTBjM2Q3ZTFmNGIyYTg2YzVkOWUwZjNiNmE4YzJkNGU3ZjFhOWIzYzVkOGUyZjRhJlZlcnNpb249MQ==`,
			`{"level":"debug","msg":"invoke model","authorization":"Bearer bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29tLz9BY3Rpb249Q2FsbFdpdGhCZWFyZXJUb2tlbiZYLUFtei1BbGdvcml0aG09QVdTNC1ITUFDLVNIQTI1Ng"}`,
		},
		FalsePositives: []string{
			`see https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html: keys start bedrock-api-key-`,
			`docs: the prefix bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29x is not a key`,
		},
	}}
}

// awsSecretKeyWords are aws-secret-access-key's keywords, which its regex and its name check
// also spell (regex-safe as they are).
func awsSecretKeyWords() []string {
	return []string{"secret_access_key", "secretaccesskey", "aws_secret_key"}
}

// awsSecretKeyName refuses a key that goes on past its keyword into words that name
// something other than the secret (secret_access_key_id, aws_secret_key_hash): after the
// keyword, only the words a secret's name may end with (token, value, b64, …) are allowed.
func awsSecretKeyName(match, _ string) string {
	name := keyName(match)
	lower := strings.ToLower(name)
	end := -1
	for _, k := range awsSecretKeyWords() {
		if i := strings.LastIndex(lower, k); i >= 0 && i+len(k) > end {
			end = i + len(k)
		}
	}
	if end < 0 {
		return ""
	}
	for _, w := range keyWords(name[end:]) {
		if !trailing(w) {
			return reasonStructure
		}
	}
	return ""
}
