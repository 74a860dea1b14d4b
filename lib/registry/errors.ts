// One problem found in a registry file, located in the file and in the data.
export interface RegistryProblem {
  /** data path such as `services[3].port`; empty for the document itself */
  path: string;
  /** 1-based; 0 when the problem has no place in the file (e.g. the file is too large) */
  line: number;
  column: number;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: RegistryProblem[] };

/** `FILE:LINE:COL: message`, the form compilers and editors understand. */
export function formatProblem(file: string, p: RegistryProblem): string {
  const where = p.path ? `${p.path}: ` : '';
  return `${file}:${p.line}:${p.column}: ${where}${p.message}`;
}
