import type { SettingsProblem } from '@/lib/generate/app-settings';
import { PROMETHEUS_URL_ENV } from '@/lib/slo/prometheus-client';
import { SettingsError } from '@/components/configs/SettingsError';

const code = (text: string) => <code className="font-mono text-xs">{text}</code>;

/** No PROMETHEUS_URL: say so, instead of showing zeros as if everything had been measured. */
export function NotConfigured() {
  return (
    <div role="status" className="mb-6 rounded-lg border border-sky-200 bg-sky-50 p-5 text-sm text-sky-950" data-testid="slo-not-configured">
      <h2 className="text-base font-semibold">Prometheus is not configured: nothing is measured</h2>
      <p className="mt-1">
        Set {code(PROMETHEUS_URL_ENV)} to your Prometheus server&apos;s address (e.g. {code('http://prometheus:9090')}) and restart the app to see
        each SLO&apos;s measured SLI, error budget left and burn rates. Until then only the targets from the registry are listed.
      </p>
    </div>
  );
}

/** PROMETHEUS_URL is set but Prometheus did not answer (or not as Prometheus): its words, so it can be fixed. */
export function PrometheusFailed({ url, error }: { url: string | null; error: string }) {
  return (
    <div role="alert" className="mb-6 rounded-lg border border-red-200 bg-red-50 p-5 text-sm text-red-900" data-testid="slo-error">
      <h2 className="text-base font-semibold">{url ? 'Prometheus could not be queried' : `${PROMETHEUS_URL_ENV} is not usable`}</h2>
      <p className="mt-1 break-words">{error}</p>
      <p className="mt-2">No measurements are shown until it answers; the targets from the registry are below. Reload the page to try again.</p>
    </div>
  );
}

export function SloSettingsError({ file, problems }: { file: string; problems: SettingsProblem[] }) {
  return <SettingsError file={file} problems={problems} consequence="The SLO window comes from it (slo.window), so nothing is measured until it is fixed." />;
}
