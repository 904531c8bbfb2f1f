package queries

// Pinecone API keys: pcsk_ keys, and the older UUID keys next to their name.
func pineconeRules() []*Rule {
	return []*Rule{
		{
			ID: "pinecone-api-key", Description: "Pinecone API key", Severity: Critical,
			Provider: "Pinecone", Peers: []string{"pinecone-api-key.2"},
			Keywords:   []string{"pcsk_"},
			Regex:      `(pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})` + valueEnd,
			Validators: []Validator{digitAndLetter},
			MinEntropy: 4.0, PreviewPrefix: 5,
			TruePositives: []string{
				`PINECONE_API_KEY=pcsk_UC84bV_v2jdG98kOppVGOj7IP5GjQj8JdCsFuOdfUWDD3JM6Q26jQ7DQins4nopUQf8SKp`,
				`Authorization: Bearer pcsk_ALQXee_7eYTJKOndeddwbL7zC5RipgfWTjJeCpeemJA2vxJydUfqIpPQ0wVjorf9wFdEAz`,
			},
			FalsePositives: []string{
				`PINECONE_API_KEY=pcsk_<your-token>`,
				`PINECONE_API_KEY=pcsk_kxE_0kn4VqsY4kfBK2IpcZw5kzeVXdj2e1WJSc2rBpgt2a9l2cbII7bk0FIRBaim`,
			},
		},
		{
			ID: "pinecone-api-key-legacy", Description: "Pinecone API key (UUID) next to its name", Severity: High,
			Provider: "Pinecone", Peers: []string{"pinecone-api-key.1"},
			Keywords:   []string{"pinecone", "PINECONE", "Pinecone"},
			Regex:      assigned(namedCredential(`(?:pinecone|PINECONE|Pinecone)`), `([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})`+valueEnd),
			MinEntropy: 3.0,
			TruePositives: []string{
				`PINECONE_API_KEY=3141d3a6-7082-93c9-82fc-07bc7591f878`,
				`{"level":"info","msg":"deploy step","pinecone_api_key":"7f837487-4161-4cd1-09e8-de297d394fcb"}`,
			},
			FalsePositives: []string{
				`PINECONE_API_KEY=${PINECONE_API_KEY}`,
			},
		},
	}
}
