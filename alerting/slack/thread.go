package slack

import (
	"fmt"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch/alerting"
	"github.com/slack-go/slack"
)

// NotifiesResolutions implements alerting.ResolutionNotifier: `leakwatch incidents resolve`
// posts the resolution in the incident's thread (top-level in webhook mode, or when the
// incident's first message was never posted), so the channel does not show a leak as open
// after it was dealt with.
func (n *Notifier) NotifiesResolutions() bool { return true }

var _ alerting.ResolutionNotifier = (*Notifier)(nil)

// footer is the first message's last line: what to do, and what the thread will hold, as
// the configured reply period makes it (the promise must match what is done).
func (n *Notifier) footer(a alerting.Alert) string {
	var later string
	switch {
	case n.replyEvery <= 0:
		later = "Later sightings are not posted (alerting.reply_every is 0); `leakwatch incidents show " +
			fmt.Sprint(a.IncidentID) + "` counts them."
	case n.webhookMode():
		later = "Later sightings are posted to this channel, at most one message every " + fmtPeriod(n.replyEvery) +
			" per incident (alerting.reply_every), each with the count so far."
	default:
		later = "Later sightings are posted in this thread, at most one reply every " + fmtPeriod(n.replyEvery) +
			" (alerting.reply_every), each with the count so far; the resolution is posted here too."
	}
	return fmt.Sprintf("Incident %d. Revoke and rotate this credential, then remove it from the logs. %s", a.IncidentID, later)
}

func (n *Notifier) webhookMode() bool {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.client == nil
}

// resolvedMessage renders a "resolved" alert: a short reply in the incident's thread.
func resolvedMessage(a alerting.Alert) (string, []slack.Block) {
	desc := a.Description
	if desc == "" {
		desc = a.RuleID
	}
	when := ""
	if !a.EventTime.IsZero() {
		when = " at " + a.EventTime.UTC().Format(timeLayout)
	}
	title := fmt.Sprintf("Incident %d resolved%s", a.IncidentID, when)
	// The fallback text is mrkdwn too: everything in it is escaped as in the first alert.
	text := fmt.Sprintf("%s: %s (%s), preview %s", escape(title), escape(desc), escape(a.RuleID), escape(a.Preview))
	blocks := []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, ":white_check_mark: *"+escape(title)+"*", false, false), nil, nil),
		slack.NewSectionBlock(nil, []*slack.TextBlockObject{
			field("Rule", "`"+code(a.RuleID)+"`"),
			field("Preview", "`"+code(a.Preview)+"`"),
			field("Fingerprint", "`"+code(a.Fingerprint)+"`"),
		}, nil),
		slack.NewContextBlock("", slack.NewTextBlockObject(slack.MarkdownType,
			"If the secret is seen again, the incident reopens with a new alert.", false, false)),
	}
	return text, blocks
}

// fmtPeriod is a period as people write it: 15m, 1h, 1h30m, 45s.
func fmtPeriod(d time.Duration) string {
	s := d.Round(time.Second).String()
	for _, z := range []string{"0s", "0m"} {
		if strings.HasSuffix(s, "m"+z) || strings.HasSuffix(s, "h"+z) {
			s = strings.TrimSuffix(s, z)
		}
	}
	return s
}
