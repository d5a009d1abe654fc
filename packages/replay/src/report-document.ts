/**
 * What both HTML reports (one policy, N policies) share: the self-contained document around their
 * tables, opened by the title and the replayed model, window and source, and the list of canaries
 * not replayed. Written once, so the two reports keep the same head and the same CSP.
 */
import type { ReplayResult, SkippedCanary } from './replay-result.ts';
import { escapeHtml, formatTime } from './report-format.ts';
import { REPORT_CSS } from './report-styles.ts';

// Nothing may load or run, even if a recorded string got past the escaping.
const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

/** What a report replayed: a one-policy result and an N-policy comparison both have it. */
export type ReportSubject = Pick<ReplayResult, 'modelId' | 'source' | 'window'>;

/** Options of {@link reportDocument}. */
export interface ReportDocumentOptions {
  readonly title: string;
  readonly subject: ReportSubject;
  /** Rules after the shared stylesheet. */
  readonly css?: string;
  /** The report's own parts, after the title and the subject line; each on its own line. */
  readonly body: readonly string[];
}

/** A complete HTML document: inline CSS, a CSP that lets nothing load or run, no clock, no locale. */
export function reportDocument(options: ReportDocumentOptions): string {
  const { title, subject } = options;
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}${options.css ?? ''}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Model <code>${escapeHtml(subject.modelId)}</code>, ${formatTime(subject.window.from)} to ${formatTime(subject.window.to)}, ` +
      `samples from ${subject.source === 'store' ? 'the recorded canaries' : 'Prometheus range data (one synthetic canary from the window start)'}.</p>`,
    ...options.body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The canaries not replayed and why; empty when there are none. */
export function skippedCanaries(skipped: readonly SkippedCanary[]): string {
  if (skipped.length === 0) return '';
  const items = skipped.map(
    (skip) =>
      `<li><code>${escapeHtml(skip.canaryId)}</code> (${skip.samples} samples): ${escapeHtml(skip.reason)}</li>`,
  );
  return `<p>Not replayed:</p>\n<ul>${items.join('')}</ul>`;
}
