import { MARKER_SEVERITY, type MarkerLike } from './problems';
import { GRANTED_SECRETS_TYPE } from './secret-typings';

// TypeScript speaks to a developer with a project: "Do you need to install type definitions for
// node? Try `npm i --save-dev @types/node`", "'}' expected" at the last line of the file. A
// scenario has no project and no npm, so the editor says what fits the sandbox instead, in the
// admin's language, and points an unclosed block at the line that opens it.

export interface RelatedLike {
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  message: string;
}

/** A marker as Monaco's TypeScript support makes it (`code` is the TS error number, as text). */
export interface TsMarker extends MarkerLike {
  code?: string | { value: string };
  relatedInformation?: RelatedLike[];
}

export interface RewriteMessages {
  /** A global of Node.js, the DOM or a test runner that the sandbox does not have. */
  notInSandbox(name: string): string;
  /** An `import`/`require` of a package or a Node.js module. */
  notImportable(module: string): string;
  /** An opening bracket that is never closed; `endLine` is where TypeScript noticed. */
  unclosed(open: string, close: string, endLine: number): string;
  /** `ctx.secrets.NAME` for a name the endpoint was not granted. */
  secretNotGranted(name: string, granted: readonly string[]): string;
}

/** "Cannot find name 'x'. Do you need to install type definitions for node? Try `npm i …`" and kin. */
const INSTALL_ADVICE_CODES = new Set([2580, 2581, 2582, 2583, 2584, 2591, 2592, 2593, 2867, 2868]);
/** Cannot find module 'x' (2307, 2792) / no declaration file for 'x' (7016). */
const MODULE_CODES = new Set([2307, 2792, 7016]);
const ADVICE = /npm i|@types\/|type definitions|tsconfig|compiler option|moduleResolution/i;
const QUOTED = /'([^']+)'/;
const NOT_GRANTED = new RegExp(`^Property '([^']+)' does not exist on type '${GRANTED_SECRETS_TYPE}'`);
const UNCLOSED = /^'([}\])])' expected\.?$/;
const OPENED_HERE = /to match the '([{[(])' token here/;

function codeOf(marker: TsMarker): number {
  const code = typeof marker.code === 'object' ? marker.code.value : marker.code;
  return Number(code);
}

/**
 * The markers to show instead of TypeScript's, or `null` when none needs a change (the rewritten
 * ones match no rule again, so setting them back is final).
 */
export function rewriteMarkers<Marker extends TsMarker>(
  markers: readonly Marker[],
  messages: RewriteMessages,
  granted: readonly string[] = [],
): Marker[] | null {
  let changed = false;
  const next = markers.map((marker) => {
    const rewritten = rewriteMarker(marker, messages, granted);
    if (rewritten !== marker) changed = true;
    return rewritten;
  });
  return changed ? next : null;
}

function rewriteMarker<Marker extends TsMarker>(
  marker: Marker,
  messages: RewriteMessages,
  granted: readonly string[],
): Marker {
  const code = codeOf(marker);
  const name = QUOTED.exec(marker.message)?.[1];
  if (name && MODULE_CODES.has(code)) return { ...marker, message: messages.notImportable(name) };
  if (
    name &&
    (INSTALL_ADVICE_CODES.has(code) || (ADVICE.test(marker.message) && /^Cannot find name/.test(marker.message)))
  ) {
    return { ...marker, message: messages.notInSandbox(name) };
  }
  const secret = NOT_GRANTED.exec(marker.message)?.[1];
  // A warning, not an error: the code runs and reads `undefined`, which templates check for.
  if (secret)
    return { ...marker, severity: MARKER_SEVERITY.Warning, message: messages.secretNotGranted(secret, granted) };
  const closer = UNCLOSED.exec(marker.message)?.[1];
  const opened = closer ? marker.relatedInformation?.find((info) => OPENED_HERE.test(info.message)) : undefined;
  if (closer && opened) {
    const open = OPENED_HERE.exec(opened.message)?.[1] ?? '{';
    return {
      ...marker,
      message: messages.unclosed(open, closer, marker.startLineNumber),
      startLineNumber: opened.startLineNumber,
      startColumn: opened.startColumn,
      endLineNumber: opened.endLineNumber,
      endColumn: opened.endColumn,
      // Where TypeScript gave up, for the hover: the end of the code.
      relatedInformation: [
        { ...opened, ...endOf(marker), message: messages.unclosed(open, closer, marker.startLineNumber) },
      ],
    };
  }
  if (ADVICE.test(marker.message)) {
    // Any other install or project advice: keep what TypeScript found, drop what it advised.
    const found = marker.message
      .split(/(?<=\.)\s+/)
      .filter((sentence) => !ADVICE.test(sentence))
      .join(' ');
    return found ? { ...marker, message: found } : marker;
  }
  return marker;
}

function endOf(marker: TsMarker): Omit<RelatedLike, 'message'> {
  return {
    startLineNumber: marker.startLineNumber,
    startColumn: marker.startColumn,
    endLineNumber: marker.endLineNumber,
    endColumn: marker.endColumn,
  };
}
