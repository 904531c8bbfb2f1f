package queries

// AI / LLM API providers.
func aiRules() []*Rule {
	simple := func(id, desc, prefix, body string, sev Severity, entropy float64, tps, fps []string) *Rule {
		return &Rule{
			ID: id, Description: desc, Severity: sev,
			Keywords:       []string{prefix},
			Regex:          `(` + prefix + body + `)`,
			MinEntropy:     entropy,
			PreviewPrefix:  len(prefix),
			TruePositives:  tps,
			FalsePositives: fps,
		}
	}
	return []*Rule{
		simple("openai-project-key", "OpenAI project API key", "sk-proj-", `[A-Za-z0-9_-]{40,250}`, Critical, 4.0, []string{
			`OPENAI_API_KEY=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`,
			`{"level":"error","msg":"openai 401","headers":{"Authorization":"Bearer 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"}}`,
		}, []string{`OPENAI_API_KEY=sk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `OPENAI_API_KEY=sk-proj-...`}),
		simple("openai-service-account-key", "OpenAI service account API key", "sk-svcacct-", `[A-Za-z0-9_-]{40,250}`, Critical, 4.0, []string{
			`OPENAI_API_KEY=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`,
			`ts=2026-11-02T10:00:00Z msg="client init" key=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`,
		}, []string{`key=sk-svcacct-<redacted>`}),
		simple("openai-admin-key", "OpenAI admin API key", "sk-admin-", `[A-Za-z0-9_-]{40,250}`, Critical, 4.0, []string{
			`OPENAI_ADMIN_KEY=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`,
			`{"admin_key":"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"}`,
		}, []string{`OPENAI_ADMIN_KEY=sk-admin-${KEY}`}),
		{
			ID:          "openai-legacy-key",
			Description: "OpenAI user API key (legacy format)",
			Severity:    Critical,
			Keywords:    []string{"T3BlbkFJ"},
			Regex:       `(sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})`,
			MinEntropy:  4.0,
			TruePositives: []string{
				`OPENAI_API_KEY=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`,
				`{"msg":"completion","auth":"Bearer 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"}`,
			},
			FalsePositives: []string{`OPENAI_API_KEY=sk-XXXXXXXXXXXXXXXXXXXXT3BlbkFJXXXXXXXXXXXXXXXXXXXX`},
		},
		simple("anthropic-api-key", "Anthropic API key", "sk-ant-api03-", `[A-Za-z0-9_-]{93}AA`, Critical, 4.0, []string{
			`ANTHROPIC_API_KEY=sk-ant-api03-BKYdo0dQOpBhvUOqDtSb1imbh79xyp1ccR2_CvYbTt_Y_M3AodRst6UjuDjXkhwj6X_pG-KRKNKuJ7Q2Pr0FdDzEQUayZAA`,
			`{"level":"warn","msg":"retrying","x-api-key":"sk-ant-api03-t7JpOwxm9bEGYk4_9ERP7U14V9psjVJ8iVfl0ygjgP8-7ee1hP8xVgaCdfXqfayRAoMBxsik4psCt7cQ0vSl18Q1G1VjMAA","attempt":2}`,
		}, []string{`ANTHROPIC_API_KEY=sk-ant-api03-...`, `ANTHROPIC_API_KEY=sk-ant-api03-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXAA`}),
		simple("anthropic-admin-key", "Anthropic Admin API key", "sk-ant-admin01-", `[A-Za-z0-9_-]{93}AA`, Critical, 4.0, []string{
			`ANTHROPIC_ADMIN_KEY=sk-ant-admin01-PxTrb6ao71AzP7xGEmU46-3mKsi10D1TkpuPOKzl5CbkDPbyghmNsvs47dpBqXgqCBynOoGUlokskC7oFJVxGtGLMD97OAA`,
			`{"headers":{"x-api-key":"sk-ant-admin01-riyP4FtGr9rMIE_nSlji4HgERHKyUZNM2RYvkeqVQBeMHjSihrWsVBYYybDpiXsQY__11Esn52kzViE4f8tsNg3EMuKjdAA"}}`,
		}, []string{`x-api-key: sk-ant-admin01-<key>`}),
		simple("huggingface-token", "Hugging Face user access token", "hf_", `[A-Za-z]{34}`, High, 3.5, []string{
			`HF_TOKEN=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`,
			`{"msg":"model download","headers":{"authorization":"Bearer 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"}}`,
		}, []string{`HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`, `model=bf_TxsbguMpIagkwYHPccpwUVQqChhJUMWMzc shelf_shPLmLllZLJxqxvyMpUYDYMOFndApwpkAo`}),
		simple("huggingface-org-token", "Hugging Face organization API token", "api_org_", `[A-Za-z]{34}`, High, 3.5, []string{
			`HUGGINGFACE_ORG_TOKEN=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`,
			`{"token":"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"}`,
		}, []string{`token=api_org_<token>`}),
		simple("groq-api-key", "Groq API key", "gsk_", `[A-Za-z0-9]{52}`, High, 4.0, []string{
			`GROQ_API_KEY=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`,
			`{"provider":"groq","api_key":"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"}`,
		}, []string{`GROQ_API_KEY=gsk_...`}),
		simple("xai-api-key", "xAI (Grok) API key", "xai-", `[A-Za-z0-9_-]{70,120}`, High, 4.0, []string{
			`XAI_API_KEY=xai-6kXrHZdvRVtFdCn7Y9IqBXqdrVi5PADQyXVAMLeaEfc3733Qgm5NHPdQB8qLf8lTLeAzJo10q8zxeD7F`,
			`{"msg":"grok call","auth":"Bearer xai-NBczeajmsIgfKr0ME9zsFyOXQOE1Z9mATXY05a17u2NUCOPl5VfOpwauYeDYdCrJZPxNh2Y79UHTpgc5"}`,
		}, []string{`XAI_API_KEY=xai-<key>`}),
		simple("perplexity-api-key", "Perplexity API key", "pplx-", `[A-Za-z0-9]{48}`, High, 4.0, []string{
			`PERPLEXITY_API_KEY=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`,
			`Authorization: Bearer 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`,
		}, []string{`PERPLEXITY_API_KEY=pplx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`}),
		simple("openrouter-api-key", "OpenRouter API key", "sk-or-v1-", `[a-f0-9]{64}`, High, 3.2, []string{
			`OPENROUTER_API_KEY=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`,
			`{"auth":"Bearer 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"}`,
		}, []string{`OPENROUTER_API_KEY=sk-or-v1-<key>`}),
		simple("replicate-api-token", "Replicate API token", "r8_", `[A-Za-z0-9]{37}`, High, 4.0, []string{
			`REPLICATE_API_TOKEN=r8_yDgsj4607XYgHiLjDxrFxR52lSVEyVLQo2Bks`,
			`{"headers":{"Authorization":"Token r8_j2RXoIj05AT4mgxMCG1hNxvZcjafdt5sH9r3B"}}`,
		}, []string{`REPLICATE_API_TOKEN=r8_<token>`, `id=vr8_wYOmO9NcilIWeC3uDMCfjgOgkSAT8krAAgOtt`}),
		{
			ID:            "langsmith-api-key",
			Description:   "LangSmith API key",
			Severity:      High,
			Keywords:      []string{"lsv2_pt_", "lsv2_sk_"},
			Regex:         `(lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})`,
			MinEntropy:    3.2,
			PreviewPrefix: 8,
			TruePositives: []string{
				`LANGSMITH_API_KEY=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`,
				`{"langsmith_key":"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"}`,
			},
			FalsePositives: []string{`LANGSMITH_API_KEY=lsv2_pt_...`},
		},
		{
			ID:          "cohere-api-key",
			Description: "Cohere API key next to its name",
			Severity:    High,
			Keywords:    []string{"cohere", "co_api_key"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`cohere|co_api_`), `([A-Za-z0-9]{40})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{mixedCase},
			MinEntropy:  4.0,
			TruePositives: []string{
				`COHERE_API_KEY=hzjG7pJKmWCctMotgJW7mCiK0RsLAqBdMdLgxk1w`,
				`<add key="CohereApiKey" value="NNlQXD8CEx7AIkNfDZp6nAQnMjECgTQkF73NIVEZ" />`,
				`argv=[worker --cohere-api-key cCd06w72nh1IS4fNqW9jbPItDptGPODpGcN2HNRp --model command-r]`,
				`{"provider":"cohere","cohere_api_key":"KxzjNyksg9trJaVjGZZ6Z0QqDxKdDot6vO4tITne"}`,
			},
			FalsePositives: []string{`COHERE_API_KEY=${COHERE_API_KEY}`, `cohere_model=commandrplusabcdefghijklmnopqrstuvwxyzabcd`},
		},
		{
			ID:          "mistral-api-key",
			Description: "Mistral AI API key next to its name",
			Severity:    High,
			Keywords:    []string{"mistral"},
			IgnoreCase:  true,
			Regex:       assigned(credentialName(`mistral`), `([A-Za-z0-9]{32})(?:[^A-Za-z0-9]|$)`),
			Validators:  []Validator{digitAndLetter},
			MinEntropy:  3.8,
			TruePositives: []string{
				`MISTRAL_API_KEY=ddeIBHuB6PAtfGsGEsVoKWswextTkZA7`,
				`os.Setenv("MISTRAL_API_KEY", "UpK04s6s1iUByNX00skTC2wOgf6pKpJI")`,
				`mistralApiKey := "ZG5OcGgid9wp4JD2TgBOY3oF3ZZvRCfm"`,
				`{"mistral_api_key":"IgI3LLlTXr9LmtAOSvJmKLLKE4GsbLSy"}`,
			},
			FalsePositives: []string{`MISTRAL_API_KEY=<your key>`, `mistral_model=mistrallargelatestmistrallargelate`},
		},
	}
}
