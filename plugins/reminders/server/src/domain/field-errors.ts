/** A problem with one input field, named the way an API caller wrote it. */
export interface FieldError {
  path: string;
  message: string;
}

/** Result of checking an input: either the cleaned value or the list of problems. */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const fieldError = (path: string, message: string): FieldError => ({ path, message });
