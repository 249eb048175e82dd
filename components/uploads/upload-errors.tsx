export function UploadErrors({ errors }: { errors: Array<{ line: number; message: string }> }) {
  if (!errors.length) return null;
  return (
    <details className="upload-errors">
      <summary>first {errors.length} problems</summary>
      <ul>
        {errors.map((e, i) => (
          <li key={i} className="mono">
            {e.line > 0 ? `line ${e.line}: ` : ""}
            {e.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
