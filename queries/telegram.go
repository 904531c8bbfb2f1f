package queries

import "strings"

// Telegram bot tokens next to their name, for the forms telegram-bot-token (which needs no
// name: a bot id of 8 to 10 digits, then ":AA") does not reach: shorter or longer bot ids, and
// a secret part starting with A and another character.
func telegramRules() []*Rule {
	return []*Rule{
		{
			ID: "telegram-bot-token-named", Description: "Telegram bot token next to its name", Severity: High,
			Provider: "Telegram", Peers: []string{"telegram-bot-api-token"},
			Keywords:   []string{"telegram", "TELEGRAM", "Telegram"},
			Regex:      assigned(namedCredential(`(?:telegram|TELEGRAM|Telegram)`), `([0-9]{5,16}:A[A-Za-z0-9_-]{34})`+valueEnd),
			Validators: []Validator{telegramUncovered},
			MinEntropy: 3.5,
			TruePositives: []string{
				`TELEGRAM_BOT_TOKEN=3442107480:ABfv7EZQ8i7e11DsA-tJUTmnEbqbxod24Tu`,
				`{"level":"info","msg":"bot start","telegram_token":"2531559:AAi604CAcyCG5sDv-G-oJm_cSsdaTckg_q_"}`,
				`telegramToken = 698662651:AgoNEZHWbjgyTZoXEgykcNZw_ckitaEgVSq`,
			},
			FalsePositives: []string{
				`TELEGRAM_BOT_TOKEN=123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11`,
				`telegram_chat_id=-1001234567890`,
			},
		},
	}
}

// telegramUncovered leaves to telegram-bot-token the tokens it reports (bot id of 8 to 10
// digits, secret part starting AA), so a token is reported once.
func telegramUncovered(secret string) string {
	id, rest, _ := strings.Cut(secret, ":")
	if len(id) >= 8 && len(id) <= 10 && strings.HasPrefix(rest, "AA") {
		return reasonCovered
	}
	return ""
}
