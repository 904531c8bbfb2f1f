package queries

// CatalogVersion identifies this set of built-in rules in reports and metrics. Bump it when a
// rule is added, removed or changes what it matches.
const CatalogVersion = "2026.12.2"

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
	onepasswordRules,
	adafruitRules,
	adobeRules,
	aikidoRules,
	airtableRules,
	aivenRules,
	algoliaRules,
	alibabaRules,
	amplitudeRules,
	apifyRules,
	asaasRules,
	asanaRules,
	assemblyaiRules,
	atlassianRules,
	authressRules,
	beamerRules,
	bitbucketRules,
	bitlyRules,
	bitriseRules,
	bittrexRules,
	boxRules,
	braveRules,
	buildkiteRules,
	canvaRules,
	cerebrasRules,
	cfxreRules,
	checkoutRules,
	circleciRules,
	civoRules,
	clickhouseRules,
	clickupRules,
	clojarsRules,
	cloudflareRules,
	cloudinaryRules,
	cloudsmithRules,
	cockroachlabsRules,
	codecovRules,
	coinbaseRules,
	configcatRules,
	confluentRules,
	contentfulRules,
	couchbaseRules,
	coverallsRules,
	cratesioRules,
	curlRules,
	cursorRules,
	databentoRules,
	datagovRules,
	datastaxRules,
	deepgramRules,
	deepseekRules,
	definednetworkingRules,
	denoRules,
	devcycleRules,
	devinRules,
	disqusRules,
	dockerRules,
	droneciRules,
	dropboxRules,
	duffelRules,
	dynatraceRules,
	easypostRules,
	ebayRules,
	elasticRules,
	elevenlabsRules,
	endorlabsRules,
	etsyRules,
	exoscaleRules,
	facebookRules,
	fastlyRules,
	figmaRules,
	finicityRules,
	finnhubRules,
	flickrRules,
	flutterwaveRules,
	frameioRules,
	freemiusRules,
	freshbooksRules,
	fullstoryRules,
	gcnotifyRules,
	giteaRules,
	gitterRules,
	gocardlessRules,
	greptileRules,
	gumroadRules,
	harnessRules,
	honeycombRules,
	hubspotRules,
	ibmRules,
	influxdbRules,
	infomaniakRules,
	infracostRules,
	intercomRules,
	intra42Rules,
	ionicRules,
	jfrogRules,
	jumpcloudRules,
	kagiRules,
	kimiRules,
	klaviyoRules,
	krakenRules,
	kucoinRules,
	jwtbase64Rules,
}
