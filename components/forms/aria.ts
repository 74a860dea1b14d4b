// The ids an input's aria-describedby names: its hint and its error, each when present (`<id>-hint`, `<id>-error`).
export const describedBy = (id: string, hint: unknown, error: unknown): string | undefined =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
