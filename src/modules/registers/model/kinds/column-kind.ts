// What a column kind is: everything the screens need to know about one kind of value, in one
// object per kind (kinds/<kind>.tsx). Grid, form, filter builder, views, import, export, record
// page, print view, history and paste ask the column's kind (kindOf) instead of switching on it.
import type { GridCell } from '@glideapps/glide-data-grid';
import type { CrudFilter } from '@refinedev/core';
import type { Rule } from 'antd/es/form';
import type { ComponentType } from 'react';
import type { ColumnKind, ColumnMeta } from '../register-meta';
import type { ReferenceLabels } from '../use-reference-labels';


/** Referenced table → the keys of its rows whose display text holds the quick search's words. */
export type ReferenceMatches = ReadonlyMap<string, readonly string[]>;

/** What a cell's text stands for, or why it stands for nothing (in the user's language, naming the column). */
export type CellParse = { ok: true; value: unknown } | { ok: false; error: string };

/** Operators of the filter builder; `has` is "holds all of" for multi-option columns. */
export type FilterOperator = 'contains' | 'eq' | 'ne' | 'gte' | 'lte' | 'in' | 'has' | 'null' | 'nnull';

/** A form editor: antd's Form.Item hands it value and onChange. */
export type EditorProps = { column: ColumnMeta; value?: unknown; onChange?: (value: unknown) => void; disabled?: boolean; /** From Form.Item, so that the label points at the input. */ id?: string };

/** The value editor of one filter condition (not shown for null / not null). */
export type FilterInputProps = { column: ColumnMeta; operator: FilterOperator; value: unknown; onChange(value: unknown): void; references: ReferenceLabels };

/**
 * The grid's in-cell editor of a kind (a dropdown, a picker, a popover), opened over the cell.
 * It hands back the stored value itself (an option's value, a referenced row's key, an ISO date):
 * the grid writes it the same way as typed text, through use-cell-writes.
 */
export type GridEditorProps = {
  column: ColumnMeta;
  value: unknown;
  labels: Labels;
  /** What the person typed to open the editor (type-ahead), if they typed. */
  initialText?: string;
  onCommit(value: unknown): void;
  onCancel(): void;
};

/** Key → display text of a reference column (empty for other kinds). */
export type Labels = ReadonlyMap<string, string>;

export type ColumnKindSpec = {
  name: ColumnKind;
  /**
   * The value a non-empty, trimmed text stands for (typed in a cell, pasted, imported). `lookup`
   * maps a reference's display text to its key. Empty text never reaches a kind: kinds/index.ts
   * turns it into null or a "required" refusal.
   */
  parse(column: ColumnMeta, text: string, lookup?: Labels): CellParse;
  /** How a non-null value reads in a cell, a copy, the record page, the print view and the history. */
  format(column: ColumnMeta, value: unknown, labels: Labels): string;
  /** The XLSX cell of a non-null value: read back by import, it parses to the same value. */
  exportValue(column: ColumnMeta, value: unknown, labels: Labels): string | number | Date;
  /** Excel's number format for the column, if the exported value is a number or a date. */
  exportFormat?: string;
  /** The Glide cell of a value (null included); read-only look and refusals are added by the grid. */
  gridCell(column: ColumnMeta, value: unknown, editable: boolean, labels: Labels): GridCell;
  /** The grid's in-cell editor; absent: the cell is edited as text (Glide's own editor). */
  GridEditor?: ComponentType<GridEditorProps>;
  /** The antd editor in forms and move dialogs. */
  Editor: ComponentType<EditorProps>;
  /** The form's checks, derived from the same constraints the database enforces. */
  rules(column: ColumnMeta): Rule[];
  /** The filter builder's operators for this kind; the first is the default. */
  filterOperators: readonly FilterOperator[];
  /** How a filter value is entered; null when the kind offers only empty / not empty. */
  FilterInput: ComponentType<FilterInputProps> | null;
  /**
   * The conditions the quick search adds for this column (joined by "or"); absent: not searched.
   * `matches`: for a reference column, the keys of the referenced rows whose display text holds the
   * words (looked up on the server first, as the person may read them; see searchReferenceKeys).
   */
  quickSearch?(column: ColumnMeta, text: string, matches?: ReferenceMatches): CrudFilter[];
  /** Whether a header click sorts by it (the server's order means something to a reader). */
  sortable: boolean;
  /** Whether the status bar adds up a selection of it. */
  summable: boolean;
  /** The grid's default column width in pixels. */
  width: number;
  /** Takes a whole line in forms and the record page, and is left out of summary tables. */
  wide: boolean;
  /** Whether forms and the record page can show this column (a kind may not handle every type). */
  shows?(column: ColumnMeta): boolean;
  /** Values are keys of another register, shown by their labels and typed by their names. */
  references: boolean;
};
