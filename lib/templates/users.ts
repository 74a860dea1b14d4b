// Who uses an alert template, as data: `templateUsers()` (lib/registry/edit.ts) and the server's in-use refusal
// name them as "service X" / "page /p". Pure and browser-safe.
export interface TemplateUser {
  kind: 'service' | 'page';
  /** service name or page path */
  name: string;
}

export function parseTemplateUsers(labels: readonly string[]): TemplateUser[] {
  const users: TemplateUser[] = [];
  for (const label of labels) {
    const space = label.indexOf(' ');
    const kind = label.slice(0, space);
    if (kind === 'service' || kind === 'page') users.push({ kind, name: label.slice(space + 1) });
  }
  return users;
}
