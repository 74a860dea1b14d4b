// Monitoring coverage of a registry: which share of services, pages and API endpoints have each kind of
// monitoring, and which entries lack it. The seed's `calculate_coverage` / `generate_report` (architecture
// doc, section 5.1), made safe for empty sections. Pure: the same registry gives the same report.
import { entryKey, type ApiEndpoint, type Page, type Registry, type Service } from '../registry/model';

/** ✅ at >= 90 %, ⚠️ at >= 70 %, ❌ below (the seed's marks). */
export type CoverageStatus = 'good' | 'warning' | 'poor';

export const STATUS_THRESHOLDS = { good: 0.9, warning: 0.7 } as const;
export const STATUS_MARKS: Record<CoverageStatus, string> = { good: '✅', warning: '⚠️', poor: '❌' };

export interface CoverageRatio {
  covered: number;
  total: number;
  /** covered / total in 0..1; null when the section is empty (n/a, never a division by zero) */
  ratio: number | null;
  status: CoverageStatus | null;
  /** entry keys (service name, page path, `METHOD /path`) lacking this coverage, in the canonical registry order */
  missing: string[];
}

export const SERVICE_RATIOS = ['prometheus', 'sentry', 'otel', 'langfuse', 'alerts'] as const;
export const PAGE_RATIOS = ['sentry_session', 'web_vitals'] as const;
export const ENDPOINT_RATIOS = ['slo'] as const;

export type ServiceRatio = (typeof SERVICE_RATIOS)[number];
export type PageRatio = (typeof PAGE_RATIOS)[number];
export type EndpointRatio = (typeof ENDPOINT_RATIOS)[number];

export interface CoverageSection<K extends string> {
  total: number;
  /** every key is always present (null ratios when the section is empty), so consumers need no key checks */
  ratios: Record<K, CoverageRatio>;
}

export interface CoverageReport {
  sections: {
    services: CoverageSection<ServiceRatio>;
    pages: CoverageSection<PageRatio>;
    api_endpoints: CoverageSection<EndpointRatio>;
  };
  overall: {
    /** the mean of every non-null ratio (as the seed: each ratio weighs the same); null when all are null */
    ratio: number | null;
    status: CoverageStatus | null;
    /** how many ratios the mean is over (8 when no section is empty) */
    ratios: number;
  };
}

export type SectionName = keyof CoverageReport['sections'];

/** Human labels, shared by the Markdown report and the coverage board. */
export const SECTION_LABELS: Record<SectionName, { title: string; noun: string }> = {
  services: { title: 'Services', noun: 'services' },
  pages: { title: 'Pages', noun: 'pages' },
  api_endpoints: { title: 'API endpoints', noun: 'API endpoints' },
};

export const RATIO_LABELS: { [S in SectionName]: Record<keyof CoverageReport['sections'][S]['ratios'], string> } = {
  services: {
    prometheus: 'Prometheus metrics',
    sentry: 'Sentry errors',
    otel: 'OpenTelemetry traces',
    langfuse: 'Langfuse LLM tracing',
    alerts: 'Alert rules (at least one)',
  },
  pages: { sentry_session: 'Sentry session', web_vitals: 'Web Vitals' },
  // The seed counted slo_latency_ms only; an availability SLO is just as much an SLO, so either counts.
  api_endpoints: { slo: 'SLO defined (latency or availability)' },
};

// Float means such as (0.8 + 1.0) / 2 may land a hair under a threshold; this keeps 0.9 at 0.9.
const EPSILON = 1e-9;

export function coverageStatus(ratio: number): CoverageStatus {
  if (ratio + EPSILON >= STATUS_THRESHOLDS.good) return 'good';
  if (ratio + EPSILON >= STATUS_THRESHOLDS.warning) return 'warning';
  return 'poor';
}

/** Whole percent, rounded down: 99.9 % shows as 99 %, so "100%" always means nothing is missing. */
export function percent(ratio: number): number {
  return Math.floor(ratio * 100 + EPSILON);
}

function section<T, K extends string>(
  entries: readonly T[],
  key: (entry: T) => string,
  checks: Record<K, (entry: T) => boolean>,
): CoverageSection<K> {
  const total = entries.length;
  const ratios = {} as Record<K, CoverageRatio>;
  for (const name of Object.keys(checks) as K[]) {
    const check = checks[name];
    const missing = entries.filter((e) => !check(e)).map(key);
    const covered = total - missing.length;
    const ratio = total === 0 ? null : covered / total;
    ratios[name] = { covered, total, ratio, status: ratio === null ? null : coverageStatus(ratio), missing };
  }
  return { total, ratios };
}

export function coverageReport(registry: Registry): CoverageReport {
  const services = section<Service, ServiceRatio>(registry.services, (s) => entryKey('services', s), {
    prometheus: (s) => s.monitoring.prometheus,
    sentry: (s) => s.monitoring.sentry,
    otel: (s) => s.monitoring.otel,
    langfuse: (s) => s.monitoring.langfuse,
    alerts: (s) => s.alerts.length > 0,
  });
  const pages = section<Page, PageRatio>(registry.pages, (p) => entryKey('pages', p), {
    sentry_session: (p) => p.monitoring.sentry_session,
    web_vitals: (p) => p.monitoring.web_vitals,
  });
  const api_endpoints = section<ApiEndpoint, EndpointRatio>(registry.api_endpoints, (e) => entryKey('api_endpoints', e), {
    slo: (e) => e.slo_latency_ms !== undefined || e.slo_availability !== undefined,
  });

  const sections = { services, pages, api_endpoints };
  const present = allRatios(sections)
    .map((r) => r.ratio)
    .filter((r): r is number => r !== null);
  const ratio = present.length === 0 ? null : present.reduce((a, b) => a + b, 0) / present.length;
  return {
    sections,
    overall: { ratio, status: ratio === null ? null : coverageStatus(ratio), ratios: present.length },
  };
}

function allRatios(sections: CoverageReport['sections']): CoverageRatio[] {
  return [
    ...Object.values<CoverageRatio>(sections.services.ratios),
    ...Object.values<CoverageRatio>(sections.pages.ratios),
    ...Object.values<CoverageRatio>(sections.api_endpoints.ratios),
  ];
}

export interface MarkdownOptions {
  /** how many missing entries to name per ratio before "and N more" (the JSON report has them all) */
  maxMissing?: number;
  /** shown under the title when given; the caller supplies it so this stays deterministic */
  timestamp?: string;
}

export const DEFAULT_MAX_MISSING = 20;

/** A Markdown code span that survives backticks, `|`, `*` and `_` in names. */
function code(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function shownRatio(r: { ratio: number | null }): string {
  return r.ratio === null ? 'n/a' : `${percent(r.ratio)}%`;
}

function shownStatus(status: CoverageStatus | null): string {
  return status === null ? '–' : STATUS_MARKS[status];
}

function sectionMarkdown(name: SectionName, report: CoverageReport, maxMissing: number): string[] {
  const data = report.sections[name];
  const { title, noun } = SECTION_LABELS[name];
  if (data.total === 0) return [`## ${title}`, '', `No ${noun}: n/a, left out of the overall figure.`, ''];

  const labels = RATIO_LABELS[name] as Record<string, string>;
  const ratios = Object.entries<CoverageRatio>(data.ratios);
  const lines = [`## ${title} (${data.total})`, '', '| Coverage | Covered | Ratio | Status |', '|---|---:|---:|:---:|'];
  for (const [key, r] of ratios) {
    lines.push(`| ${labels[key]} | ${r.covered}/${r.total} | ${shownRatio(r)} | ${shownStatus(r.status)} |`);
  }
  lines.push('');
  const gaps = ratios.filter(([, r]) => r.missing.length > 0);
  if (gaps.length > 0) {
    lines.push('Missing:', '');
    for (const [key, r] of gaps) {
      const names = r.missing.slice(0, maxMissing).map(code).join(', ');
      const more = r.missing.length > maxMissing ? ` and ${r.missing.length - maxMissing} more` : '';
      lines.push(`- ${labels[key]} (${r.missing.length}): ${names}${more}`);
    }
    lines.push('');
  }
  return lines;
}

export function coverageMarkdown(report: CoverageReport, options: MarkdownOptions = {}): string {
  const maxMissing = Math.max(0, options.maxMissing ?? DEFAULT_MAX_MISSING);
  const lines = ['# Monitoring coverage report', ''];
  if (options.timestamp !== undefined) lines.push(`Generated: ${options.timestamp}`, '');
  for (const name of Object.keys(SECTION_LABELS) as SectionName[]) lines.push(...sectionMarkdown(name, report, maxMissing));
  lines.push('---', '');
  const { overall } = report;
  if (overall.ratio === null) {
    lines.push('Overall: **n/a** (no services, pages or API endpoints)');
  } else {
    const over = `the mean of ${overall.ratios} ratio${overall.ratios === 1 ? '' : 's'}`;
    lines.push(`Overall: **${shownRatio(overall)}** ${shownStatus(overall.status)} (${over})`);
  }
  return `${lines.join('\n')}\n`;
}
