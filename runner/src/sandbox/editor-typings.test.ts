import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunnerPool } from '../api.js';
import { createRunnerPool } from '../pool.js';
import { jsonOf, makeJob } from '../testing/jobs.js';

// The typings the admin editor loads into Monaco must offer exactly what a scenario finds in
// its sandbox: read with the TypeScript compiler on one side, listed by a scenario in a real
// isolate (a real worker, from runner/dist: build first) on the other, compared both ways.

const TYPINGS = fileURLToPath(
  new URL('../../../admin-ui/src/features/editor/monaco/typings/scriptgate-sandbox.d.ts', import.meta.url),
);
/** The ES library the editor checks scenarios against (admin-ui/src/features/editor/monaco/setup.ts). */
const EDITOR_LIB = 'lib.es2022.d.ts';
/** What V8 puts in every context beyond ECMAScript (the guest replaces or removes these). */
const NOT_ECMASCRIPT = new Set(['console', 'WebAssembly']);

interface Typings {
  diagnostics: readonly ts.Diagnostic[];
  /** Values the typings declare in the global scope (not types). */
  globals: string[];
  /** Declared classes: instance and static members. */
  classes: Record<string, { instance: string[]; static: string[] }>;
  /** Declared constants with members (crypto, console). */
  objects: Record<string, string[]>;
  /** Members of the named interfaces, and of the types of their properties. */
  membersOf(path: string): string[];
}

function memberName(symbol: ts.Symbol): string {
  const name = symbol.valueDeclaration && ts.getNameOfDeclaration(symbol.valueDeclaration);
  return name && ts.isComputedPropertyName(name) ? `[${name.expression.getText()}]` : symbol.getName();
}

function readTypings(): Typings {
  const program = ts.createProgram([TYPINGS], { lib: [EDITOR_LIB], types: [], noEmit: true, strict: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(TYPINGS)!;
  const names = (type: ts.Type) => checker.getPropertiesOfType(type).map(memberName).sort();
  const globals: string[] = [];
  const classes: Typings['classes'] = {};
  const objects: Typings['objects'] = {};
  for (const statement of source.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) globals.push(statement.name.text);
    if (ts.isClassDeclaration(statement) && statement.name) {
      const symbol = checker.getSymbolAtLocation(statement.name)!;
      globals.push(statement.name.text);
      classes[statement.name.text] = {
        instance: names(checker.getDeclaredTypeOfSymbol(symbol)),
        static: names(checker.getTypeOfSymbolAtLocation(symbol, statement)).filter((name) => name !== 'prototype'),
      };
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name)) continue;
        globals.push(declaration.name.text);
        objects[declaration.name.text] = names(checker.getTypeAtLocation(declaration));
      }
    }
  }
  const interfaceType = (name: string) => {
    const symbol = checker.resolveName(name, source, ts.SymbolFlags.Type, false);
    if (!symbol) throw new Error(`The typings declare no ${name}`);
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  const membersOf = (path: string) => {
    const [root, ...properties] = path.split('.');
    let type = interfaceType(root!);
    for (const property of properties) {
      const member = checker.getPropertyOfType(type, property);
      if (!member) throw new Error(`${path}: no ${property}`);
      type = checker.getNonNullableType(checker.getTypeOfSymbol(member));
    }
    return names(type);
  };
  return { diagnostics: ts.getPreEmitDiagnostics(program), globals: globals.sort(), classes, objects, membersOf };
}

/** The globals of a context with nothing in it, in the isolated-vm the workers load. */
function bareContextGlobals(): string[] {
  const ivmModule = new URL('../../dist/sandbox/host/ivm.js', import.meta.url).href;
  const script = `
    import { ivm } from ${JSON.stringify(ivmModule)};
    const isolate = new (ivm().Isolate)({ memoryLimit: 32 });
    const context = isolate.createContextSync();
    process.stdout.write(context.evalSync('JSON.stringify(Object.getOwnPropertyNames(globalThis))'));
    isolate.dispose();`;
  return JSON.parse(
    execFileSync(process.execPath, ['--no-node-snapshot', '--input-type=module', '-e', script], { encoding: 'utf8' }),
  ) as string[];
}

/** Lists, from inside the sandbox, what a scenario finds: globals, members, request and ctx. */
const LIST_SANDBOX = `export default (request, ctx) => {
  const key = (k) => (typeof k === 'symbol' ? '[' + k.description + ']' : k);
  const own = (o) => Reflect.ownKeys(o).map(key).sort();
  const out = { globals: Object.getOwnPropertyNames(globalThis), classes: {}, objects: {} };
  for (const name of request.body.classes) {
    const C = globalThis[name];
    if (typeof C !== 'function') continue;
    out.classes[name] = {
      instance: own(C.prototype).filter((k) => k !== 'constructor'),
      static: own(C).filter((k) => !['length', 'name', 'prototype'].includes(k)),
    };
  }
  for (const name of request.body.objects) if (globalThis[name] !== undefined) out.objects[name] = own(globalThis[name]);
  const file = request.files[0];
  out.shapes = {
    ScenarioRequest: Object.keys(request).sort(),
    ScenarioFile: [...Object.keys(file), ...own(Object.getPrototypeOf(file)).filter((k) => k !== 'constructor')].sort(),
    ScenarioContext: Object.keys(ctx).sort(),
    'ScenarioContext.log': own(ctx.log),
    'ScenarioContext.mail': own(ctx.mail),
    'ScenarioContext.event': Object.keys(ctx.event).sort(),
    'ScenarioContext.script': Object.keys(ctx.script).sort(),
    'ScenarioContext.process': Object.keys(ctx.process).sort(),
    'ScenarioContext.user': Object.keys(ctx.user).sort(),
  };
  return out;
}`;

interface SandboxListing {
  globals: string[];
  classes: Record<string, { instance: string[]; static: string[] }>;
  objects: Record<string, string[]>;
  shapes: Record<string, string[]>;
}

let pool: RunnerPool;
let typings: Typings;
let sandbox: SandboxListing;
let esBuiltins: Set<string>;

beforeAll(async () => {
  typings = readTypings();
  esBuiltins = new Set(bareContextGlobals().filter((name) => !NOT_ECMASCRIPT.has(name)));
  pool = createRunnerPool({ workers: 1 });
  await pool.ready();
  const job = makeJob(LIST_SANDBOX, {
    body: { classes: Object.keys(typings.classes), objects: Object.keys(typings.objects) },
    files: [{ field: 'upload', name: 'a.txt', contentType: 'text/plain', size: 2, dataBase64: 'aGk=' }],
  });
  job.ctx.user = { id: 'user-1', type: 'jwt', name: 'Ann', claims: { sub: 'user-1' } };
  sandbox = jsonOf(await pool.run(job)) as SandboxListing;
}, 60_000);
afterAll(async () => {
  await pool?.close();
});

describe('the editor typings (scriptgate-sandbox.d.ts)', () => {
  it('compile on their own against the ES library the editor loads, with no DOM and no Node', () => {
    expect(typings.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it('offer exactly the globals the sandbox adds to ECMAScript, fetch and AbortController included', () => {
    const added = sandbox.globals.filter((name) => !esBuiltins.has(name)).sort();
    expect(typings.globals).toEqual(added);
    // The comparison has something to compare: the sandbox's own globals are there.
    expect(added).toEqual(
      expect.arrayContaining([
        'Response',
        'Headers',
        'URL',
        'console',
        'setTimeout',
        'crypto',
        'fetch',
        'AbortController',
      ]),
    );
  });

  it('declare exactly the members of every sandbox class and object', () => {
    expect(sandbox.classes).toEqual(typings.classes);
    expect(sandbox.objects).toEqual(typings.objects);
  });

  it('describe request, ctx and uploaded files with exactly the fields a scenario gets', () => {
    for (const [path, fields] of Object.entries(sandbox.shapes)) {
      expect({ path, fields: typings.membersOf(path) }).toEqual({ path, fields });
    }
  });
});
