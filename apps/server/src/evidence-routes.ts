/**
 * `GET /evidence/export?from=30d[&to=…]`: the evidence zip, streamed as it is built (behind the
 * security layer like every route). A bad range is a 400 with the reason; a failure once the 200
 * is sent can only abort the response, so the client sees a truncated download, never a bad pack
 * that looks whole.
 */
import { PassThrough, Readable } from 'node:stream';
import { type EvidenceStore, safeParseEvidenceRange, writeEvidencePack } from '@lukhas/evidence';
import { Hono } from 'hono';
import type { SecurityVariables } from './http/index.ts';

/** What the export is served from. */
export interface EvidenceRoutesOptions {
  readonly store: EvidenceStore;
  readonly version: string;
  /** Epoch ms; the default is `Date.now`. */
  readonly now?: () => number;
  /** Told how each started export ended (`recordEvidenceExport` of the metrics). */
  readonly onExport?: (outcome: 'ok' | 'error') => void;
  readonly onError?: (error: Error) => void;
}

/** `20251003T142000Z`: an instant as it appears in the pack's file name. */
function fileStamp(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/\.\d{3}/, '')
    .replaceAll('-', '')
    .replaceAll(':', '');
}

/** The `/evidence/export` route. */
export function evidenceRoutes(options: EvidenceRoutesOptions): Hono<{ Variables: SecurityVariables }> {
  const now = options.now ?? Date.now;
  const routes = new Hono<{ Variables: SecurityVariables }>();
  routes.get('/evidence/export', (context) => {
    const generatedAt = now();
    const parsed = safeParseEvidenceRange(
      { from: context.req.query('from'), to: context.req.query('to') },
      generatedAt,
    );
    if (!parsed.success) {
      const { code, field, message } = parsed.error;
      return context.json({ error: message, code, field }, 400);
    }
    const { range } = parsed;
    const body = new PassThrough();
    writeEvidencePack({
      store: options.store,
      range,
      serverVersion: options.version,
      generatedAt,
      output: body,
    })
      .then(() => options.onExport?.('ok'))
      .catch((error: unknown) => {
        options.onExport?.('error');
        const failure = error instanceof Error ? error : new Error(String(error));
        options.onError?.(failure);
        // writeEvidencePack has destroyed `body` already; this is for a failure before it took over.
        if (!body.destroyed) body.destroy(failure);
      });
    const filename = `ops-evidence-${fileStamp(range.from)}-${fileStamp(range.to)}.zip`;
    return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
      status: 200,
      headers: {
        'Content-Type': 'application/zip',
        'Content-Disposition': `attachment; filename="${filename}"`,
        'Cache-Control': 'no-store',
      },
    });
  });
  return routes;
}
