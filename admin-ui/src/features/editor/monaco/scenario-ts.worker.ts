// The editor's TypeScript worker: Monaco's own, reading each scenario through its shadow
// (scenario-shadow.ts) so the default export is typed as a handler without a JSDoc header.
// Everything the shadow wrote over stays out of what the worker answers: markers there, and
// formatting or quick-fix edits that would write the shadow into the user's code.
import {
  TypeScriptWorker,
  initialize,
  ts,
  type WorkerCodeFix,
  type WorkerDiagnostic,
  type WorkerTextChange,
} from 'monaco-editor/esm/vs/language/typescript/ts.worker';
import { shadowScenario, touchesHidden, type ShadowScenario } from './scenario-shadow';
import { unclosedBraceByIndent } from './unclosed-brace';

const SCENARIO_FILE = /\.(?:[cm]?[jt]sx?)$/;
/** "'{0}' expected." and its related "The parser expected to find a '}' to match the '{' token here." */
const EXPECTED_CODE = 1005;
const OPENED_HERE_CODE = 1007;

class ScenarioTypeScriptWorker extends TypeScriptWorker {
  /** The last shadow per file: the language service asks for a file's text many times per version. */
  private readonly shadows = new Map<string, { source: string; shadow: ShadowScenario }>();

  private shadowOf(fileName: string): ShadowScenario | null {
    if (!SCENARIO_FILE.test(fileName) || fileName.endsWith('.d.ts') || !this._getModel(fileName)) return null;
    const source = super._getScriptText(fileName);
    if (source === undefined) return null;
    const cached = this.shadows.get(fileName);
    if (cached?.source === source) return cached.shadow;
    const shadow = shadowScenario(ts.typescript, fileName, source);
    this.shadows.set(fileName, { source, shadow });
    return shadow;
  }

  protected override _getScriptText(fileName: string): string | undefined {
    return this.shadowOf(fileName)?.text ?? super._getScriptText(fileName);
  }

  private visible<T extends WorkerDiagnostic>(fileName: string, diagnostics: T[]): T[] {
    const ranges = this.shadowOf(fileName)?.hiddenRanges ?? [];
    if (ranges.length === 0) return diagnostics;
    return diagnostics.filter((diagnostic) => !touchesHidden(ranges, diagnostic.start ?? 0, diagnostic.length ?? 0));
  }

  private keepsShadowOut(fileName: string, changes: WorkerTextChange[]): boolean {
    const ranges = this.shadowOf(fileName)?.hiddenRanges ?? [];
    return changes.every((change) => !touchesHidden(ranges, change.span.start, change.span.length));
  }

  override async getSyntacticDiagnostics(fileName: string) {
    const diagnostics = this.visible(fileName, await super.getSyntacticDiagnostics(fileName));
    for (const diagnostic of diagnostics) this.pointAtUnclosedBrace(fileName, diagnostic);
    return diagnostics;
  }

  /**
   * "'}' expected" names the `{` it would match in its related information (shown by the editor
   * as the place to fix, diagnostic-rewrite.ts); TypeScript names the outermost open block, the
   * indentation usually tells the one the author left open.
   */
  private pointAtUnclosedBrace(fileName: string, diagnostic: WorkerDiagnostic) {
    const opened = diagnostic.relatedInformation?.find((info) => info.code === OPENED_HERE_CODE);
    if (diagnostic.code !== EXPECTED_CODE || diagnostic.messageText !== "'}' expected." || !opened) return;
    const text = super._getScriptText(fileName);
    const position = text === undefined ? null : unclosedBraceByIndent(ts.typescript, text);
    if (position !== null) opened.start = position;
  }

  override async getSemanticDiagnostics(fileName: string) {
    return this.visible(fileName, await super.getSemanticDiagnostics(fileName));
  }

  override async getSuggestionDiagnostics(fileName: string) {
    return this.visible(fileName, await super.getSuggestionDiagnostics(fileName));
  }

  override async getFormattingEditsForDocument(fileName: string, options: unknown) {
    return this.outsideShadow(fileName, await super.getFormattingEditsForDocument(fileName, options));
  }

  override async getFormattingEditsForRange(fileName: string, start: number, end: number, options: unknown) {
    return this.outsideShadow(fileName, await super.getFormattingEditsForRange(fileName, start, end, options));
  }

  override async getFormattingEditsAfterKeystroke(fileName: string, position: number, ch: string, options: unknown) {
    return this.outsideShadow(fileName, await super.getFormattingEditsAfterKeystroke(fileName, position, ch, options));
  }

  override async getCodeFixesAtPosition(
    fileName: string,
    start: number,
    end: number,
    errorCodes: number[],
    formatOptions: unknown,
  ): Promise<WorkerCodeFix[]> {
    const fixes = await super.getCodeFixesAtPosition(fileName, start, end, errorCodes, formatOptions);
    return fixes.filter((fix) =>
      fix.changes.every((change) => this.keepsShadowOut(change.fileName, change.textChanges)),
    );
  }

  private outsideShadow(fileName: string, edits: WorkerTextChange[]): WorkerTextChange[] {
    return edits.filter((edit) => this.keepsShadowOut(fileName, [edit]));
  }
}

// As Monaco's own worker entry does: the first message only starts the worker.
self.onmessage = () => {
  initialize((ctx, createData) => new ScenarioTypeScriptWorker(ctx, createData));
};
