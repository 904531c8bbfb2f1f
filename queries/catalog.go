package queries

// CatalogVersion identifies this set of built-in rules in reports and metrics. Bump it when a
// rule is added, removed or changes what it matches.
const CatalogVersion = "2026.12.1"

// Catalog returns the built-in rules, in a stable order. Each call returns fresh values, so
// callers may not share state through it; the detector compiles what it is given.
func Catalog() []*Rule {
	var all []*Rule
	for _, family := range families {
		for _, r := range family() {
			r.builtin = true
			describe(r)
			all = append(all, r)
		}
	}
	// The generic rules come last and defer to every rule above (see genericRules).
	for _, r := range genericRules(all) {
		r.builtin = true
		all = append(all, r)
	}
	return all
}

// Samples returns copies of the rule's true-positive and false-positive sample lines, for
// `rules test` style self-checks and for user rules imported with their own examples.
func (r *Rule) Samples() (truePositives, falsePositives []string) {
	return append([]string(nil), r.TruePositives...), append([]string(nil), r.FalsePositives...)
}

// families lists one function per provider file (aws.go, github.go, …).
var families = []func() []*Rule{
	awsRules,
	githubRules,
	gitlabRules,
	stripeRules,
	privateKeyRules,
	webRules,
	connectionRules,
	gcpRules,
	azureRules,
	digitalOceanRules,
	slackRules,
	discordRules,
	twilioRules,
	emailRules,
	aiRules,
	packageRules,
	hashicorpRules,
	secretsManagerRules,
	hostingRules,
	observabilityRules,
	devtoolsRules,
	commerceRules,
	identityRules,
	larkRules,
	launchDarklyRules,
	lichessRules,
	lightOnRules,
	linearRules,
	linkedInRules,
	lobRules,
	lookerRules,
	mailerSendRules,
	mailgunRules,
	mapboxRules,
	mattermostRules,
	maxMindRules,
	merakiRules,
	mercuryRules,
	mergifyRules,
	messageBirdRules,
	midtransRules,
	miniMaxRules,
	mongoDBRules,
	neonRules,
	netlifyRules,
	newRelicRules,
	notionRules,
	nvidiaRules,
	nytimesRules,
	octopusDeployRules,
	ollamaRules,
	oneSignalRules,
	onfidoRules,
	openShiftRules,
	openWeatherRules,
	ovhRules,
	paddleRules,
	personaRules,
	pineconeRules,
	pinterestRules,
	plaidRules,
	planetScaleRules,
	plivoRules,
	polarRules,
	polymarketRules,
	postHogRules,
	prefectRules,
	privateAIRules,
	proofRules,
	rainforestPayRules,
	rampRules,
	rapidAPIRules,
	readmeRules,
	redirectPizzaRules,
	rootlyRules,
	runPodRules,
	salesforceRules,
	samsaraRules,
	scalewayRules,
	scalingoRules,
	segmentRules,
	sendbirdRules,
	sentryRules,
	settleMintRules,
	shippoRules,
	sidekiqRules,
	snowflakeRules,
	snykRules,
	sonarRules,
	sourcegraphRules,
	squarespaceRules,
	sslMateRules,
	stabilityAIRules,
	sumoLogicRules,
	tableauRules,
	tailscaleRules,
	telnyxRules,
	thunderstoreRules,
	togetherAIRules,
	travisCIRules,
	trelloRules,
	twitchRules,
	twitterRules,
	typeformRules,
	unkeyRules,
	upCloudRules,
	upstageRules,
	valTownRules,
	vercelRules,
	wakaTimeRules,
	weatherstackRules,
	weightsAndBiasesRules,
	yandexRules,
	zaiRules,
	zendeskRules,
	zuploRules,
	workOSRules,
	teamsRules,
	nugetConfigRules,
	telegramRules,
	kubernetesRules,
}
