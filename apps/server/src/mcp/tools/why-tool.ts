/**
 * `why`: the narrative audit trail of any id. The one tool whose text is not JSON: the SPEC says
 * "as text" and the seeds print `jq -r '.result.content[0].text'` expecting the lines, so
 * `content[0].text` is the lines joined by newlines, while `structuredContent` is `{id, lines}`.
 */
import { defineTool } from '../define-tool.ts';
import { textToolResult, toolFailure } from '../tool-result.ts';

/** The `why` tool. */
export const whyTool = defineTool({
  name: 'why',
  title: 'Why: the narrative audit trail',
  description:
    'Everything that happened to a job, a canary, a model or (with file operations on) a repository file by ' +
    'its path, as human-readable lines, oldest first: ' +
    '"[2025-10-03 14:25] canary lukhas-agi-v3 → stage to production (SLO monitoring)". The text is the ' +
    'lines, one per line (not JSON); structuredContent is {id, lines}. For the numbers behind a canary ' +
    'decision use why_math.',
  annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  handler: async ({ id }, { cockpit }) => {
    const lines = (await cockpit.store.narrativeFor(id)).map((entry) => entry.line);
    if (lines.length === 0) {
      return toolFailure(
        `nothing recorded for ${JSON.stringify(id)}: why takes a job id (job_…), a canary id (canary_…), a model id or the path of a file changed through write_file or apply_patch; list_jobs and list_canaries show them [NOT_FOUND]`,
      );
    }
    return textToolResult(lines.join('\n'), { id, lines });
  },
});
