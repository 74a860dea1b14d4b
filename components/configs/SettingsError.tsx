import type { SettingsProblem } from '@/lib/generate/app-settings';
import { SETTINGS_ENV } from '@/lib/generate/app-settings';

/** The generator settings file is wrong: say where and what, instead of generating with other settings. */
/** `consequence`: what stays undone until the file is fixed (the configs page and the SLO page differ). */
export function SettingsError({
  file,
  problems,
  consequence = 'Nothing is generated until it is fixed.',
}: {
  file: string;
  problems: SettingsProblem[];
  consequence?: string;
}) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-900">
      <h2 className="text-base font-semibold">The generator settings file is invalid</h2>
      <p className="mt-1">
        {consequence} The file is <code className="font-mono text-xs">{file}</code> (named by{' '}
        <code className="font-mono text-xs">{SETTINGS_ENV}</code>).
      </p>
      <ul className="mt-3 list-disc pl-5">
        {problems.map((p, i) => (
          <li key={i}>
            {p.path && <code className="mr-1 font-mono text-xs font-semibold">{p.path}:</code>}
            {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
