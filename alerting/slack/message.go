package slack

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/slack-go/slack"
)

// Block Kit limits (https://api.slack.com/reference/block-kit/blocks): a header's text is at
// most 150 characters, a section field at most 2000, a button URL at most 3000.
const (
	maxHeader   = 150
	maxField    = 300 // far below Slack's 2000: a field is a glance, the link has the rest
	maxLinkURL  = 3000
	timeLayout  = "2006-01-02 15:04:05 UTC"
	headerEmoji = ":rotating_light: "
)

// message renders a as Slack's fallback text and Block Kit blocks. It reads only the Alert's
// fields, which carry redacted data by contract; it never sees a secret. footer ends a first
// message (what to do, what the thread will hold).
func message(a alerting.Alert, footer string) (string, []slack.Block) {
	if a.Kind == alerting.KindResolved {
		return resolvedMessage(a)
	}
	sighting := a.Kind == alerting.KindSighting
	text, blocks := heading(a, sighting)
	blocks = append(blocks, slack.NewSectionBlock(nil, alertFields(a, sighting), nil))
	if b := linkBlock(a); b != nil {
		blocks = append(blocks, b)
	}
	if !sighting {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			escape(footer), false, false)))
	}
	return text, blocks
}

// heading is the fallback text and the blocks that open the message: "seen again" for a
// sighting, a header (and, reopened, why it is back) otherwise.
func heading(a alerting.Alert, sighting bool) (string, []slack.Block) {
	desc := a.Description
	if desc == "" {
		desc = a.RuleID
	}
	if sighting {
		seen := fmt.Sprintf("Seen again (%s sightings)", countText(a.Count))
		// The fallback text is mrkdwn too (notifications, clients without blocks): every value
		// built from log data or config is escaped as the blocks' are.
		text := fmt.Sprintf("%s: %s (%s) in %s at %s, preview %s", seen, escape(desc), escape(a.RuleID), escape(a.Source), escape(a.Location), escape(a.Preview))
		return text, []slack.Block{slack.NewSectionBlock(
			slack.NewTextBlockObject(slack.MarkdownType, ":eyes: *"+escape(seen)+"*", false, false), nil, nil)}
	}
	title := "Secret leaked: " + desc
	if a.Kind == alerting.KindReopened {
		title = "Secret leaked again: " + desc
	}
	text := fmt.Sprintf("%s (%s, %s) in %s at %s, preview %s", escape(title), escape(a.RuleID), escape(a.Severity), escape(a.Source), escape(a.Location), escape(a.Preview))
	blocks := []slack.Block{slack.NewHeaderBlock(
		slack.NewTextBlockObject(slack.PlainTextType, truncate(headerEmoji+plain(title), maxHeader), true, false))}
	if a.Kind == alerting.KindReopened {
		blocks = append(blocks, slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"This incident was resolved and the secret has been seen again: it is still in use or still being logged.", false, false)))
	}
	return text, blocks
}

// alertFields are the incident's fields; a sighting adds when it was first seen and how often.
func alertFields(a alerting.Alert, sighting bool) []*slack.TextBlockObject {
	fields := []*slack.TextBlockObject{
		field("Rule", "`"+code(a.RuleID)+"`"),
		field("Severity", escape(a.Severity)),
		field("Source", escape(a.Source)),
		field("Location", escape(a.Location)),
	}
	if !a.EventTime.IsZero() {
		fields = append(fields, field("Event time", a.EventTime.UTC().Format(timeLayout)))
	}
	fields = append(fields,
		field("Preview", "`"+code(a.Preview)+"`"),
		field("Fingerprint", "`"+code(a.Fingerprint)+"`"))
	if a.Verified != "" {
		fields = append(fields, field("Verified", escape(string(a.Verified)+" ("+a.VerifyReason+")")))
	}
	if sighting {
		if !a.FirstSeen.IsZero() {
			fields = append(fields, field("First seen", a.FirstSeen.UTC().Format(timeLayout)))
		}
		fields = append(fields, field("Sightings", countText(a.Count)))
	}
	return fields
}

// linkBlock is a button to the log line, or the link as text; nil when there is none (or it
// is the location already shown). Slack rejects a button whose URL is not http(s)
// (invalid_blocks), so a file:line link is shown as text instead.
func linkBlock(a alerting.Alert) slack.Block {
	if a.Link == "" {
		return nil
	}
	if isWebURL(a.Link) && len(a.Link) <= maxLinkURL {
		btn := slack.NewButtonBlockElement("open_log_line", strconv.FormatInt(a.IncidentID, 10),
			slack.NewTextBlockObject(slack.PlainTextType, "Open the log line", false, false)).WithURL(a.Link)
		return slack.NewActionBlock("", btn)
	}
	if a.Link != a.Location {
		return slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"Link: "+escape(truncate(a.Link, maxField)), false, true))
	}
	return nil
}

func field(name, value string) *slack.TextBlockObject {
	if value == "" || value == "``" {
		value = "–"
	}
	// verbatim: Slack does not turn URLs, #channels or @names in the value into links.
	return slack.NewTextBlockObject(slack.MarkdownType, "*"+name+"*\n"+truncate(value, maxField), false, true)
}

func countText(n int64) string {
	if n <= 0 {
		return "?"
	}
	return strconv.FormatInt(n, 10)
}

// escape neutralises Slack's mrkdwn control sequences (<!channel>, <url|label>) and
// mentions (@here, @channel, @everyone) in values that come from log labels, lines or file
// paths: log data is hostile, and must reach a channel as inert text.
func escape(s string) string { return alerting.BreakMentions(mrkdwnEscaper.Replace(s)) }

var mrkdwnEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// plain makes s inert in a plain_text object, where entities are not decoded: angle
// brackets become look-alike quotes and mentions are broken.
func plain(s string) string { return alerting.BreakMentions(plainEscaper.Replace(s)) }

var plainEscaper = strings.NewReplacer("<", "‹", ">", "›")

// code prepares s for a `code span`: backticks would end it early.
func code(s string) string {
	return escape(strings.ReplaceAll(s, "`", "'"))
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

func isWebURL(s string) bool {
	return strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://")
}
