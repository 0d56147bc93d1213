/**
 * Evaluator for the subset of TaskRouter's expression language that workflows and queues use.
 * Parsing is strict (a syntax error throws) so a typo in a workflow shows up as a 400, not a silent miss.
 */

type Value = null | boolean | number | string | Value[] | { [key: string]: unknown };

type Token =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'ident'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'punct'; value: string };

type Node =
  | { type: 'lit'; value: Value }
  | { type: 'path'; parts: string[] }
  | { type: 'list'; items: Node[] }
  | { type: 'not'; operand: Node }
  | { type: 'logic'; op: 'and' | 'or'; left: Node; right: Node }
  | { type: 'cmp'; op: string; left: Node; right: Node };

export class ExpressionError extends Error {}

const WORD_OPS = new Set(['AND', 'OR', 'NOT', 'HAS', 'IN', 'CONTAINS']);

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && j + 1 < src.length) j++;
        s += src[j];
        j++;
      }
      if (j >= src.length) throw new ExpressionError(`Unterminated string in expression: ${src}`);
      tokens.push({ kind: 'str', value: s });
      i = j + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['==', '!=', '>=', '<=', '&&', '||'].includes(two)) {
      tokens.push({ kind: 'op', value: two });
      i += 2;
      continue;
    }
    if (['>', '<', '!'].includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    if (c === '=') {
      // TaskRouter tolerates a single '=' as equality.
      tokens.push({ kind: 'op', value: '==' });
      i++;
      continue;
    }
    if ('()[],'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i++;
      continue;
    }
    const num = /^-?\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      tokens.push({ kind: 'num', value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const ident = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*/.exec(src.slice(i));
    if (ident) {
      const upper = ident[0].toUpperCase();
      if (WORD_OPS.has(upper)) tokens.push({ kind: 'op', value: upper });
      else tokens.push({ kind: 'ident', value: ident[0] });
      i += ident[0].length;
      continue;
    }
    throw new ExpressionError(`Unexpected character '${c}' in expression: ${src}`);
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly src: string,
  ) {}

  parse(): Node {
    const node = this.or();
    if (this.pos < this.tokens.length) this.fail('unexpected trailing input');
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isOp(...values: string[]): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'op' && values.includes(t.value);
  }

  private isPunct(value: string): boolean {
    const t = this.peek();
    return t !== undefined && t.kind === 'punct' && t.value === value;
  }

  private fail(msg: string): never {
    throw new ExpressionError(`Invalid expression (${msg}): ${this.src}`);
  }

  private expectPunct(value: string): void {
    if (!this.isPunct(value)) this.fail(`expected '${value}'`);
    this.pos++;
  }

  private or(): Node {
    let left = this.and();
    while (this.isOp('OR', '||')) {
      this.pos++;
      left = { type: 'logic', op: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.not();
    while (this.isOp('AND', '&&')) {
      this.pos++;
      left = { type: 'logic', op: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Node {
    if (this.isOp('NOT', '!')) {
      this.pos++;
      return { type: 'not', operand: this.not() };
    }
    return this.comparison();
  }

  private comparison(): Node {
    const left = this.primary();
    if (this.isOp('NOT')) {
      // "x NOT IN [...]" / "x NOT HAS y" / "x NOT CONTAINS y"
      const next = this.tokens[this.pos + 1];
      if (next && next.kind === 'op' && ['IN', 'HAS', 'CONTAINS'].includes(next.value)) {
        this.pos += 2;
        return { type: 'not', operand: { type: 'cmp', op: next.value, left, right: this.primary() } };
      }
    }
    if (this.isOp('==', '!=', '>', '<', '>=', '<=', 'HAS', 'IN', 'CONTAINS')) {
      const op = (this.peek() as Token & { value: string }).value;
      this.pos++;
      return { type: 'cmp', op, left, right: this.primary() };
    }
    return left;
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) this.fail('unexpected end');
    if (t.kind === 'punct' && t.value === '(') {
      this.pos++;
      const inner = this.or();
      this.expectPunct(')');
      return inner;
    }
    if (t.kind === 'punct' && t.value === '[') {
      this.pos++;
      const items: Node[] = [];
      while (!this.isPunct(']')) {
        items.push(this.primary());
        if (this.isPunct(',')) this.pos++;
        else if (!this.isPunct(']')) this.fail("expected ',' or ']'");
      }
      this.pos++;
      return { type: 'list', items };
    }
    this.pos++;
    if (t.kind === 'num' || t.kind === 'str') return { type: 'lit', value: t.value };
    if (t.kind === 'ident') {
      const lower = t.value.toLowerCase();
      if (lower === 'true') return { type: 'lit', value: true };
      if (lower === 'false') return { type: 'lit', value: false };
      if (lower === 'null') return { type: 'lit', value: null };
      return { type: 'path', parts: t.value.split('.') };
    }
    return this.fail(`unexpected '${t.value}'`);
  }
}

/**
 * Scope for evaluation. Bare identifiers resolve against `root`; identifiers starting with one of the
 * named scopes (e.g. `task.`, `worker.`, `workers.`) resolve against that scope.
 */
export interface ExpressionScope {
  root?: Record<string, unknown>;
  named?: Record<string, Record<string, unknown>>;
}

const cache = new Map<string, Node>();

export function parseExpression(src: string): Node {
  const hit = cache.get(src);
  if (hit) return hit;
  const node = new Parser(tokenize(src), src).parse();
  cache.set(src, node);
  return node;
}

export function validateExpression(src: string): void {
  parseExpression(src);
}

function resolvePath(parts: string[], scope: ExpressionScope): Value {
  let cur: unknown;
  let rest = parts;
  const named = scope.named?.[parts[0]];
  if (named !== undefined) {
    cur = named;
    rest = parts.slice(1);
  } else {
    cur = scope.root ?? {};
  }
  for (const p of rest) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return null;
    cur = (cur as Record<string, unknown>)[p];
    if (cur === undefined) return null;
  }
  return cur as Value;
}

function evalNode(node: Node, scope: ExpressionScope): Value {
  switch (node.type) {
    case 'lit':
      return node.value;
    case 'path':
      return resolvePath(node.parts, scope);
    case 'list':
      return node.items.map((n) => evalNode(n, scope));
    case 'not':
      return !truthy(evalNode(node.operand, scope));
    case 'logic': {
      const l = truthy(evalNode(node.left, scope));
      if (node.op === 'and') return l && truthy(evalNode(node.right, scope));
      return l || truthy(evalNode(node.right, scope));
    }
    case 'cmp':
      return compare(node.op, evalNode(node.left, scope), evalNode(node.right, scope));
  }
}

function truthy(v: Value): boolean {
  return v !== null && v !== false && v !== 0 && v !== '';
}

function looseEquals(a: Value, b: Value): boolean {
  if (a === null || b === null) return a === b;
  if (typeof a === 'number' && typeof b === 'string' && b.trim() !== '') return a === Number(b);
  if (typeof a === 'string' && typeof b === 'number' && a.trim() !== '') return Number(a) === b;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function compare(op: string, l: Value, r: Value): boolean {
  switch (op) {
    case '==':
      // An array attribute compared to a scalar matches when it contains it, as in TaskRouter.
      if (Array.isArray(l) && !Array.isArray(r)) return l.some((x) => looseEquals(x, r));
      return looseEquals(l, r);
    case '!=':
      if (Array.isArray(l) && !Array.isArray(r)) return !l.some((x) => looseEquals(x, r));
      return !looseEquals(l, r);
    case '>':
    case '<':
    case '>=':
    case '<=': {
      if (l === null || r === null || typeof l === 'object' || typeof r === 'object') return false;
      const a = typeof l === 'string' && typeof r === 'string' ? l : Number(l);
      const b = typeof l === 'string' && typeof r === 'string' ? r : Number(r);
      if (typeof a === 'number' && (Number.isNaN(a) || Number.isNaN(b as number))) return false;
      if (op === '>') return a > b;
      if (op === '<') return a < b;
      if (op === '>=') return a >= b;
      return a <= b;
    }
    case 'HAS':
      if (Array.isArray(l)) return l.some((x) => looseEquals(x, r));
      return looseEquals(l, r);
    case 'IN':
      if (Array.isArray(r)) {
        if (Array.isArray(l)) return l.some((x) => r.some((y) => looseEquals(x, y)));
        return r.some((y) => looseEquals(l, y));
      }
      return looseEquals(l, r);
    case 'CONTAINS':
      if (typeof l === 'string' && typeof r === 'string') return l.includes(r);
      if (Array.isArray(l))
        return l.some((x) => typeof x === 'string' && typeof r === 'string' && x.includes(r));
      return false;
    default:
      throw new ExpressionError(`Unknown operator ${op}`);
  }
}

export function evaluateExpression(src: string, scope: ExpressionScope): boolean {
  const trimmed = src.trim();
  if (trimmed === '') return true;
  return truthy(evalNode(parseExpression(trimmed), scope));
}
