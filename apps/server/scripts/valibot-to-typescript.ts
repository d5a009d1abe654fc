/**
 * Valibot schemas written out as TypeScript declarations, readonly all the way down, each property
 * documented with its schema's `v.description`: how the client SDK's tool types are generated from
 * core's contract. It walks valibot's schema objects rather than their JSON Schema because the
 * objects keep their identity: a schema that is declared under a name is written as that name
 * wherever it is used, and an object that spreads a declared one's entries extends it.
 */

/** One type to declare: its name and the schema it is written from. */
export interface TypeDeclaration {
  readonly name: string;
  /** A valibot schema; its `v.description` becomes the declaration's doc comment (required). */
  readonly schema: unknown;
}

// The part of a valibot schema (or pipe item) the walk reads.
interface SchemaNode {
  readonly kind: string;
  readonly type: string;
  readonly pipe?: readonly SchemaNode[];
  readonly wrapped?: SchemaNode;
  readonly entries?: Readonly<Record<string, SchemaNode>>;
  readonly item?: SchemaNode;
  readonly key?: SchemaNode;
  readonly value?: SchemaNode;
  readonly options?: readonly unknown[];
  readonly literal?: unknown;
  readonly description?: string;
}

/** Biome's line width: doc comments are wrapped to it. */
const LINE_WIDTH = 110;
const INDENT = '  ';
const KEYWORDS: Readonly<Record<string, string>> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  unknown: 'unknown',
  null: 'null',
  undefined: 'undefined',
  bigint: 'bigint',
};
const OPTIONAL_TYPES = new Set(['optional', 'exact_optional', 'nullish']);
const OBJECT_TYPES = new Set(['object', 'object_with_rest', 'loose_object', 'strict_object']);

// A type expression; `compound` when it is a union or intersection (an array of it needs parentheses).
interface TypeText {
  readonly text: string;
  readonly compound: boolean;
}

// A declared object: its entries, which an object holding every one of them extends.
interface DeclaredInterface {
  readonly name: string;
  readonly entries: Readonly<Record<string, SchemaNode>>;
}

/**
 * The declarations, in the order given, each with its description as a doc comment: an object
 * becomes an `interface`, anything else a `type`. Throws for a schema it cannot write (a transform,
 * a custom check alone) or a declaration without a description.
 *
 * @example
 * typeScriptDeclarations([{ name: 'GetJobArguments', schema: GetJobArgumentsSchema }]);
 * // '/** `get_job` arguments. *\/\nexport interface GetJobArguments {\n  …'
 */
export function typeScriptDeclarations(declarations: readonly TypeDeclaration[]): string {
  const writer = new DeclarationWriter(declarations);
  return declarations.map((declaration) => writer.declare(declaration)).join('\n\n');
}

class DeclarationWriter {
  readonly #names = new Map<SchemaNode, string>();
  // A picklist over the same options list (`JOB_STATUSES`) is the declared one, whatever its messages.
  readonly #picklistNames = new Map<readonly unknown[], string>();
  readonly #interfaces: DeclaredInterface[] = [];

  constructor(declarations: readonly TypeDeclaration[]) {
    for (const { name, schema } of declarations) {
      if (this.#names.has(schema as SchemaNode)) throw new Error(`${name}: its schema is declared twice`);
      this.#names.set(schema as SchemaNode, name);
    }
    for (const { name, schema } of declarations) {
      const shape = this.#shapeOf(schema as SchemaNode);
      if (shape.type === 'picklist' && shape.options !== undefined)
        this.#picklistNames.set(shape.options, name);
      if (OBJECT_TYPES.has(shape.type)) this.#interfaces.push({ name, entries: shape.entries ?? {} });
    }
  }

  declare({ name, schema }: TypeDeclaration): string {
    const node = schema as SchemaNode;
    const description = this.#descriptionOf(node, { stopAtNames: false });
    if (description === undefined) throw new Error(`${name}: its schema has no v.description to document it`);
    const shape = this.#shapeOf(node);
    const doc = docComment(description, '');
    if (!OBJECT_TYPES.has(shape.type)) {
      return `${doc}\nexport type ${name} = ${this.#typeOf(shape, '', name, { root: true }).text};`;
    }
    const entries = shape.entries ?? {};
    const base = this.#baseOf(entries, name);
    const heading =
      base === undefined ? `export interface ${name}` : `export interface ${name} extends ${base.name}`;
    const own = base === undefined ? entries : withoutEntries(entries, base.entries);
    return `${doc}\n${heading} ${this.#objectBody(own, '', name)}`;
  }

  // The schema a pipe validates with (its last schema item), down to a declared or a plain schema.
  #shapeOf(node: SchemaNode): SchemaNode {
    let current = node;
    while (current.pipe !== undefined) {
      const inner = current.pipe.findLast((item) => item.kind === 'schema');
      if (inner === undefined || inner === current) break;
      if (this.#names.has(inner) && inner !== node) return inner;
      current = inner;
    }
    return current;
  }

  // The outermost description on the way down to the value's type (a declared type documents itself).
  #descriptionOf(node: SchemaNode, options: { readonly stopAtNames: boolean }): string | undefined {
    let current: SchemaNode | undefined = node;
    while (current !== undefined) {
      if (options.stopAtNames && this.#names.has(current)) return undefined;
      if (current.pipe !== undefined) {
        const description = current.pipe.findLast((item) => item.type === 'description')?.description;
        if (description !== undefined) return description;
        const inner: SchemaNode | undefined = current.pipe.findLast((item) => item.kind === 'schema');
        current = inner === current ? undefined : inner;
      } else if (current.wrapped !== undefined) {
        current = current.wrapped;
      } else {
        return undefined;
      }
    }
    return undefined;
  }

  // `root`: the declaration's own schema, written out rather than by its name.
  #typeOf(node: SchemaNode, indent: string, at: string, { root = false } = {}): TypeText {
    const named = root ? undefined : this.#names.get(node);
    if (named !== undefined) return { text: named, compound: false };
    if (node.pipe !== undefined) {
      const shape = this.#shapeOf(node);
      if (shape !== node) return this.#typeOf(shape, indent, at, { root });
    }
    const keyword = KEYWORDS[node.type];
    if (keyword !== undefined) return { text: keyword, compound: false };
    switch (node.type) {
      case 'literal':
        return { text: literal(node.literal, at), compound: false };
      case 'picklist': {
        const options = node.options ?? [];
        const picklistName = root ? undefined : this.#picklistNames.get(options);
        if (picklistName !== undefined) return { text: picklistName, compound: false };
        return {
          text: options.map((option) => literal(option, at)).join(' | '),
          compound: options.length > 1,
        };
      }
      case 'optional':
      case 'exact_optional':
        return this.#union([this.#typeOf(required(node, at), indent, at), plain('undefined')]);
      case 'nullable':
        return this.#union([this.#typeOf(required(node, at), indent, at), plain('null')]);
      case 'nullish':
        return this.#union([this.#typeOf(required(node, at), indent, at), plain('null'), plain('undefined')]);
      case 'union':
        return this.#union(
          (node.options as readonly SchemaNode[]).map((option) => this.#typeOf(option, indent, at)),
        );
      case 'array': {
        const item = this.#typeOf(required(node, at, 'item'), indent, `${at}[]`);
        return { text: `readonly ${item.compound ? `(${item.text})` : item.text}[]`, compound: false };
      }
      case 'record': {
        const key = this.#typeOf(required(node, at, 'key'), indent, at).text;
        const value = this.#typeOf(required(node, at, 'value'), indent, at).text;
        return { text: `Readonly<Record<${key}, ${value}>>`, compound: false };
      }
      default:
        if (OBJECT_TYPES.has(node.type)) return this.#inlineObject(node.entries ?? {}, indent, at);
        throw new Error(`${at}: a ${node.type} schema has no TypeScript spelling here`);
    }
  }

  #union(members: readonly TypeText[]): TypeText {
    return { text: members.map((member) => member.text).join(' | '), compound: true };
  }

  // An object literal type; one that holds every entry of a declared interface is that interface & the rest.
  #inlineObject(entries: Readonly<Record<string, SchemaNode>>, indent: string, at: string): TypeText {
    const base = this.#baseOf(entries);
    if (base === undefined) return { text: this.#objectBody(entries, indent, at), compound: false };
    const own = withoutEntries(entries, base.entries);
    if (Object.keys(own).length === 0) return { text: base.name, compound: false };
    return { text: `${base.name} & ${this.#objectBody(own, indent, at)}`, compound: true };
  }

  #objectBody(entries: Readonly<Record<string, SchemaNode>>, indent: string, at: string): string {
    const inner = indent + INDENT;
    const members = Object.entries(entries).map(([key, entry]) => {
      const path = `${at}.${key}`;
      const description = this.#descriptionOf(entry, { stopAtNames: true });
      const optional = OPTIONAL_TYPES.has(entry.type);
      const value = this.#typeOf(optional ? presentValue(entry, path) : entry, inner, path);
      const member = `${inner}readonly ${propertyName(key)}${optional ? '?' : ''}: ${value.text};`;
      return description === undefined ? member : `${docComment(description, inner)}\n${member}`;
    });
    return members.length === 0 ? '{}' : `{\n${members.join('\n')}\n${indent}}`;
  }

  // The declared interface whose every entry this object holds (the largest), if any.
  #baseOf(entries: Readonly<Record<string, SchemaNode>>, self?: string): DeclaredInterface | undefined {
    let best: DeclaredInterface | undefined;
    for (const candidate of this.#interfaces) {
      if (candidate.name === self) continue;
      const keys = Object.keys(candidate.entries);
      if (keys.length === 0 || !keys.every((key) => entries[key] === candidate.entries[key])) continue;
      if (best === undefined || keys.length > Object.keys(best.entries).length) best = candidate;
    }
    return best;
  }
}

// What an optional entry holds when present (`nullish` still admits null). A pipe keeps its first
// schema's fields, so `v.pipe(v.optional(x), …)` has `wrapped` too.
function presentValue(entry: SchemaNode, at: string): SchemaNode {
  const wrapped = required(entry, at);
  return entry.type === 'nullish' ? { kind: 'schema', type: 'nullable', wrapped } : wrapped;
}

function required(node: SchemaNode, at: string, field: 'wrapped' | 'item' | 'key' | 'value' = 'wrapped') {
  const inner = node[field];
  if (inner === undefined) throw new Error(`${at}: a ${node.type} schema without its ${field}`);
  return inner;
}

function withoutEntries(
  entries: Readonly<Record<string, SchemaNode>>,
  base: Readonly<Record<string, SchemaNode>>,
): Record<string, SchemaNode> {
  return Object.fromEntries(Object.entries(entries).filter(([key]) => !(key in base)));
}

function plain(text: string): TypeText {
  return { text, compound: false };
}

function literal(value: unknown, at: string): string {
  if (typeof value === 'string') return `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${at}: a literal ${typeof value} has no TypeScript spelling here`);
}

function propertyName(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key.replaceAll("'", "\\'")}'`;
}

/** A JSDoc comment at `indent`: one line when it fits, else wrapped at the line width. */
function docComment(text: string, indent: string): string {
  const safe = text.replaceAll('*/', '*\\/');
  const oneLine = `${indent}/** ${safe} */`;
  if (oneLine.length <= LINE_WIDTH) return oneLine;
  const width = LINE_WIDTH - indent.length - 3;
  const lines: string[] = [];
  let line = '';
  for (const word of safe.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return [`${indent}/**`, ...lines.map((part) => `${indent} * ${part}`), `${indent} */`].join('\n');
}
