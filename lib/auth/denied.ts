// What a guarded server action answers when it refuses. Pure (no database import), so browser code can test
// a result with isDenied without pulling the server's database client into its bundle.

/** What every action answers when it refuses: the form shows `formError`. */
export interface Denied {
  ok: false;
  status: 401 | 403;
  formError: string;
}

export function isDenied(value: unknown): value is Denied {
  const v = value as Denied | null;
  return !!v && v.ok === false && (v.status === 401 || v.status === 403) && typeof v.formError === 'string';
}
