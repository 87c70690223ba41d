import type { SchemaJsonEditorProps } from '../components/request-schema/SchemaJsonEditor';

/**
 * Stands in for the Monaco JSON editor in jsdom (Monaco needs workers and layout a test has
 * not): a textarea with the same value and change, and the server's problems listed beside it.
 */
export default function SchemaJsonEditorStub({
  part,
  value,
  onChange,
  readOnly,
  label,
  problems,
}: SchemaJsonEditorProps) {
  return (
    <div data-testid={`schema-editor-${part}`}>
      <textarea
        aria-label={label}
        value={value}
        readOnly={readOnly}
        onChange={(event) => onChange(event.target.value)}
      />
      <ul aria-label={`${label}: marked problems`}>
        {problems.map((problem) => (
          <li key={`${problem.pointer} ${problem.message}`}>{`${problem.pointer} ${problem.message}`}</li>
        ))}
      </ul>
    </div>
  );
}
