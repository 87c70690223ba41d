/** A translation resource: nested groups of strings. */
export interface TranslationTree {
  [key: string]: string | TranslationTree;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every key as a dotted path; plural forms collapse to their base key. */
export function flattenKeys(tree: TranslationTree, prefix = ''): string[] {
  const keys = new Set<string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.add(path.replace(PLURAL_SUFFIX, ''));
    else for (const nested of flattenKeys(value, path)) keys.add(nested);
  }
  return [...keys].sort();
}

/** The plural forms present for a base key, e.g. `["few", "many", "one", "other"]`. */
export function pluralForms(tree: TranslationTree, baseKey: string): string[] {
  const parts = baseKey.split('.');
  const leaf = parts.pop()!;
  let node: string | TranslationTree | undefined = tree;
  for (const part of parts) node = typeof node === 'object' ? node[part] : undefined;
  if (!node || typeof node !== 'object') return [];
  return Object.keys(node)
    .filter((key) => key.startsWith(`${leaf}_`) && PLURAL_SUFFIX.test(key))
    .map((key) => key.slice(leaf.length + 1))
    .sort();
}
