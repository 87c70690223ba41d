// Plain data, no Monaco import: safe to use from components that load Monaco lazily.
/** The editor options every Monaco editor of the admin shares (one look, one keyboard feel). */
export function baseEditorOptions(readOnly: boolean, ariaLabel: string) {
  return {
    readOnly,
    domReadOnly: readOnly,
    minimap: { enabled: false },
    fontSize: 13,
    lineHeight: 20,
    tabSize: 2,
    scrollBeyondLastLine: false,
    automaticLayout: true,
    fixedOverflowWidgets: true,
    glyphMargin: false,
    ariaLabel,
    padding: { top: 8 },
  } as const;
}
