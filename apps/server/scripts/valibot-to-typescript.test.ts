import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { typeScriptDeclarations } from './valibot-to-typescript.ts';

const STATUSES = ['queued', 'running'] as const;
const StatusSchema = v.pipe(v.picklist(STATUSES), v.description('A status.'));
const ItemSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.description('e.g. item_1')),
    status: StatusSchema,
    note: v.nullable(v.string()),
  }),
  v.description('An item.'),
);

describe('typeScriptDeclarations', () => {
  it('writes objects as readonly interfaces documented by their descriptions', () => {
    const text = typeScriptDeclarations([
      {
        name: 'Query',
        schema: v.pipe(
          v.object({
            query: v.pipe(v.string(), v.maxLength(10), v.description('words to look for')),
            limit: v.optional(v.pipe(v.number(), v.integer(), v.description('most results'))),
            tags: v.optional(v.array(v.picklist(['a', 'b']))),
            extra: v.record(v.string(), v.unknown()),
          }),
          v.description('A query.'),
        ),
      },
    ]);
    expect(text).toBe(
      [
        '/** A query. */',
        'export interface Query {',
        '  /** words to look for */',
        '  readonly query: string;',
        '  /** most results */',
        '  readonly limit?: number;',
        "  readonly tags?: readonly ('a' | 'b')[];",
        '  readonly extra: Readonly<Record<string, unknown>>;',
        '}',
      ].join('\n'),
    );
  });

  it('names a declared schema where it is used, and a picklist over the same list under any messages', () => {
    const text = typeScriptDeclarations([
      { name: 'Status', schema: StatusSchema },
      { name: 'Item', schema: ItemSchema },
      {
        name: 'ListArguments',
        schema: v.pipe(
          v.object({ status: v.optional(v.picklist(STATUSES, 'expected a status')) }),
          v.description('List arguments.'),
        ),
      },
      {
        name: 'ListResult',
        schema: v.pipe(v.object({ items: v.array(ItemSchema) }), v.description('A list.')),
      },
    ]);
    expect(text).toContain("/** A status. */\nexport type Status = 'queued' | 'running';");
    expect(text).toContain('  readonly status: Status;\n');
    expect(text).toContain('  readonly status?: Status;\n');
    expect(text).toContain('  readonly items: readonly Item[];\n');
    expect(text).toContain('  readonly note: string | null;\n');
  });

  it('extends the declared interface whose entries an object spreads', () => {
    const text = typeScriptDeclarations([
      { name: 'Item', schema: ItemSchema },
      {
        name: 'ItemWithCount',
        schema: v.pipe(v.object({ ...ItemSchema.entries, count: v.number() }), v.description('Counted.')),
      },
      {
        name: 'Page',
        schema: v.pipe(
          v.object({ rows: v.array(v.object({ ...ItemSchema.entries, rank: v.number() })) }),
          v.description('A page.'),
        ),
      },
    ]);
    expect(text).toContain('export interface ItemWithCount extends Item {\n  readonly count: number;\n}');
    expect(text).toContain('  readonly rows: readonly (Item & {\n    readonly rank: number;\n  })[];');
  });

  it('wraps a doc comment longer than a line', () => {
    const long = 'word '.repeat(40).trim();
    const text = typeScriptDeclarations([
      { name: 'Long', schema: v.pipe(v.object({ a: v.string() }), v.description(long)) },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('/**');
    expect(lines.every((line) => line.length <= 110)).toBe(true);
  });

  it('refuses a declaration without a description, or a schema with no TypeScript spelling', () => {
    expect(() => typeScriptDeclarations([{ name: 'Bare', schema: v.object({}) }])).toThrow(
      'Bare: its schema has no v.description',
    );
    expect(() =>
      typeScriptDeclarations([
        { name: 'Dated', schema: v.pipe(v.object({ at: v.date() }), v.description('Dated.')) },
      ]),
    ).toThrow('Dated.at: a date schema has no TypeScript spelling here');
  });
});
