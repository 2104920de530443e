// A form field as every page shows it: label, optional hint, the error beside the field (in the page's
// language) and the control itself, which keeps what was typed.

export interface FieldProblem {
  field: string;
  message: string;
}

export function Field(p: { id: string; label: string; errors: FieldProblem[]; hint?: string; children: unknown }) {
  const error = p.errors.find((e) => e.field === p.id);
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for={p.id}>{p.label}</label>
      <FieldNotes id={p.id} hint={p.hint} error={error?.message} />
      {p.children}
    </div>
  );
}

/** A field's hint and error lines, with the ids its control's aria-describedby names. */
export function FieldNotes(p: { id: string; hint?: string; error?: string }) {
  return (
    <>
      {p.hint && (
        <span class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </span>
      )}
      {p.error && (
        <span class="error-message" id={`${p.id}-error`}>
          {p.error}
        </span>
      )}
    </>
  );
}

/** The hidden CSRF field every form carries. */
export function FormToken(p: { token: string }) {
  return <input type="hidden" name="_csrf" value={p.token} />;
}
