// "What would a push change?" before pushing: the check's verdict, and per target the drift between what runs
// and the new tree. A folder target is read and compared file by file; a Kubernetes target is asked with a
// server-side dry run (nothing stored). Never throws: a target that cannot be read says why.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../db/client';
import { MARKER } from '../generate/output-dir';
import { describeTarget, type DeployTarget } from './config';
import { applyToKubernetes } from './kubernetes-target';
import { checkVerdict, contentHash, promqlProblems } from './push-model';
import { folderDrift, kubernetesDrift, type FolderDrift } from './push-preview-shape';
import { currentTree, deployTargets } from './push';
import { lastSuccessfulPush } from './push-store';

type Env = Readonly<Record<string, string | undefined>>;

export interface TargetPreview {
  name: string;
  type: DeployTarget['type'];
  where: string;
  /** why the drift is unknown */
  error?: string;
  /** the folder does not exist yet: every file is added */
  missing?: boolean;
  folder?: FolderDrift;
  kubernetes?: ReturnType<typeof kubernetesDrift>;
}

export type PushPreview =
  | { ok: false; message: string; problems: string[] }
  | {
      ok: true;
      registryRevision: string;
      contentHash: string;
      fileCount: number;
      /** the last push every target took has exactly this content: pushing again is a re-push */
      sameAsPush: number | null;
      check: { failed: string[]; note: string };
      targets: TargetPreview[];
    };

/** Every file under `dir` by relative path (forward slashes), without the generator's marker. */
async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile() && child !== MARKER) files.set(child, await readFile(path.join(dir, child), 'utf8'));
    }
  };
  await walk('');
  return files;
}

async function previewTarget(target: DeployTarget, files: Parameters<typeof folderDrift>[1], env: Env): Promise<TargetPreview> {
  const base = { name: target.name, type: target.type, where: describeTarget(target) };
  if (target.type === 'directory') {
    const dir = target.options.dir;
    if (!existsSync(dir)) return { ...base, missing: true, folder: folderDrift(new Map(), files) };
    try {
      return { ...base, folder: folderDrift(await readTree(dir), files) };
    } catch (error) {
      return { ...base, error: `cannot read ${dir}: ${(error as Error).message}` };
    }
  }
  const result = await applyToKubernetes(target.options, files, { dryRun: true, timeoutMs: 30_000, env: env as NodeJS.ProcessEnv });
  return { ...base, kubernetes: kubernetesDrift(result) };
}

/** The drift of every configured target against the registry's current tree, and the check's verdict. */
export async function pushPreview(db: Db, options: { env?: Env; targets?: DeployTarget[] } = {}): Promise<PushPreview> {
  const env = options.env ?? process.env;
  let targets = options.targets;
  if (!targets) {
    const configured = await deployTargets(env);
    if (!configured.ok) return configured;
    targets = configured.targets;
  }
  const tree = await currentTree(db, env);
  if (!tree.ok) return tree;
  const { files, registryRevision } = tree.source;
  const hash = contentHash(files);
  const [report, last, previews] = await Promise.all([
    tree.source.checks().catch((error: unknown) => ({ files: [{ path: '(all)', status: 'failed' as const, output: `the check could not run: ${(error as Error).message}` }], tools: {} })),
    lastSuccessfulPush(db),
    Promise.all(targets.map((t) => previewTarget(t, files, env))),
  ]);
  return {
    ok: true,
    registryRevision,
    contentHash: hash,
    fileCount: files.length,
    sameAsPush: last && last.contentHash === hash ? last.id : null,
    check: checkVerdict(report, promqlProblems(files)),
    targets: previews,
  };
}
