// alertmanager/alertmanager.yml: a route tree by owner and severity, one webhook receiver per owner, and
// inhibition (a service that is down silences its own other alerts). Pure: no I/O.
//
// Route tree:
//   root (receiver default, grouped by alertname and service)
//   ├─ owner="<name>" → owner-<name>, one per owner, sorted by name
//   │   ├─ severity="critical": notify fast, repeat hourly (someone should be on it)
//   │   ├─ severity="info": repeat daily (informational, never urgent)
//   │   └─ anything else (warning, or a severity this file does not know): the owner route itself, with the
//   │      root's 4h repeat. So an unexpected severity is still delivered at a sane pace, not dropped into a
//   │      24h bucket.
//   ├─ severity="critical" / severity="info" → default: the same pacing for alerts without a known owner
//   │   (pages, SLO burn rates)
//   └─ everything else → default
import type { Owner, Severity } from '../registry/model';
import { entryName, type GeneratedFile, type Generator } from './types';
import { yamlFile } from './yaml';

export const ALERTMANAGER_CONFIG_PATH = 'alertmanager/alertmanager.yml';
export const DEFAULT_RECEIVER = 'default';
/** The alert that means "the whole service is unreachable": the registry's service_down template, else this name. */
export const SERVICE_DOWN_ALERT = 'ServiceDown';
export const SERVICE_DOWN_TEMPLATE = 'service_down';

export const ownerReceiver = (owner: string) => `owner-${owner}`;

/** Alertmanager's matcher value: double-quoted, with `\`, `"` and newlines escaped (its matcher grammar). */
export function quoteMatcherValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `name<op>"value"`; label names here are fixed identifiers, only values come from the registry. */
export function amMatcher(label: string, op: '=' | '!=' | '=~' | '!~', value: string): string {
  return `${label}${op}${quoteMatcherValue(value)}`;
}

interface Timing {
  group_wait: string;
  group_interval: string;
  repeat_interval: string;
}

const ROOT_TIMING: Timing = { group_wait: '30s', group_interval: '5m', repeat_interval: '4h' };

/** Pacing per severity that differs from the root's; warning uses the root's. */
const SEVERITY_TIMING: Partial<Record<Severity, Timing>> = {
  critical: { group_wait: '10s', group_interval: '1m', repeat_interval: '1h' },
  info: { group_wait: '1m', group_interval: '15m', repeat_interval: '24h' },
};

function severityRoutes(receiver: string): Record<string, unknown>[] {
  return (Object.entries(SEVERITY_TIMING) as [Severity, Timing][]).map(([severity, timing]) => ({
    receiver,
    matchers: [amMatcher('severity', '=', severity)],
    ...timing,
  }));
}

function webhookReceiver(name: string, url: string): Record<string, unknown> {
  return { name, webhook_configs: [{ url, send_resolved: true }] };
}

const byName = (a: Owner, b: Owner) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export const generateAlertmanager: Generator = ({ registry, settings, report }): GeneratedFile[] => {
  const { default_webhook_url: defaultUrl, owner_webhooks: ownerWebhooks } = settings.alertmanager;
  // Normalisation adds every owner a service names to registry.owners, so this is the complete list.
  const owners = [...registry.owners].sort(byName);
  const known = new Set(owners.map((o) => o.name));
  for (const name of Object.keys(ownerWebhooks).sort()) {
    if (!known.has(name)) {
      report.note(entryName.owner(name), `settings alertmanager.owner_webhooks names owner ${JSON.stringify(name)}, which the registry does not have: not used`, 'alertmanager');
    }
  }

  const route = {
    receiver: DEFAULT_RECEIVER,
    // page, endpoint: one notification per page or SLO'd endpoint (those alerts have no service label)
    group_by: ['alertname', 'service', 'page', 'endpoint'],
    ...ROOT_TIMING,
    routes: [
      ...owners.map((owner) => ({
        receiver: ownerReceiver(owner.name),
        matchers: [amMatcher('owner', '=', owner.name)],
        routes: severityRoutes(ownerReceiver(owner.name)),
      })),
      ...severityRoutes(DEFAULT_RECEIVER),
    ],
  };

  const serviceDown = registry.alert_templates.find((t) => t.key === SERVICE_DOWN_TEMPLATE)?.alert ?? SERVICE_DOWN_ALERT;
  // Guard: `equal: [service]` also holds when neither alert has a service label, so without `service=~".+"`
  // a ServiceDown without a service would silence every page and SLO alert.
  const inhibitRules = [
    {
      source_matchers: [amMatcher('alertname', '=', serviceDown)],
      target_matchers: [amMatcher('alertname', '!=', serviceDown), amMatcher('service', '=~', '.+')],
      equal: ['service'],
    },
    {
      source_matchers: [amMatcher('severity', '=', 'critical')],
      target_matchers: [amMatcher('severity', '=', 'warning'), amMatcher('service', '=~', '.+')],
      equal: ['alertname', 'service'],
    },
    // Page alerts have a page label instead of a service one: the same rule, per page.
    {
      source_matchers: [amMatcher('severity', '=', 'critical')],
      target_matchers: [amMatcher('severity', '=', 'warning'), amMatcher('page', '=~', '.+')],
      equal: ['alertname', 'page'],
    },
  ];

  const receivers = [
    webhookReceiver(DEFAULT_RECEIVER, defaultUrl),
    // hasOwn: an owner may be called `constructor` or `toString`, which a plain object lookup would find.
    ...owners.map((owner) =>
      webhookReceiver(ownerReceiver(owner.name), Object.hasOwn(ownerWebhooks, owner.name) ? ownerWebhooks[owner.name]! : defaultUrl),
    ),
  ];

  const config = { route, inhibit_rules: inhibitRules, receivers };
  return [{ path: ALERTMANAGER_CONFIG_PATH, content: yamlFile(config) }];
};
