// The app's model of a register, built from register_metadata() rows: what the generated grid,
// form, record page and importer need to know about each column.
import { inLanguage } from '../../../i18n/in-language';

// What a kind means lives in kinds/<kind>.tsx (kindOf); which kind a column is, in kinds/choose-kind.ts.
/** The kinds there are; `other` is a value the app has no editor for (a key, an array without options). */
export type ColumnKind =
  | 'text' | 'longtext' | 'integer' | 'code_number' | 'number' | 'money' | 'percent' | 'date' | 'month' | 'quarter' | 'datetime' | 'option' | 'multi_option'
  | 'reference' | 'boolean' | 'phone' | 'id_card' | 'survey_link' | 'register_name' | 'source_record' | 'json' | 'other';

export type ColumnMeta = {
  name: string;
  position: number;
  dataType: string;
  kind: ColumnKind;
  labelZh: string;
  labelEn: string;
  options: string[] | null;
  /** English labels of `options`, in the same order (the stored values stay Chinese). */
  optionsEn: string[] | null;
  /** Chinese labels of `options` (for values stored as codes, such as roles and scopes), in the same order. */
  optionsZh?: string[] | null;
  /** The kind the register's migration declares for the column (longtext, phone, money, …), if any. */
  kindHint: string | null;
  references: { table: string; display: string | null } | null;
  required: boolean;
  defaultValue: string | null;
  /** Writable in the grid and the edit form (update right and column grant). */
  editable: boolean;
  /** Offered when creating a row (create right and column grant). */
  insertable: boolean;
  system: boolean;
  /** The key and the bookkeeping every register has (version, timestamps): kept out of the default view. */
  bookkeeping: boolean;
  /** The person the register's policies read as the row's owner (a customer's 负责人). */
  owner: boolean;
  /** A system-owned column an administrator's historical import may fill (a paper record's receiver, state, dates). */
  historyImportable: boolean;
  /** Why the database alone writes this column ("中文 | English", shown in the person's half), if it does. */
  readOnlyReason: string | null;
  /** Shown masked; this RPC gives the person the full value (the record page's 查看 button). */
  reveal?: { rpc: string; keyParam: string } | null;
  /** A regular expression a single-column check constraint imposes (e.g. a phone format). */
  pattern: string | null;
  /** The message of that constraint, from its comment ("中文 | English"). */
  patternMessageZh: string | null;
  patternMessageEn: string | null;
};

export type RegisterMeta = {
  name: string;
  labelZh: string;
  labelEn: string;
  keyColumn: string;
  columns: ColumnMeta[];
  canCreate: boolean;
  canUpdate: boolean;
  canDelete: boolean;
  /** Column and direction the grid sorts by when the user chose nothing. */
  defaultSort: { column: string; order: 'asc' | 'desc' };
  /** Where the register sits in the menu; null keeps it out (saved views, for instance). */
  menu: { group: string; groupLabelZh: string; groupLabelEn: string; groupOrder: number; order: number } | null;
  /** The paper form's title for the print view. */
  printTitleZh: string;
  printTitleEn: string;
  /** The signature lines under the printed form, as declared (empty: the usual receiver/department/date). */
  printSignaturesZh: string[];
  printSignaturesEn: string[];
  /** The columns that name a record in its page title (its number, its name). */
  titleColumns: string[];
  moves: MoveMeta[];
};

/** A workflow move declared in the register's migration: an RPC the record page and the grid offer. */
export type MoveMeta = {
  move: string;
  labelZh: string;
  labelEn: string;
  rpc: string;
  /** The RPC parameter that takes the row's key. */
  keyParam: string;
  /** Arguments every call carries (approve: true / false for two moves of one RPC). */
  fixedArgs: Record<string, unknown>;
  stateColumn: string | null;
  fromStates: string[] | null;
  toState: string | null;
  /** What the person fills in: one field per RPC parameter, with the editor of its kind. */
  fields: ColumnMeta[];
  /** Per field name, the register column it stands for: the dialog opens with the row's value of it. */
  fieldColumns: Record<string, string>;
  confirmZh: string | null;
  confirmEn: string | null;
  danger: boolean;
};

export const labelOf = (item: { labelZh: string; labelEn: string }, language: string): string => inLanguage(item.labelZh, item.labelEn, language);

/** The columns a person sees by default: everything except the bookkeeping ones. */
// A source record's key says nothing to a reader: its record page links to it instead.
// A bare key (kinds/other.tsx isBareKey) is left out too: a reader cannot tell one uuid from another.
export const visibleByDefault = (column: ColumnMeta): boolean =>
  !column.bookkeeping && !column.dataType.endsWith('[]') && column.kind !== 'source_record' && !(column.kind === 'other' && column.dataType === 'uuid');
