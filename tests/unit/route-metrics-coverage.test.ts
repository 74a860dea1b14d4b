// Every route handler under app/ is wrapped with withRouteMetrics, with its file's route pattern: otherwise its
// requests are missing from http_requests_total (pages are metered separately, from Next's request spans, which
// skip wrapped routes) or are counted under another endpoint's SLO.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const APP = path.resolve('app');
const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return routeFiles(p);
    return /^route\.(ts|tsx|js|mjs)$/.test(e.name) ? [p] : [];
  });
}

/** app/api/v1/runs/[id]/route.ts -> /api/v1/runs/[id]; route groups `(x)` and slots `@x` are not in the URL. */
function routePatternOf(file: string): string {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s) && !s.startsWith('@'));
  return `/${segments.join('/')}`;
}

/** The file's exported HTTP method handlers and what is wrong with each (empty: wrapped with `pattern`). */
function handlerProblems(file: string, pattern: string): { methods: string[]; problems: string[] } {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const methods: string[] = [];
  const problems: string[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && exported(statement) && statement.name && HTTP_METHODS.has(statement.name.text)) {
      methods.push(statement.name.text);
      problems.push(`${statement.name.text}: exported as a function; write export const ${statement.name.text} = withRouteMetrics('${pattern}', ...)`);
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !HTTP_METHODS.has(d.name.text)) continue;
        const method = d.name.text;
        methods.push(method);
        const call = d.initializer;
        if (!call || !ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'withRouteMetrics') {
          problems.push(`${method}: not wrapped with withRouteMetrics('${pattern}', ...)`);
          continue;
        }
        const route = call.arguments[0];
        if (!route || !ts.isStringLiteralLike(route)) problems.push(`${method}: the route pattern must be a string literal ('${pattern}')`);
        else if (route.text !== pattern) problems.push(`${method}: counted as '${route.text}', but the file serves '${pattern}'`);
      }
    } else if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const spec of statement.exportClause.elements) {
        if (!HTTP_METHODS.has(spec.name.text)) continue;
        methods.push(spec.name.text);
        problems.push(`${spec.name.text}: re-exported; define it here as withRouteMetrics('${pattern}', ...)`);
      }
    }
  }
  return { methods, problems };
}

describe('route handlers are counted by route pattern', () => {
  const files = routeFiles(APP).sort();

  it('finds the route handlers', () => {
    expect(files.map((f) => path.relative(APP, f))).toContain(path.join('metrics', 'route.ts'));
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.map((f) => [path.relative(process.cwd(), f), f]))('%s', (_name, file) => {
    const pattern = routePatternOf(file);
    const { methods, problems } = handlerProblems(file, pattern);
    expect(methods.length, 'exports no HTTP method handler').toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('tells a wrong pattern, a plain function and a re-export apart (the check itself can fail)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'route-check-'));
    try {
      const file = path.join(dir, 'route.ts');
      fs.writeFileSync(
        file,
        "export const GET = withRouteMetrics('/elsewhere', h);\nexport async function POST() {}\nexport const PUT = h;\nexport { DELETE } from './x';\nexport const notAMethod = 1;\n",
      );
      const { methods, problems } = handlerProblems(file, '/api/x/[id]');
      expect(methods).toEqual(['GET', 'POST', 'PUT', 'DELETE']);
      expect(problems).toHaveLength(4);
      expect(problems[0]).toContain("counted as '/elsewhere', but the file serves '/api/x/[id]'");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('derives patterns as Next does', () => {
    expect(routePatternOf(path.join(APP, 'route.ts'))).toBe('/');
    expect(routePatternOf(path.join(APP, 'api/v1/discovery/runs/[id]/route.ts'))).toBe('/api/v1/discovery/runs/[id]');
    expect(routePatternOf(path.join(APP, '(admin)/api/@modal/x/route.ts'))).toBe('/api/x');
  });
});
