// Finds where a data path sits in the YAML text. Built only when a file has problems: the position-keeping
// parser (`yaml`'s Document) is ten times slower than the data parser used on the happy path.
import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { RegistryProblem } from './errors';

export type DataPath = (string | number)[];

/** A problem before it has a place in the file. */
export interface PendingProblem {
  path: DataPath;
  message: string;
  /** point at the key of the last path element (unknown or duplicate fields) instead of its value */
  at?: 'key' | 'value';
  /** offset inside the scalar value (e.g. a PromQL error position), when exact placement is possible */
  valueOffset?: number;
  /** another place the message refers to; "(first at line N)" is appended */
  relatedPath?: DataPath;
}

export function formatPath(path: DataPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}

export class YamlLocator {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(private readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, merge: true, prettyErrors: false });
  }

  /** The YAML syntax problems the position-keeping parser sees (all of them, not just the first). */
  syntaxProblems(): RegistryProblem[] {
    const found = [...this.doc.errors, ...this.doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED')];
    return found.map((err) => {
      const { line, col } = this.lines.linePos(err.pos[0]);
      let message = err.message.split('\n')[0] ?? err.message;
      if (err.code === 'DUPLICATE_KEY') {
        message = `duplicate key ${JSON.stringify(this.keyTextAt(err.pos[0]))}: a key may appear only once in a mapping`;
      }
      return { path: '', line, column: col, message: `YAML: ${message}` };
    });
  }

  place(p: PendingProblem): RegistryProblem {
    const offset = this.offsetOf(p);
    const { line, col } = offset === undefined ? { line: 1, col: 1 } : this.lines.linePos(offset);
    let message = p.message;
    if (p.relatedPath) {
      const related = this.offsetOf({ path: p.relatedPath, message: '' });
      if (related !== undefined) message += ` (first at line ${this.lines.linePos(related).line})`;
    }
    return { path: formatPath(p.path), line, column: col, message };
  }

  private offsetOf(p: PendingProblem): number | undefined {
    // Walk down as far as the path exists; a missing field is reported at the entry that lacks it.
    let node: unknown = this.doc.contents;
    let keyNode: Node | undefined;
    for (let i = 0; i < p.path.length; i++) {
      const part = p.path[i]!;
      const next = childOf(node, part);
      if (!next) break;
      node = next.value;
      keyNode = next.key;
      if (i === p.path.length - 1) {
        if (p.at === 'key' && keyNode?.range) return keyNode.range[0];
        const value = node as Node | null;
        if (value?.range) return value.range[0] + this.scalarShift(value, p.valueOffset);
        if (keyNode?.range) return keyNode.range[0];
      }
    }
    const reached = node as Node | null;
    return reached?.range?.[0] ?? keyNode?.range?.[0];
  }

  /** Exact placement inside a one-line scalar whose source spells the value as is (plain, or quoted without escapes). */
  private scalarShift(node: Node, valueOffset: number | undefined): number {
    if (valueOffset === undefined || !isScalar(node) || typeof node.value !== 'string' || !node.range) return 0;
    const source = this.text.slice(node.range[0], node.range[1]);
    if (source === node.value) return valueOffset;
    const quoted = source.slice(1, -1);
    if ((source.startsWith("'") || source.startsWith('"')) && quoted === node.value) return valueOffset + 1;
    return 0;
  }

  private keyTextAt(offset: number): string {
    const match = /^[^:\n]*/.exec(this.text.slice(offset, offset + 200));
    return (match?.[0] ?? '').trim().replace(/^["']|["']$/g, '');
  }
}

function childOf(node: unknown, part: string | number): { key?: Node; value: unknown } | undefined {
  if (typeof part === 'number') {
    const items = (node as { items?: unknown[] } | null)?.items;
    if (!Array.isArray(items) || isMap(node)) return undefined;
    return part < items.length ? { value: items[part] } : undefined;
  }
  if (!isMap(node)) return undefined;
  for (const item of node.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === part) {
      return { key: item.key as Node, value: item.value };
    }
  }
  return undefined;
}
