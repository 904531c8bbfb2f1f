package queries

func azureRules() []*Rule {
	return []*Rule{{
		ID:          "azure-ad-client-secret",
		Description: "Microsoft Entra ID (Azure AD) application client secret",
		Severity:    Critical,
		// The fourth character is a digit followed by "Q~": one keyword per digit.
		Keywords:   []string{"0Q~", "1Q~", "2Q~", "3Q~", "4Q~", "5Q~", "6Q~", "7Q~", "8Q~", "9Q~"},
		Regex:      `([A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)`,
		MinEntropy: 3.5,
		TruePositives: []string{
			`AZURE_CLIENT_SECRET=VDV8Q~LmxTK62rhRTJVkSSiyez2TkdCMP5lGjmii`,
			`{"tenant":"contoso.onmicrosoft.com","clientSecret":"nLp7Q~SOargpQ2pyIFevuv0nwuTDJy4v7rnyGWuS"}`,
		},
		FalsePositives: []string{
			`AZURE_CLIENT_SECRET=abc8Q~xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`,
			`AZURE_CLIENT_SECRET=${CLIENT_SECRET}`,
		},
	}, {
		ID:          "azure-storage-account-key",
		Description: "Azure Storage account key in a connection string",
		Severity:    Critical,
		Keywords:    []string{"accountkey="},
		IgnoreCase:  true,
		Regex:       cased("account", "key") + `=([A-Za-z0-9+/]{86}==)`,
		MinEntropy:  4.5,
		TruePositives: []string{
			`AZURE_STORAGE_CONNECTION_STRING=DefaultEndpointsProtocol=https;AccountName=acmeprod;AccountKey=xCxy5vOjqivvjyYJFrsvLhR+8IBFZVo7iUeGz2aFi3m6g0W/PBfN4kGz/z8UGni3+Kko8jI8k8AsBc2kC3WZAU==;EndpointSuffix=core.windows.net`,
			`{"msg":"blob client","conn":"DefaultEndpointsProtocol=https;AccountName=logs;AccountKey=I+Cdr8dLxLMipefhqhjnkNOT23+OH5TCCcCtJ/P2C9gjf8tq4Rz74FOw8WgP+9QcXa0pKg4D1HtaXtLmnjoZR/==;"}`,
		},
		FalsePositives: []string{
			`DefaultEndpointsProtocol=https;AccountName=devstoreaccount1;AccountKey=<account-key>;`,
			`AccountKey=******;EndpointSuffix=core.windows.net`,
		},
	}, {
		ID:          "azure-shared-access-key",
		Description: "Azure Service Bus / Event Hubs / IoT Hub shared access key",
		Severity:    High,
		Keywords:    []string{"sharedaccesskey="},
		IgnoreCase:  true,
		// Portal-made keys are 44 characters (256 bits); keys set through the API may be
		// longer or shorter, padded or not.
		Regex:      cased("shared", "access", "key") + `=([A-Za-z0-9+/]{32,100}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Validators: []Validator{mixedCase},
		MinEntropy: 4.0,
		TruePositives: []string{
			`SERVICEBUS_CONNECTION=Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=dO1OTkWpQOMxS8ZvzEv4P50wNziHYX+GvFkbPk+YpKe=`,
			`{"iothub":"HostName=acme.azure-devices.net;SharedAccessKeyName=iothubowner;SharedAccessKey=ai5YcJOSb6RFe30+/uQCNozYXYIwf/QmFb1G46ha5We="}`,
		},
		FalsePositives: []string{`SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=<key>`},
	}, {
		ID:          "azure-app-configuration-connection-string",
		Description: "Azure App Configuration connection string secret",
		Severity:    High,
		Provider:    "Microsoft Azure",
		Peers:       []string{"azure-app-configuration-connection-string"},
		Keywords:    []string{".azconfig.io;"},
		Regex:       `(?i:https://[a-z0-9-]+\.azconfig\.io;Id=[^;\s'"]{4,80};Secret=)([A-Za-z0-9+/]{36,100}={0,2})(?:[^A-Za-z0-9+/=]|$)`,
		Validators:  []Validator{mixedCase},
		MinEntropy:  4.0,
		TruePositives: []string{
			`APPCONFIG_CONNECTION_STRING=Endpoint=https://acme-prod-config.azconfig.io;Id=Xq7L-l9-s0:k2Jd8vPq1mZtR4wN6bYc;Secret=c3VwZXJSYW5kb21LZXlNYXRlcmlhbDRBenVyZUFwcA+Q7xZ9=`,
			`{"msg":"feature flags","conn":"Endpoint=https://flags-eu.azconfig.io;Id=0-l4-s0:Wm3Pq8Xk2Lz7Rt5Vb9Nc;Secret=Nz8kQ2mW7xP4vL9tR3yB6cH1dF5gJ0sZ2aE7uK4oX9iM="}`,
		},
		FalsePositives: []string{
			`Endpoint=https://acme.azconfig.io;Id=<id>;Secret=<secret>`,
			`Endpoint=https://acme.azconfig.io;Id=Xq7L-l9-s0:k2Jd8vPq1mZtR4wN6bYc;Secret=${APPCONFIG_SECRET}`,
		},
	}, {
		ID:          "azure-sas-token",
		Description: "Azure shared access signature (SAS) token",
		Severity:    High,
		Keywords:    []string{"sig="},
		Regex:       `sv=20\d\d-\d\d-\d\d&[^\s"'<>]{0,400}?[?&]sig=([A-Za-z0-9%+/]{40,120})`,
		MinEntropy:  4.0,
		TruePositives: []string{
			`GET /exports/report.csv?sv=2022-11-02&ss=b&srt=sco&sp=rl&se=2026-12-01T00:00:00Z&spr=https&sig=54UHPhCiZ7tPRRZ9ZMKz0po7YGh/qbphdWs/3M0Io6Z%3D HTTP/1.1" 200 88213`,
			`{"upload_url":"https://acme.blob.core.windows.net/in/f.zip?sv=2021-08-06&sr=b&sp=cw&se=2026-11-03&sig=725FGqmzJoZULyj93GlHAcwDARlTD4Nn06nGTPAT%2BYnE%3D"}`,
		},
		FalsePositives: []string{`?sv=2022-11-02&ss=b&sp=r&sig=REDACTED`},
	}, {
		ID:          "azure-devops-pat",
		Description: "Azure DevOps personal access token (identifiable format)",
		Severity:    Critical,
		Keywords:    []string{"AZDO"},
		Regex:       `([A-Za-z0-9]{52,76}AZDO[A-Za-z0-9]{4})`,
		MinEntropy:  4.0,
		TruePositives: []string{
			`AZURE_DEVOPS_EXT_PAT=0h1W6yibbH8DjKfskER0QkwfRmBIdcQaprWWhXR7OJL5btliD9CCoboUCrBubJbSdak9S7EnVvZ7AZDOQ6ZT`,
			`git -c http.extraheader="AUTHORIZATION: bearer IAMrSBrQPxEJesgYhzlnh8AsGKGhVh1WcH2Ush2ER1HlCtGwhZudhzeLh4zMtqNj2aG4q8OfCp5oAZDO4sHs" fetch`,
		},
		FalsePositives: []string{`pipeline=AZDO-build-42`},
	}}
}
