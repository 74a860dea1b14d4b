// Run by e2e/serve.mjs on the fresh e2e database before the app starts: the people and tokens the browser
// tests act as, made through the app's own functions. Writes e2e/.auth/fixtures.json for the specs.
import fs from 'node:fs';
import path from 'node:path';
import { createDb } from '../lib/db/client';
import { createLocalUser, ensureAdmin } from '../lib/auth/bootstrap';
import { createToken } from '../lib/auth/tokens';
import { SYSTEM_ACTOR, type Role } from '../lib/auth/roles';

export const E2E_PASSWORD = 'e2e-password-not-secret';
const out = path.resolve('e2e/.auth/fixtures.json');
const db = createDb();
try {
  await ensureAdmin(db, { ADMIN_EMAIL: 'admin@awoooi.local', ADMIN_PASSWORD: E2E_PASSWORD });
  const users: Record<Role, string> = { admin: 'admin@awoooi.local', editor: 'editor@awoooi.local', viewer: 'viewer@awoooi.local' };
  await createLocalUser(db, { email: users.editor, name: 'Edith Editor', role: 'editor', password: E2E_PASSWORD });
  await createLocalUser(db, { email: users.viewer, name: 'Victor Viewer', role: 'viewer', password: E2E_PASSWORD });
  await createLocalUser(db, { email: 'editor2@awoooi.local', name: 'Second Editor', role: 'editor', password: E2E_PASSWORD });
  const tokens: Record<string, string> = {};
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    tokens[role] = (await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: `e2e ${role}`, role })).token;
  }
  const share = (await createToken(db, SYSTEM_ACTOR, { kind: 'share', name: 'e2e wall', role: 'viewer' })).token;
  const revoked = await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: 'e2e revoked', role: 'admin' });
  await db.apiToken.update({ where: { id: revoked.row.id }, data: { revokedAt: new Date() } });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ password: E2E_PASSWORD, users, tokens, share, revokedToken: revoked.token }, null, 2));
  console.log(`[e2e/fixtures] users and tokens written to ${path.relative(process.cwd(), out)}`);
} finally {
  await db.$disconnect();
}
