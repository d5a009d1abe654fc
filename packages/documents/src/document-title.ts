import path from 'node:path';

const MARKDOWN_EXTENSIONS = new Set(['.md', '.mdx', '.markdown']);
const MAX_TITLE_LENGTH = 200;

/**
 * The title of a document: the first `# ` heading of a markdown file (outside code fences),
 * else the file name. Only markdown is searched for headings: in Python or shell `# ` starts a comment.
 *
 * @example documentTitle('docs/guide.md', '# Operator guide\n…') // 'Operator guide'
 */
export function documentTitle(id: string, text: string): string {
  const fileName = path.posix.basename(id);
  if (!MARKDOWN_EXTENSIONS.has(path.posix.extname(fileName).toLowerCase())) return fileName;
  let fence: string | null = null;
  for (const line of text.split(/\r?\n/)) {
    const fenceMatch = /^\s{0,3}(```|~~~)/.exec(line);
    if (fenceMatch?.[1] !== undefined) {
      if (fence === null) fence = fenceMatch[1];
      else if (fence === fenceMatch[1]) fence = null;
      continue;
    }
    if (fence !== null) continue;
    const heading = /^\s{0,3}#[ \t]+(.+?)[ \t#]*$/.exec(line);
    const title = heading?.[1]?.trim();
    if (title !== undefined && title !== '') return title.slice(0, MAX_TITLE_LENGTH);
  }
  return fileName;
}
