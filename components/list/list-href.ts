// Builds list URLs that keep the current filters: sorting and paging change one thing and keep the rest.
export type ListParams = Record<string, string | number | undefined>;

export function listHref(basePath: string, params: ListParams, overrides: ListParams = {}): string {
  const merged = { ...params, ...overrides };
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    // Empty values and page 1 stay out of the URL so links are short and shareable.
    if (value === undefined || value === '' || (key === 'page' && value === 1)) continue;
    search.set(key, String(value));
  }
  const qs = search.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}
