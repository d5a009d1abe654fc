/**
 * Icons for the server and each tool (`icons` in `tools/list` and `initialize`/`server/discover`),
 * so hosts can show what a tool is at a glance. They are small SVGs as `data:` URIs: nothing to
 * serve, nothing fetched from elsewhere, the same in every deployment. One picture per family of
 * tools (documents, evaluations, canaries, explanations, files).
 */
import type { ToolName } from '@lukhas/core';
import type { Icon } from '@modelcontextprotocol/server';

function svgIcon(paths: string): Icon {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#0f766e" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${paths}</svg>`;
  return { src: `data:image/svg+xml;base64,${btoa(svg)}`, mimeType: 'image/svg+xml', sizes: ['any'] };
}

/** A gauge: the cockpit itself. */
const COCKPIT = svgIcon(
  '<path d="M4 17a8 8 0 1 1 16 0"/><path d="M12 17l4-5"/><circle cx="12" cy="17" r="1"/>',
);
/** A magnifier: finding and reading documents. */
const DOCUMENTS = svgIcon('<circle cx="11" cy="11" r="6"/><path d="M20 20l-4.5-4.5"/>');
/** A flask: evaluation jobs. */
const EVALUATION = svgIcon(
  '<path d="M9 3h6M10 3v6l-5 9a2 2 0 0 0 2 3h10a2 2 0 0 0 2-3l-5-9V3"/><path d="M7.5 15h9"/>',
);
/** Rising steps: canaries promoting a model gate by gate. */
const CANARY = svgIcon('<path d="M3 20h5v-5h5v-5h5V5h3"/><path d="M17 5h4v4"/>');
/** A speech bubble with a question mark: explanations. */
const EXPLANATION = svgIcon(
  '<path d="M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z"/><path d="M10 9.5a2 2 0 1 1 2.5 1.9c-.3.1-.5.4-.5.7V13"/><path d="M12 16h.01"/>',
);
/** A page with a pencil: the repository's files, read and changed (file operations). */
const FILES = svgIcon(
  '<path d="M14 3H6a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h5"/><path d="M14 3v5h5"/><path d="M14 3l5 5v3"/><path d="M18.5 13.5l2 2L15 21h-2v-2z"/>',
);

/** The server's icon (in `initialize` and `server/discover`). */
export const SERVER_ICONS: Icon[] = [COCKPIT];

/** Each tool's icons; a `Record` over every tool name, so a new tool cannot go without one. */
export const TOOL_ICONS: Readonly<Record<ToolName, Icon[]>> = {
  search: [DOCUMENTS],
  fetch: [DOCUMENTS],
  run_eval: [EVALUATION],
  get_job: [EVALUATION],
  list_jobs: [EVALUATION],
  cancel_job: [EVALUATION],
  start_canary: [CANARY],
  get_canary: [CANARY],
  list_canaries: [CANARY],
  abort_canary: [CANARY],
  promote_canary: [CANARY],
  why: [EXPLANATION],
  why_math: [EXPLANATION],
  list_files: [FILES],
  read_file: [FILES],
  write_file: [FILES],
  apply_patch: [FILES],
};
