// Run by scripts/start.mjs (and e2e/serve.mjs) after migrations: creates the first admin when there is none.
import { createDb } from '../lib/db/client';
import { ensureAdmin } from '../lib/auth/bootstrap';

const db = createDb();
try {
  const outcome = await ensureAdmin(db);
  if (!outcome.created) console.log(`admin account: ${outcome.email} exists`);
  else if (outcome.generatedPassword) {
    console.log(
      `\n  admin account created: ${outcome.email}\n  password (shown this once; change it after signing in): ${outcome.generatedPassword}\n`,
    );
  } else console.log(`admin account created: ${outcome.email} (password from ADMIN_PASSWORD)`);
} catch (error) {
  console.error(`admin account: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
