// The names of the registers the person may read, kept as the metadata arrives, for the few values
// that ARE a register's name (a statement line's source register): shown by its label, never by
// the table's name. A register the person may not read keeps its table name out of sight too.
import { i18n } from '../../../i18n/i18n';
import { labelOf, type RegisterMeta } from './register-meta';

let known = new Map<string, RegisterMeta>();

export function rememberRegisterLabels(registers: readonly RegisterMeta[]): void {
  known = new Map(registers.map((r) => [r.name, r]));
}

/** The register's label in the person's language, or a neutral word if it is not one he may read. */
export function registerLabel(name: string): string {
  const register = known.get(name);
  return register ? labelOf(register, i18n.language) : i18n.t('registers.cell.otherRegister');
}

/** Whether the person may open that register's records. */
export const isKnownRegister = (name: string): boolean => known.has(name);
