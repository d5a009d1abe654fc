import { safeParseCanaryRequest } from '@lukhas/core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CanaryRequestInput } from './canary-request-schema.ts';
import { mcpSchema, parsedBy } from './mcp-schema.ts';

const target = { target: 'draft-2020-12' } as const;

describe('mcpSchema', () => {
  it('validates with valibot and converts to JSON Schema once per target', async () => {
    const schema = mcpSchema(v.object({ jobId: v.pipe(v.string(), v.description('the job')) }));
    const first = schema['~standard'].jsonSchema.input(target);
    expect(first).toMatchObject({
      type: 'object',
      properties: { jobId: { type: 'string', description: 'the job' } },
    });
    expect(schema['~standard'].jsonSchema.input(target)).toBe(first);
    expect(await schema['~standard'].validate({ jobId: 'job_1' })).toEqual({
      typed: true,
      value: { jobId: 'job_1' },
    });
    const failed = await schema['~standard'].validate({ jobId: 1 });
    expect('issues' in failed && failed.issues?.[0]?.path?.length).toBe(1);
  });
});

describe('parsedBy', () => {
  const schema = parsedBy(v.object({ n: v.number() }), (value) =>
    typeof value === 'object' && value !== null && 'n' in value
      ? { value: (value as { n: number }).n * 2 }
      : {
          issues: [
            { path: 'a.b', message: 'expected n' },
            { path: '', message: 'expected an object' },
          ],
        },
  );

  it('validates with the parser and documents with the schema', async () => {
    expect(await schema['~standard'].validate({ n: 2 })).toEqual({ value: 4 });
    expect(await schema['~standard'].validate('x')).toEqual({
      issues: [{ message: 'expected n', path: ['a', 'b'] }, { message: 'expected an object' }],
    });
    expect(schema['~standard'].jsonSchema.input(target)).toMatchObject({
      properties: { n: { type: 'number' } },
    });
  });
});

describe('CanaryRequestInput', () => {
  it("is core's parser: every seed spelling gives the same request as safeParseCanaryRequest", async () => {
    const spellings = [
      { sloPolicy: { latency_p95_ms: 800, error_rate: 0.01 } },
      { policy: { windowSeconds: 300, targets: { latency_p95_ms: 500, max_error_rate: 0.01 } } },
      { windowSeconds: 120, targets: { latency_p95_ms: 250, max_error_rate: 0.02, max_drift: 0.15 } },
    ];
    for (const spelling of spellings) {
      const args = { modelId: 'm', fromGate: 'stage', toGate: 'production', ...spelling };
      const parsed = safeParseCanaryRequest(args);
      expect(parsed.success).toBe(true);
      expect(await CanaryRequestInput['~standard'].validate(args)).toEqual({
        value: parsed.success ? parsed.request : undefined,
      });
    }
  });

  it('documents every spelling in tools/list', () => {
    const json = CanaryRequestInput['~standard'].jsonSchema.input(target) as {
      properties: Record<string, { description?: string }>;
      required: string[];
    };
    expect(json.required).toEqual(['modelId', 'fromGate', 'toGate']);
    expect(Object.keys(json.properties)).toEqual(
      expect.arrayContaining([
        'windowSeconds',
        'intervalSeconds',
        'failureLimit',
        'minSamples',
        'targets',
        'policy',
        'sloPolicy',
        'webhooks',
      ]),
    );
    expect(json.properties.sloPolicy?.description).toMatch(/latency_p95_ms, error_rate/);
  });
});

describe('closed argument objects', () => {
  it('say additionalProperties: false in JSON Schema', () => {
    const schema = mcpSchema(
      v.objectWithRest({ a: v.object({ b: v.objectWithRest({}, v.never()) }) }, v.never()),
    );
    expect(schema['~standard'].jsonSchema.input(target)).toMatchObject({
      additionalProperties: false,
      properties: { a: { properties: { b: { additionalProperties: false } } } },
    });
  });
});
