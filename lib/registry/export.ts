// The registry as YAML in the seed's format. Deterministic: the same registry always gives the same bytes
// (canonical order, no timestamps), so export -> import -> export is byte-identical and Git diffs stay small.
import { createHash } from 'node:crypto';
import jsyaml from 'js-yaml';
import type { Registry, Section } from './model';
import { canonicalRegistry } from './normalize';

const HEADER = `# awoooi-monitor service registry: the single source of truth for monitoring.
# Format: services, pages, api_endpoints, alert_templates, owners, hosts (see README, "Registry format").
`;

/** Sections in the order a reader wants them: what runs first, definitions last. */
const EXPORT_ORDER: Section[] = ['services', 'pages', 'api_endpoints', 'alert_templates', 'owners', 'hosts'];
/** Sections left out of the file when empty: a registry without hosts exports as it did before hosts existed. */
const OMIT_WHEN_EMPTY: ReadonlySet<Section> = new Set(['hosts']);

export function registryToYaml(registry: Registry): string {
  const canonical = canonicalRegistry(registry);
  const parts = EXPORT_ORDER.filter((section) => canonical[section].length > 0 || !OMIT_WHEN_EMPTY.has(section)).map((section) => {
    const entries = canonical[section];
    if (entries.length === 0) return `${section}: []\n`;
    const body = jsyaml.dump(
      { [section]: entries },
      { schema: jsyaml.CORE_SCHEMA, lineWidth: -1, noRefs: true, noCompatMode: true, quotingType: '"' },
    );
    // A blank line between entries, as the seed has: entries are the lines "  - " at the section's indent.
    return body.replace(/\n(?=  - )/g, '\n\n').replace(/^(\w+:\n)\n/, '$1');
  });
  return `${HEADER}\n${parts.join('\n')}`;
}

/** A short fingerprint of a registry's content, for If-Match on import. */
export function registryRevision(registry: Registry): string {
  return createHash('sha256').update(JSON.stringify(canonicalRegistry(registry))).digest('hex').slice(0, 20);
}
