/**
 * Slack's `mrkdwn` reads `&`, `<` and `>` as control characters (`<url|label>` is a link,
 * `<!channel>` pings everyone): every value put into a message goes through here first.
 */

/**
 * `&`, `<` and `>` as the entities Slack decodes for display; nothing else is touched.
 *
 * @example escapeMrkdwn('<!channel> p95 > 500ms & rising') // '&lt;!channel&gt; p95 &gt; 500ms &amp; rising'
 */
export function escapeMrkdwn(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/**
 * A link `<url|label>` with both parts escaped; `|` in the URL is percent-encoded, since Slack
 * would end the URL there.
 *
 * @example mrkdwnLink('https://ops.example/cockpit.html#canary=c1', 'Open in cockpit')
 */
export function mrkdwnLink(url: string, label: string): string {
  return `<${escapeMrkdwn(url.replaceAll('|', '%7C'))}|${escapeMrkdwn(label)}>`;
}
