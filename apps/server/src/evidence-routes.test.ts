import type { EvidenceStore } from '@lukhas/evidence';
import { filledEvidenceStore, T0 } from '@lukhas/evidence/testing';
import { describe, expect, it } from 'vitest';
import { evidenceRoutes } from './evidence-routes.ts';

const NOW = T0 + 60_000;

describe('GET /evidence/export', () => {
  it('streams the zip as an attachment named after the range and counts the export', async () => {
    const store = await filledEvidenceStore();
    const outcomes: string[] = [];
    const app = evidenceRoutes({
      store,
      version: '1.2.3',
      now: () => NOW,
      onExport: (outcome) => outcomes.push(outcome),
    });
    const response = await app.request('/evidence/export?from=2m&to=2025-10-03T14:21:00Z');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="ops-evidence-20251003T141900Z-20251003T142100Z.zip"',
    );
    const zip = Buffer.from(await response.arrayBuffer());
    expect(zip.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    expect(zip.includes(Buffer.from('SHA256SUMS'))).toBe(true);
    expect(outcomes).toEqual(['ok']);
    await store.close();
  });

  it.each([
    ['', 'MISSING_FROM'],
    ['?from=soon', 'UNPARSEABLE'],
    ['?from=1d&to=2d', 'FROM_AFTER_TO'],
    ['?from=500d', 'RANGE_TOO_LONG'],
    ['?from=2030-01-01T00:00:00Z', 'IN_FUTURE'],
    ['?from=200000001d&to=200000000d', 'OUT_OF_RANGE'],
    ['?from=2025-02-30T00:00:00Z', 'UNPARSEABLE'],
  ])('answers %j with 400 %s and the reason, counting nothing', async (query, code) => {
    const outcomes: string[] = [];
    const store = {} as EvidenceStore;
    const app = evidenceRoutes({
      store,
      version: '1',
      now: () => NOW,
      onExport: (outcome) => outcomes.push(outcome),
    });
    const response = await app.request(`/evidence/export${query}`);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; error: string };
    expect(body.code).toBe(code);
    expect(body.error).toMatch(/\w+ \w+/);
    expect(outcomes).toEqual([]);
  });

  it('aborts the response and counts an error when the store fails mid-way', async () => {
    const filled = await filledEvidenceStore();
    const store: EvidenceStore = {
      auditsBetween: filled.auditsBetween.bind(filled),
      narrativeBetween: filled.narrativeBetween.bind(filled),
      samplesBetween: filled.samplesBetween.bind(filled),
      // biome-ignore lint/correctness/useYield: fails before its first row, on purpose
      canariesDecidedBetween: async function* () {
        throw new Error('database is locked');
      },
    };
    const outcomes: string[] = [];
    const errors: string[] = [];
    const app = evidenceRoutes({
      store,
      version: '1',
      now: () => NOW,
      onExport: (outcome) => outcomes.push(outcome),
      onError: (error) => errors.push(error.message),
    });
    const response = await app.request('/evidence/export?from=1h');
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow();
    expect(outcomes).toEqual(['error']);
    expect(errors).toEqual(['database is locked']);
    await filled.close();
  });
});
