// Which register column each header of an imported file fills: matched by the column's Chinese
// or English label or its name, ignoring case, spaces, full-width forms and a required-mark "*".
import type { ColumnMeta, RegisterMeta } from '../model/register-meta';

/** Per header (same order as the file's headers): the column it fills, or null when ignored. */
export type ColumnMapping = (string | null)[];

/** Only columns the person may write (new rows or updates), never system ones, can be filled from a file. */
export const importTargets = (register: RegisterMeta): ColumnMeta[] => register.columns.filter((c) => (c.editable || c.insertable) && !c.system);

/**
 * The register as an administrator's historical import sees it: the system-owned columns a paper
 * record carries (first receiver, state, dates, stamps) can be filled too; the metadata says which
 * (not the bookkeeping every register has, generated columns or lists). The server
 * (public.import_history) decides again.
 */
export const asHistoricalImport = (register: RegisterMeta): RegisterMeta => ({
  ...register,
  columns: register.columns.map((c) => (c.historyImportable ? { ...c, system: false, insertable: true } : c)),
});

/** Full-width to half-width (NFKC), lower case, no spaces, no required mark "*" or trailing colon. */
export function normaliseLabel(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, '').replace(/^\*+|[*:]+$/g, '');
}

// "客户等级（A 一月内签约 / …）" also answers to "客户等级".
const withoutBrackets = (text: string): string => text.replace(/\([^)]*\)|\[[^\]]*\]/g, '');

/**
 * The column each header fills. The key column and `version` are matched too (a file exported
 * with them updates those rows instead of inserting); every column is used at most once.
 */
export function mapColumns(headers: readonly string[], register: RegisterMeta): ColumnMapping {
  const candidates = [...importTargets(register), ...register.columns.filter((c) => c.name === register.keyColumn || c.name === 'version')];
  const names = (column: ColumnMeta) => [column.name, column.labelZh, column.labelEn].map(normaliseLabel);
  // Exact labels first, then labels without their bracketed notes.
  const passes: ((text: string) => string)[] = [(text) => text, withoutBrackets];
  const mapping: ColumnMapping = headers.map(() => null);
  const used = new Set<string>();
  // A header naming a column exactly (a system one, say) is that column, never a near match.
  const exact = new Set(register.columns.flatMap(names));
  for (const pass of passes) {
    headers.forEach((header, i) => {
      const wanted = pass(normaliseLabel(header));
      if (mapping[i] !== null || wanted === '' || (pass !== passes[0] && exact.has(normaliseLabel(header)))) return;
      const hit = candidates.find((column) => !used.has(column.name) && names(column).map(pass).includes(wanted));
      if (hit) {
        mapping[i] = hit.name;
        used.add(hit.name);
      }
    });
  }
  return mapping;
}

/** Required columns a new row would leave empty because no header fills them. */
export function unmappedRequired(mapping: ColumnMapping, register: RegisterMeta): ColumnMeta[] {
  return importTargets(register).filter((column) => column.required && !mapping.includes(column.name));
}

/** Columns that more than one header fills (the person has to pick one). */
export function mappedTwice(mapping: ColumnMapping): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const name of mapping) if (name) (seen.has(name) ? twice : seen).add(name);
  return [...twice];
}
