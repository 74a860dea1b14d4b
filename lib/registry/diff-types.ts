import type { Section } from './model';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface ChangedEntry {
  key: string;
  changes: FieldChange[];
}

export interface SectionDiff {
  added: string[];
  changed: ChangedEntry[];
  removed: string[];
  unchanged: number;
}

/** What applying a registry would do, section by section (keys as `entryKey` gives them). */
export interface RegistryDiff {
  sections: Record<Section, SectionDiff>;
  /** true when applying would change nothing */
  empty: boolean;
}
