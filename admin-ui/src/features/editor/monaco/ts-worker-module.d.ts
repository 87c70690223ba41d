// Monaco ships its TypeScript worker as plain ESM without declarations; these are the parts the
// scenario worker (scenario-ts.worker.ts) builds on.
declare module 'monaco-editor/esm/vs/language/typescript/ts.worker' {
  import type * as TypeScript from 'typescript';

  interface TextSpanLike {
    start: number;
    length: number;
  }
  export interface WorkerDiagnostic {
    start?: number;
    length?: number;
    code: number;
    messageText: string | { messageText: string };
    relatedInformation?: WorkerDiagnostic[];
  }
  export interface WorkerTextChange {
    span: TextSpanLike;
    newText: string;
  }
  export interface WorkerCodeFix {
    changes: { fileName: string; textChanges: WorkerTextChange[] }[];
  }

  export class TypeScriptWorker {
    constructor(ctx: unknown, createData: unknown);
    protected _getModel(fileName: string): object | null;
    protected _getScriptText(fileName: string): string | undefined;
    getSyntacticDiagnostics(fileName: string): Promise<WorkerDiagnostic[]>;
    getSemanticDiagnostics(fileName: string): Promise<WorkerDiagnostic[]>;
    getSuggestionDiagnostics(fileName: string): Promise<WorkerDiagnostic[]>;
    getFormattingEditsForDocument(fileName: string, options: unknown): Promise<WorkerTextChange[]>;
    getFormattingEditsForRange(
      fileName: string,
      start: number,
      end: number,
      options: unknown,
    ): Promise<WorkerTextChange[]>;
    getFormattingEditsAfterKeystroke(
      fileName: string,
      position: number,
      ch: string,
      options: unknown,
    ): Promise<WorkerTextChange[]>;
    getCodeFixesAtPosition(
      fileName: string,
      start: number,
      end: number,
      errorCodes: number[],
      formatOptions: unknown,
    ): Promise<WorkerCodeFix[]>;
  }
  export const ts: { typescript: typeof TypeScript };
  export function initialize(factory: (ctx: unknown, createData: unknown) => unknown): void;
}
