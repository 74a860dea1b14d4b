// The users, passwords and tokens e2e/fixtures.ts made for this run, and where each role's signed-in browser
// state is saved by e2e/auth.setup.ts.
import fs from 'node:fs';
import path from 'node:path';

export type E2eRole = 'admin' | 'editor' | 'viewer';

export interface E2eFixtures {
  password: string;
  users: Record<E2eRole, string>;
  tokens: Record<E2eRole, string>;
  share: string;
  revokedToken: string;
}

export const storageStateFor = (role: E2eRole) => path.resolve(`e2e/.auth/${role}.json`);

export function fixtures(): E2eFixtures {
  return JSON.parse(fs.readFileSync(path.resolve('e2e/.auth/fixtures.json'), 'utf8')) as E2eFixtures;
}
