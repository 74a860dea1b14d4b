// One YAML writer for every generated file, so all of them look alike and diff cleanly.
import jsyaml from 'js-yaml';
import { yamlHeader } from './header';

/** Plain YAML: no anchors, no line folding (long PromQL stays on one line), keys in insertion order. */
export function toYaml(value: unknown): string {
  return jsyaml.dump(value, { lineWidth: -1, noRefs: true, sortKeys: false, quotingType: '"' });
}

/** A generated YAML file: the do-not-edit header, then the document. */
export function yamlFile(value: unknown, extraHeader: readonly string[] = []): string {
  return yamlHeader(extraHeader) + toYaml(value);
}
