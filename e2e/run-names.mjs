// Names this checkout's e2e run uses, shared by e2e/serve.mjs (which makes them) and the specs (which check them).
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

/** awoooi_e2e_<hash of the checkout's path>: test runs from two clones on one server never drop each other's. */
export function e2eDatabaseName(root = process.cwd()) {
  return process.env.E2E_DATABASE_NAME ?? `awoooi_e2e_${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
}

/** The folder of the run's one deploy target and its DEPLOY_CONFIG: the push's files land in `target/`. */
export function e2eDeployDir(databaseName = e2eDatabaseName()) {
  return path.join(os.tmpdir(), `awoooi-e2e-deploy-${databaseName}`);
}

/** The auth secret of the run's server; a second server on the same database must share it to accept its sessions. */
export function e2eAuthSecret() {
  return process.env.BETTER_AUTH_SECRET ?? 'e2e-only-secret-0123456789abcdef0123456789';
}
