// The register as a spreadsheet: Glide Data Grid over server-side pages, sorted by several
// columns, grouped by an option column (a header row with its count per value), edited in place
// (each kind's own editor: a dropdown, a calendar, a check box, a text popover), a new row appended
// on a line of its own, filled by the handle, pasted into from Excel with a checked preview, copied
// out as TSV however large the selection, with a footer of column statistics and a status bar whose
// sums the server completes for rows not loaded. A hidden table says it all as text (accessibility).
import DataEditor, {
  CompactSelection,
  GridCellKind,
  type CellArray,
  type DataEditorRef,
  type GridCell,
  type GridColumn,
  type GridSelection,
  type Item,
  type ProvideEditorComponent,
  type Rectangle,
} from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useDataProvider, useGetIdentity, useGo, type BaseRecord } from '@refinedev/core';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Dropdown, Select, Space, Typography } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { keys } from '../../../data/keys';
import { refusalMessage, type ApplyRowInput } from '../../../data/registers/apply-rows';
import { useSignedInUserId } from '../../../data/session/signed-in-user';
import { numberLocale } from '../../../i18n/in-language';
import { messageHalf } from '../../../providers/readable-error';
import { formatValue, kindOf, type GridEditorProps } from '../model/kinds';
import { ReferenceSearchContext } from '../model/kinds/reference-choices';
import { newRowDefaults, type Me } from '../model/new-row-defaults';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import type { ReferenceLabels } from '../model/use-reference-labels';
import { toCrudFilters, viewGroup, viewSorts, type ColumnStat, type SortColumn, type ViewConfig } from '../views/view-config';
import { AccessibleTable, type AccessibleLine } from './accessible-table';
import { serverParts, statsFor, statValue } from './column-stats';
import { ConflictDialog } from './conflict-dialog';
import { cellFor, editedText, loadingCell } from './grid-cells';
import { flatLayout, groupLayout, type GridLine } from './grouping';
import { PastePreview, type PasteRequest } from './paste-preview';
import { personColour, PresenceBar } from './presence-bar';
import { useReferenceSearch } from './reference-search';
import { RowMenu, type RowMenuAt } from './row-menu';
import { cappedScrollTop, proportionalAbove } from './scroll-position';
import { fetchAggregates, fetchGroupCounts, type AggregateRequest } from './server-aggregates';
import { ShortcutHelp } from './shortcut-help';
import { SortPanel } from './sort-panel';
import { StatusBar, type SelectionSummary } from './status-bar';
import { parseEdits, useCellWrites, type CellRefusal } from './use-cell-writes';
import { useLiveRows } from './use-live-rows';
import type { RowPages } from './use-row-pages';

export type RegisterGridHandle = {
  jumpTo(row: number): void;
  selectedRows(): BaseRecord[];
  undoLast(): Promise<number>;
};

const defaultWidth = (column: ColumnMeta) => kindOf(column).width;
// Glide's defaults, given explicitly: where a line is in the grid's pixels (scroll-position.ts) depends on them.
const rowHeight = 34;
const headerHeight = 36;

const emptySelection: GridSelection = { rows: CompactSelection.empty(), columns: CompactSelection.empty() };
const noSummary: SelectionSummary = { cells: 0, rows: 0, sums: [] };
const groupTheme = { bgCell: '#f5f5f5', textDark: '#262626', baseFontStyle: '600 13px' };
const footerTheme = { bgCell: '#fafafa', textDark: '#262626' };
// The footer is not a row: its marker number is drawn in the background's colour.
const footerMarkerTheme = { textLight: '#fafafa', bgCell: '#fafafa' };
const draftTheme = { bgCell: '#f6ffed' };
const flashTheme = { bgCell: '#fff1b8' };

/** What a kind's in-cell editor edits: the column, the stored value, and where to write the choice. */
type EditorTarget = { column: ColumnMeta; value: unknown; labels: ReadonlyMap<string, string>; commit(value: unknown): void };
// Carried by the cell itself: Glide copies a cell (with what was typed) before opening its editor.
type CellWithEditor = GridCell & { editorTarget?: EditorTarget };
const targetOf = (cell: GridCell) => (cell as CellWithEditor).editorTarget;

// One component for every kind's editor (stable, so Glide keeps it mounted while it is open): it
// finds the cell's target and shows the kind's GridEditor over the cell.
const KindCellEditor: ProvideEditorComponent<GridCell> = ({ value: cell, initialValue, onFinishedEditing }) => {
  const target = targetOf(cell);
  const Editor = target ? kindOf(target.column).GridEditor : undefined;
  if (!target || !Editor) return null;
  const props: GridEditorProps = {
    column: target.column,
    value: target.value,
    labels: target.labels,
    initialText: initialValue,
    onCommit: (value) => {
      target.commit(value);
      onFinishedEditing(undefined, [0, 0]);
    },
    onCancel: () => onFinishedEditing(undefined, [0, 0]),
  };
  return <Editor {...props} />;
};

/** A kind's editor for the cells that have one (see getCellContent); Glide's text editor for the others. */
const provideEditor = (cell: GridCell) => (targetOf(cell) ? { editor: KindCellEditor, disablePadding: true, disableStyling: true } : undefined);

// Clicks in an editor's dropdown or calendar (rendered in the page's body) are inside the editor.
const isOutsideClick = (e: MouseEvent | TouchEvent) => !(e.target as Element | null)?.closest?.('.ant-select-dropdown, .ant-picker-dropdown, .ant-picker-panel-container');

/** The footer's statistic of a column when the view chose none: the rows' count first, sums of numbers. */
function statOf(config: ViewConfig, column: ColumnMeta, first: boolean): ColumnStat {
  const chosen = config.stats?.[column.name];
  if (chosen && statsFor(column).includes(chosen)) return chosen;
  return kindOf(column).summable ? 'sum' : first ? 'count' : 'none';
}

type Props = {
  register: RegisterMeta;
  columns: ColumnMeta[];
  config: ViewConfig;
  onConfigChange(patch: Partial<ViewConfig>): void;
  pages: RowPages;
  references: ReferenceLabels;
  onOpenRow(row: BaseRecord): void;
  onUndoChange(canUndo: boolean): void;
};

type Line = GridLine | { kind: 'draft' } | { kind: 'footer' };

export const RegisterGrid = forwardRef<RegisterGridHandle, Props>(function RegisterGrid(
  { register, columns, config, onConfigChange, pages, references, onOpenRow, onUndoChange },
  ref,
) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const go = useGo();
  const dataProvider = useDataProvider();
  const user = useSignedInUserId();
  const { data: me } = useGetIdentity<NonNullable<Me>>();
  const grid = useRef<DataEditorRef>(null);
  const referenceSearch = useReferenceSearch();
  const writes = useCellWrites(register, pages, references);
  const live = useLiveRows(register, pages, me ? { id: me.id, name: (me as { name?: string }).name ?? '' } : undefined);
  const [selection, setSelection] = useState<GridSelection>(emptySelection);
  const [visible, setVisible] = useState({ start: 0, end: 40 });
  const [paste, setPaste] = useState<PasteRequest | null>(null);
  const [jump, setJump] = useState<number | null>(null);
  const [rowMenu, setRowMenu] = useState<RowMenuAt | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [statMenu, setStatMenu] = useState<{ column: ColumnMeta; x: number; y: number } | null>(null);
  const [draft, setDraft] = useState<Record<string, unknown> | null>(null);
  const [draftErrors, setDraftErrors] = useState<Map<string, CellRefusal>>(new Map());
  const key = register.keyColumn;
  const number = useCallback((n: number) => n.toLocaleString(numberLocale(i18n.language), { maximumFractionDigits: 2 }), [i18n.language]);

  const filters = useMemo(() => toCrudFilters(register, config), [register, config]);
  const filtersKey = JSON.stringify(filters);
  const sorts = useMemo(() => viewSorts(register, config), [register, config]);
  const group = viewGroup(register, config);

  // Counts per group, in the server's order (the pages come sorted by the grouping column first).
  const groups = useQuery({
    queryKey: [...keys.register(user, register.name), 'aggregate', 'groups', group?.name, filtersKey],
    queryFn: () => fetchGroupCounts(dataProvider(), register.name, filters, group!.name),
    enabled: !!group,
  });
  const layout = useMemo(() => (group && groups.data ? groupLayout(groups.data) : flatLayout(pages.total)), [group, groups.data, pages.total]);

  // The footer's statistics, over every row of the view.
  const frozenColumns = Math.min(config.freeze ?? 1, columns.length);
  const stats = useMemo(() => columns.map((c, i) => statOf(config, c, i === 0)), [columns, config]);
  const statRequests = useMemo<AggregateRequest[]>(
    () => columns.map((c, i) => ({ column: c.name, parts: serverParts(stats[i]) })).filter((r) => r.parts.length > 0),
    [columns, stats],
  );
  const aggregates = useQuery({
    queryKey: [...keys.register(user, register.name), 'aggregate', 'stats', JSON.stringify(statRequests), filtersKey],
    queryFn: () => fetchAggregates(dataProvider(), register.name, filters, statRequests),
    // After the first rows: the footer's figures read every row and must not hold up the rows on screen.
    enabled: pages.counted,
  });

  const dataLines = layout.lines;
  const draftLine = draft ? dataLines : -1;
  const footerLine = dataLines + (draft ? 1 : 0);
  const lineCount = footerLine + 1;
  const lineAt = useCallback(
    (line: number): Line => (line === footerLine ? { kind: 'footer' } : line === draftLine ? { kind: 'draft' } : layout.at(line)),
    [footerLine, draftLine, layout],
  );
  /** The data row a grid line shows, if it shows one. */
  const rowIndexAt = useCallback((line: number) => {
    const l = lineAt(line);
    return l.kind === 'row' ? l.index : null;
  }, [lineAt]);
  /** The data row at or after a line (a group header stands for its group's first row). */
  const rowNear = useCallback((line: number) => {
    const l = layout.at(Math.max(0, Math.min(line, Math.max(dataLines - 1, 0))));
    return l.kind === 'row' ? l.index : l.group.first;
  }, [layout, dataLines]);

  useEffect(() => onUndoChange(writes.canUndo), [writes.canUndo, onUndoChange]);

  // A line at the top of the view, exactly, however tall the grid (see scroll-position.ts: past about a
  // million rows the browser caps the scroller's height and Glide's own scrollTo lands proportionally
  // further). `landing` remembers the line until the view reports it, to correct a landing that missed.
  const scroller = useRef<HTMLDivElement>(null);
  const landing = useRef<{ line: number; tries: number } | null>(null);
  const scrollToLine = useCallback(
    (line: number) => {
      const el = scroller.current?.querySelector<HTMLElement>('.dvn-scroller');
      const top = el ? cappedScrollTop(line * rowHeight, { contentHeight: headerHeight + lineCount * rowHeight, scrollHeight: el.scrollHeight, clientHeight: el.clientHeight, scrollTop: el.scrollTop }) : null;
      if (el && top !== null) el.scrollTop = top;
      else grid.current?.scrollTo(0, line, 'vertical', 0, 0, { vAlign: 'start' });
    },
    [lineCount],
  );

  // The count can change under the view (the exact count after a sample's estimate: Ctrl+End before it
  // went to the estimate's end). The view asks for its rows again, and a view left past the last row
  // goes to the last rows. In a capped grid (scroll-position.ts) the browser keeps the scrollbar at its
  // end, where Glide still shows the old end: the scrollbar is moved off and back by more than Glide's
  // one-to-one distance, so that it maps the end anew (the browser's end is a pixel short of
  // scrollHeight − clientHeight, which Glide would take for its end).
  const shownLines = useRef(dataLines);
  useEffect(() => {
    if (shownLines.current === dataLines) return;
    shownLines.current = dataLines;
    if (group || dataLines === 0) return;
    const el = scroller.current?.querySelector<HTMLElement>('.dvn-scroller');
    if (visible.start > dataLines - 1 && el) {
      const bottom = el.scrollHeight - el.clientHeight;
      el.scrollTop = Math.max(0, bottom - 2 * proportionalAbove);
      requestAnimationFrame(() => requestAnimationFrame(() => (el.scrollTop = el.scrollHeight - el.clientHeight)));
      return;
    }
    pages.ensure(rowNear(visible.start) - 20, rowNear(visible.end) + 40, [rowNear(visible.start), rowNear(visible.end)]);
  }, [dataLines, group, visible, pages, rowNear]);

  // The rows a jump lands on are asked for at once, not after the grid has rendered and scrolled
  // there (a few frames: 70 ms and more on a busy machine); the view then finds them on their way.
  const askAhead = useCallback(
    (row: number) => {
      if (group) return;
      const height = Math.max(visible.end - visible.start, 1);
      pages.ensure(row - 20, row + height + 40, [row, row + height]);
    },
    [group, pages, visible],
  );

  useEffect(() => {
    if (jump === null || pages.total === 0) return;
    const target = Math.min(jump, pages.total - 1);
    landing.current = { line: layout.lineOf(target), tries: 0 };
    scrollToLine(layout.lineOf(target));
    // The jump is done once its row is reached (or the register is shorter): a scroll, then forgotten.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (target === jump || pages.total <= jump) setJump(null);
  }, [jump, pages.total, layout, scrollToLine]);

  // Labels for the references on screen.
  useEffect(() => {
    for (const column of columns.filter((c) => kindOf(c).references)) {
      const rowKeys: unknown[] = [];
      for (let i = rowNear(visible.start); i <= rowNear(visible.end); i++) rowKeys.push(pages.getRow(i)?.[column.name]);
      if (draft) rowKeys.push(draft[column.name]);
      references.ensure(column, rowKeys);
    }
  }, [columns, pages, references, visible, rowNear, draft]);

  // "?" opens the shortcuts (outside a text box; in the grid, see onKeyDown).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.key !== '?' || target?.closest('input, textarea, [contenteditable="true"]')) return;
      setHelpOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const sortMark = useCallback(
    (name: string) => {
      const i = sorts.findIndex((s) => s.column === name);
      if (i < 0) return '';
      return `${sorts[i].order === 'asc' ? ' ↑' : ' ↓'}${sorts.length > 1 ? i + 1 : ''}`;
    },
    [sorts],
  );

  const gridColumns = useMemo<GridColumn[]>(
    () => columns.map((c) => ({ id: c.name, title: `${labelOf(c, i18n.language)}${sortMark(c.name)}`, width: config.widths?.[c.name] ?? defaultWidth(c) })),
    [columns, config.widths, sortMark, i18n.language],
  );

  const groupText = useCallback(
    (value: string | null, count: number) =>
      t('sheet.groupHeader', { column: group ? labelOf(group, i18n.language) : '', value: value === null ? t('sheet.emptyValue') : formatValue(group!, value), count: number(count) as unknown as number }),
    [t, group, i18n.language, number],
  );

  const footerText = useCallback(
    (col: number) => {
      const column = columns[col];
      const stat = stats[col];
      if (!column || stat === 'none') return '';
      const rows = aggregates.data?.rows ?? pages.total;
      const value = statValue(column, stat, rows, aggregates.data?.columns[column.name], number);
      return value === null ? '' : t('sheet.statCell', { stat: t(`sheet.stats.${stat}`), value });
    },
    [columns, stats, aggregates.data, pages.total, number, t],
  );

  // A new row being filled in: parsed like any cell, saved once its required cells are filled.
  const requiredForNew = useMemo(() => register.columns.filter((c) => c.required && c.insertable), [register.columns]);
  const draftEdit = useCallback(
    async (column: ColumnMeta, edit: { text: string } | { value: unknown }) => {
      if (!draft) return;
      const [parsed] = 'value' in edit ? [{ ok: true as const, value: edit.value }] : await parseEdits([{ column, text: edit.text }], references);
      const text = 'text' in edit ? edit.text : formatValue(column, edit.value, references.labels(column));
      const errors = new Map(draftErrors);
      if (!parsed.ok) {
        errors.set(column.name, { text, message: parsed.error });
        setDraftErrors(errors);
        return;
      }
      errors.delete(column.name);
      const values = { ...draft, [column.name]: parsed.value };
      setDraft(values);
      setDraftErrors(errors);
      if (requiredForNew.some((c) => values[c.name] === null || values[c.name] === undefined || values[c.name] === '')) return;
      const input: ApplyRowInput = { key: null, version: null, values: Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== undefined)) };
      const result = await writes.commitRows([input]);
      const [outcome] = result.rows;
      if (outcome?.ok) {
        setDraft(null);
        setDraftErrors(new Map());
        message.success(t('sheet.draftSaved'));
      } else if (outcome) {
        setDraftErrors(new Map([...errors, [outcome.column && columns.some((c) => c.name === outcome.column) ? outcome.column : column.name, { text, message: refusalMessage(outcome) }]]));
      }
    },
    [draft, draftErrors, references, requiredForNew, writes, message, t, columns],
  );

  const commitFor = useCallback(
    (line: number, column: ColumnMeta) => (value: unknown) => {
      if (line === draftLine) {
        void draftEdit(column, { value });
        return;
      }
      const rowIndex = rowIndexAt(line);
      if (rowIndex === null) return;
      void writes.write([{ rowIndex, column, text: formatValue(column, value, references.labels(column)), value }]);
    },
    [draftLine, draftEdit, rowIndexAt, writes, references],
  );

  const getCellContent = useCallback(
    ([col, line]: Item): GridCell => {
      const column = columns[col];
      const l = lineAt(line);
      if (!column) return loadingCell();
      if (l.kind === 'footer') {
        const text = footerText(col);
        return { kind: GridCellKind.Text, data: text, displayData: text, allowOverlay: false, readonly: true, themeOverride: footerTheme, cursor: 'pointer' };
      }
      if (l.kind === 'header') {
        // The group's full words in one cell spanning the scrolling columns (a span may not cross the
        // frozen edge); the frozen columns show the value, so it stays in sight when scrolled sideways.
        const value = l.group.value === null ? t('sheet.emptyValue') : formatValue(group!, l.group.value);
        const spanned = col >= frozenColumns && frozenColumns < columns.length;
        const text = spanned ? groupText(l.group.value, l.group.count) : col === 0 ? value : '';
        const span: Item | undefined = spanned ? [frozenColumns, columns.length - 1] : undefined;
        return { kind: GridCellKind.Text, data: text, displayData: text, allowOverlay: false, readonly: true, themeOverride: groupTheme, span };
      }
      let cell: GridCell;
      let value: unknown;
      let editable: boolean;
      if (l.kind === 'draft') {
        value = draft?.[column.name] ?? null;
        editable = column.insertable;
        cell = cellFor(column, value, editable, references.labels(column), draftErrors.get(column.name));
        cell = { ...cell, themeOverride: { ...draftTheme, ...(cell.themeOverride ?? {}) } };
      } else {
        const row = pages.getRow(l.index);
        if (!row) return loadingCell();
        value = row[column.name];
        // Editable where the column is granted and the row's own RLS policy lets this person write it.
        editable = column.editable && register.canUpdate && pages.rightsOf(row)?.update !== false;
        const refusal = writes.refusalAt(row[key], column.name);
        cell = cellFor(column, value, editable, references.labels(column), refusal);
        if (refusal) return cell;
        // Someone else changed this cell a moment ago.
        if (pages.flashing(String(row[key]), column.name)) cell = { ...cell, themeOverride: { ...(cell.themeOverride ?? {}), ...flashTheme } };
      }
      if (editable && kindOf(column).GridEditor) {
        cell = { ...cell, allowOverlay: true, editorTarget: { column, value, labels: references.labels(column), commit: commitFor(line, column) } } as CellWithEditor;
      }
      return cell;
    },
    [columns, lineAt, footerText, groupText, frozenColumns, t, group, draft, draftErrors, pages, register.canUpdate, references, writes, key, commitFor],
  );

  const selectedRowIndexes = () => {
    const rows = new Set<number>();
    for (const line of selection.rows.toArray()) {
      const i = rowIndexAt(line);
      if (i !== null) rows.add(i);
    }
    const range = selection.current?.range;
    if (range) for (let r = range.y; r < range.y + range.height; r++) {
      const i = rowIndexAt(r);
      if (i !== null) rows.add(i);
    }
    return [...rows].sort((a, b) => a - b);
  };

  useImperativeHandle(ref, () => ({
    jumpTo: (row: number) => {
      const target = Math.max(0, row);
      // Before any count the grid first grows (its total is the pages' guess); the scroll waits for the
      // new row count. Once counted (a sample's "≈" or exact), a row past the end goes to the last rows:
      // grown past an estimate, the grid would wait at rows that do not exist.
      if (!pages.counted) pages.reach(target);
      else askAhead(Math.min(target, pages.total - 1));
      setJump(target);
    },
    selectedRows: () => selectedRowIndexes().map((i) => pages.getRow(i)).filter((r): r is BaseRecord => !!r),
    undoLast: writes.undoLast,
  }));

  // The status bar: what is selected, and the sums of its number columns over all its rows. Rows
  // not loaded are loaded for a modest selection; a whole column is added up by the server.
  const selectionKey = JSON.stringify({ r: selection.current?.range, c: selection.columns.toArray(), rows: selection.rows.length });
  const plan = useMemo(() => {
    const range = selection.current?.range;
    const wholeColumns = selection.columns.toArray();
    const rowCount = selection.rows.length;
    if (!range && wholeColumns.length === 0) return { summary: rowCount === 0 ? noSummary : { cells: rowCount * columns.length, rows: rowCount, sums: [] }, pending: null };
    const chosen = (wholeColumns.length > 0 ? wholeColumns : Array.from({ length: range!.width }, (_, i) => range!.x + i)).map((c) => columns[c]).filter((c): c is ColumnMeta => !!c);
    const summable = chosen.filter((c) => kindOf(c).summable);
    let first = 0;
    let last = pages.total - 1;
    if (wholeColumns.length === 0 && range) {
      const lines = Array.from({ length: Math.min(range.height, lineCount) }, (_, i) => range.y + i).map(rowIndexAt).filter((i): i is number => i !== null);
      first = lines.length ? lines[0] : 0;
      last = lines.length ? lines[lines.length - 1] : -1;
    }
    const rows = Math.max(0, last - first + 1);
    const base = { cells: wholeColumns.length > 0 ? chosen.length * pages.total : range!.width * range!.height, rows: Math.max(rows, rowCount) };
    const local = () =>
      summable.map((c) => {
        let sum = 0;
        let count = 0;
        for (let r = first; r <= last; r++) {
          const v = pages.getRow(r)?.[c.name];
          if (v === null || v === undefined || v === '') continue;
          sum += Number(v);
          count++;
        }
        return { label: labelOf(c, i18n.language), sum, count, avg: count ? sum / count : null };
      });
    if (summable.length === 0 || rows === 0) return { summary: { ...base, sums: [] }, pending: null };
    if (pages.isLoaded(first, last)) return { summary: { ...base, sums: local() }, pending: null };
    // Rows not loaded: a whole column (every row of the view) is added up by the server; a range is loaded.
    const byServer = first === 0 && last >= pages.total - 1;
    return { summary: { ...base, sums: [], computing: true }, pending: { byServer, first, last, summable, base, local } };
    // pages: a page arriving may complete a selection's rows
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selectionKey, columns, pages, i18n.language, lineCount, rowIndexAt]);
  const [computed, setComputed] = useState<{ key: string; summary: SelectionSummary } | null>(null);
  const summaryKey = `${selectionKey}|${filtersKey}|${pages.total}`;
  useEffect(() => {
    const pending = plan.pending;
    if (!pending) return;
    let cancelled = false;
    void (async () => {
      if (pending.byServer) {
        // The server adds up every row of the view (its filters, under RLS).
        const requests = pending.summable.map((c) => ({ column: c.name, parts: ['sum' as const, 'filled' as const] }));
        const answer = await fetchAggregates(dataProvider(), register.name, filters, requests);
        if (cancelled) return;
        const sums = pending.summable.map((c) => {
          const a = answer.columns[c.name];
          const count = Number(a?.filled ?? 0);
          const sum = Number(a?.sum ?? 0);
          return { label: labelOf(c, i18n.language), sum, count, avg: count ? sum / count : null };
        });
        setComputed({ key: summaryKey, summary: { ...pending.base, server: true, sums } });
        return;
      }
      await pages.load(pending.first, pending.last);
      if (!cancelled) setComputed({ key: summaryKey, summary: { ...pending.base, sums: pending.local() } });
    })().catch(() => !cancelled && setComputed({ key: summaryKey, summary: { ...pending.base, sums: [] } }));
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [summaryKey, plan.pending?.byServer]);
  const summary = plan.pending && computed?.key === summaryKey ? computed.summary : plan.summary;

  // Copy: the selected cells as TSV; rows not loaded yet are read first, in pages.
  const getCellsForSelection = useCallback(
    (rect: Rectangle) => {
      const cellsOf = (): CellArray =>
        Array.from({ length: rect.height }, (_, r) => Array.from({ length: rect.width }, (_, c) => getCellContent([rect.x + c, rect.y + r])));
      const lines = Array.from({ length: rect.height }, (_, i) => rect.y + i).map(rowIndexAt).filter((i): i is number => i !== null);
      if (lines.length === 0 || pages.isLoaded(lines[0], lines[lines.length - 1])) return cellsOf();
      return async () => {
        await pages.load(lines[0], lines[lines.length - 1]);
        return cellsOf();
      };
    },
    [getCellContent, rowIndexAt, pages],
  );

  // Ctrl+C over rows not loaded: they are read, then the TSV goes to the clipboard (Glide's own copy
  // of a selection it cannot read at once may not reach the clipboard after the wait).
  const copyLarge = async () => {
    const range = selection.current?.range;
    const wholeColumns = selection.columns.toArray();
    const rect = range ?? (wholeColumns.length > 0 ? { x: wholeColumns[0], y: 0, width: wholeColumns[wholeColumns.length - 1] - wholeColumns[0] + 1, height: footerLine } : null);
    if (!rect) return;
    const lines = Array.from({ length: rect.height }, (_, i) => rect.y + i).map(rowIndexAt).filter((i): i is number => i !== null);
    if (lines.length === 0 || pages.isLoaded(lines[0], lines[lines.length - 1])) return;
    const hide = message.loading(t('sheet.copying', { count: lines.length }), 0);
    try {
      await pages.load(lines[0], lines[lines.length - 1]);
    } finally {
      hide();
    }
    const text = (cell: GridCell) => String(('copyData' in cell && cell.copyData !== undefined ? cell.copyData : 'displayData' in cell ? cell.displayData : '') ?? '');
    const tsv = Array.from({ length: Math.min(rect.height, footerLine - rect.y) }, (_, r) =>
      Array.from({ length: rect.width }, (_, c) => text(getCellContent([rect.x + c, rect.y + r])).replace(/[\t\n]/g, ' ')).join('\t'),
    ).join('\n');
    await navigator.clipboard.writeText(tsv);
    message.success(t('sheet.copied', { rows: lines.length, columns: rect.width }));
  };

  const commitPaste = async (inputs: ApplyRowInput[]) => {
    await writes.commitRows(inputs);
    setPaste(null);
  };

  const appendRow = () => {
    const missing = requiredForNew.filter((c) => !columns.includes(c));
    if (missing.length > 0) {
      // A required column the view hides cannot be filled in the grid: the form asks for it.
      message.info(t('sheet.draftInForm', { columns: missing.map((c) => labelOf(c, i18n.language)).join('、') }));
      go({ to: `/r/${register.name}/create` });
      return;
    }
    setDraft(newRowDefaults(register, me));
    setDraftErrors(new Map());
    setTimeout(() => {
      grid.current?.scrollTo(0, dataLines, 'vertical', 0, 0, { vAlign: 'end' });
      const editable = columns.findIndex((c) => c.insertable && (draft?.[c.name] ?? null) === null);
      setSelection({ ...emptySelection, current: { cell: [Math.max(editable, 0), dataLines], range: { x: Math.max(editable, 0), y: dataLines, width: 1, height: 1 }, rangeStack: [] } });
      grid.current?.focus();
    }, 50);
  };

  const selectedCell = selection.current?.cell;
  const selectedLine = selectedCell ? lineAt(selectedCell[1]) : undefined;
  const selectedColumn = selectedCell ? columns[selectedCell[0]] : undefined;
  const selectedRow = selectedLine?.kind === 'row' ? pages.getRow(selectedLine.index) : undefined;
  const refusal =
    selectedLine?.kind === 'draft' && selectedColumn
      ? draftErrors.get(selectedColumn.name)
      : selectedRow && selectedColumn
        ? writes.refusalAt(selectedRow[key], selectedColumn.name)
        : undefined;
  // A cell the database alone writes says why (in the status bar), where the person would try to edit it.
  const readOnlyReason = register.canUpdate && selectedColumn?.readOnlyReason && !selectedColumn.bookkeeping ? messageHalf(selectedColumn.readOnlyReason) : null;
  // Where this person's cursor is: the others see it (if they may read the row), and the row keeps the
  // version seen here, so an edit of it after someone else's change is refused as stale, not lost.
  const cursorRowKey = selectedRow ? String(selectedRow[key]) : null;
  const cursorColumn = selectedColumn?.name ?? null;
  const { hold } = pages;
  const { showCursor } = live;
  const cursor = useRef<{ rowKey: string | null; column: string | null; selection: GridSelection }>({ rowKey: null, column: null, selection });
  useEffect(() => {
    const before = cursor.current;
    if (before.selection === selection && before.rowKey !== null && cursorRowKey !== before.rowKey) {
      // The rows moved under a cursor the person did not move (someone's insert or delete above it): it
      // follows its row, once the row's page is back (a refresh shows the old rows meanwhile).
      const at = pages.indexOf(before.rowKey);
      if (at === null || !selectedCell) return;
      const line = layout.lineOf(at);
      const moved = { ...emptySelection, current: { cell: [selectedCell[0], line] as Item, range: { x: selectedCell[0], y: line, width: 1, height: 1 }, rangeStack: [] } };
      cursor.current = { ...before, selection: moved };
      setSelection(moved);
      return;
    }
    const changed = before.rowKey !== cursorRowKey || before.column !== cursorColumn;
    cursor.current = { rowKey: cursorRowKey, column: cursorColumn, selection };
    if (!changed) return;
    hold(cursorRowKey);
    showCursor(cursorRowKey, cursorColumn);
    // pages: a page arriving may bring back the row a cursor follows
  }, [cursorRowKey, cursorColumn, selection, hold, showCursor, pages, layout, selectedCell]);
  const othersCursors = useMemo(
    () =>
      live.others.flatMap((p) => {
        const at = p.rowKey === null ? null : pages.indexOf(p.rowKey);
        const col = p.column === null ? -1 : columns.findIndex((c) => c.name === p.column);
        return at === null || col < 0 ? [] : [{ color: `${personColour(p.key)}33`, range: { x: col, y: layout.lineOf(at), width: 1, height: 1 }, style: 'solid' as const }];
      }),
    // pages: a row arriving or moving changes where a cursor is drawn
    [live.others, pages, columns, layout],
  );
  const firstVisibleLoaded = pages.isLoaded(rowNear(visible.start), Math.min(rowNear(visible.end), rowNear(visible.start) + 20));
  const groupsReady = !group || groups.isSuccess;

  // The hidden table: the lines on screen as text.
  const accessibleLines = useMemo<AccessibleLine[]>(() => {
    const out: AccessibleLine[] = [];
    for (let line = Math.max(0, visible.start); line <= Math.min(visible.end, footerLine - 1); line++) {
      const l = lineAt(line);
      if (l.kind === 'header') out.push({ kind: 'group', line, text: groupText(l.group.value, l.group.count) });
      else if (l.kind === 'draft') out.push({ kind: 'draft', line, cells: columns.map((c) => draftErrors.get(c.name)?.text ?? formatValue(c, draft?.[c.name], references.labels(c))) });
      else if (l.kind === 'row') {
        const row = pages.getRow(l.index);
        if (row) out.push({ kind: 'row', line, index: l.index, key: String(row[key]), cells: columns.map((c) => writes.refusalAt(row[key], c.name)?.text ?? formatValue(c, row[c.name], references.labels(c))) });
      }
    }
    return out;
  }, [visible, footerLine, lineAt, groupText, columns, draft, draftErrors, references, pages, key, writes]);

  return (
    <ReferenceSearchContext.Provider value={referenceSearch}>
      <Space wrap data-testid="grid-tools">
        <SortPanel register={register} sorts={sorts} onChange={(next: SortColumn[]) => onConfigChange({ sorts: next, sort: next[0] ?? null })} />
        <Select
          style={{ minWidth: 160 }}
          value={group?.name ?? ''}
          onChange={(name: string) => onConfigChange({ group: name || null })}
          options={[{ value: '', label: t('sheet.groupNone') }, ...register.columns.filter((c) => c.kind === 'option').map((c) => ({ value: c.name, label: `${t('sheet.group')}：${labelOf(c, i18n.language)}` }))]}
          data-testid="grid-group-by"
          aria-label={t('sheet.group')}
        />
        <Button icon={<QuestionCircleOutlined />} onClick={() => setHelpOpen(true)} data-testid="grid-shortcuts" aria-keyshortcuts="?">
          {t('sheet.shortcuts.button')}
        </Button>
        <PresenceBar
          status={live.status}
          others={live.others}
          rowNumber={(rowKey) => {
            const at = pages.indexOf(rowKey);
            return at === null ? null : at + 1;
          }}
          columnLabel={(name) => {
            const column = register.columns.find((c) => c.name === name);
            return column ? labelOf(column, i18n.language) : null;
          }}
        />
      </Space>
      <div
        data-testid="register-grid"
        data-total={pages.total}
        data-loaded={pages.loadedCount}
        data-visible-start={visible.start}
        data-visible-ready={String(groupsReady && (pages.total === 0 ? pages.counted && pages.loadedCount === 0 : firstVisibleLoaded))}
        data-count={pages.counted ? (pages.estimated ? 'estimated' : 'exact') : 'pending'}
        data-draft={draft ? 'open' : undefined}
        data-selected-cell={selectedCell ? `${selectedCell[0]},${selectedCell[1]}` : undefined}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
      >
        {pages.error && <Alert type="error" showIcon message={pages.error} />}
        {refusal && selectedColumn && (
          <Alert
            type="error"
            showIcon
            data-testid="cell-error"
            message={t('registers.grid.cellRefused', { row: (selectedLine?.kind === 'row' ? selectedLine.index : pages.total) + 1, column: labelOf(selectedColumn, i18n.language), message: refusal.message })}
          />
        )}
        <div ref={scroller} style={{ flex: 1, minHeight: 300, border: '1px solid #f0f0f0' }}>
          <DataEditor
            ref={grid}
            columns={gridColumns}
            rows={lineCount}
            freezeTrailingRows={1}
            getCellContent={getCellContent}
            provideEditor={provideEditor}
            isOutsideClick={isOutsideClick}
            width="100%"
            height="100%"
            // Glide numbers lines, not rows: grouped, its numbers would count the group headers, so
            // rows are numbered only when every line above the footer is a row (the draft is the next).
            rowMarkers={group ? 'checkbox' : 'both'}
            getRowThemeOverride={(line) => (line === footerLine ? footerMarkerTheme : undefined)}
            smoothScrollX
            smoothScrollY
            freezeColumns={frozenColumns}
            gridSelection={selection}
            highlightRegions={othersCursors.length ? othersCursors : undefined}
            onGridSelectionChange={setSelection}
            getCellsForSelection={getCellsForSelection}
            fillHandle={register.canUpdate}
            keybindings={{ search: false, downFill: true, rightFill: true }}
            onKeyDown={(e) => {
              if (e.key === '?') {
                e.cancel();
                setHelpOpen(true);
              } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') {
                void copyLarge().catch(() => undefined);
              } else if ((e.ctrlKey || e.metaKey) && e.key === 'End' && !e.shiftKey && dataLines > 0) {
                // Ctrl+End: the last row's last cell. Glide's own would select the totals line, which is
                // frozen in view, so the rows would not scroll to the end.
                e.cancel();
                const column = columns.length - 1;
                const line = dataLines - 1;
                askAhead(Math.max(0, pages.total - (visible.end - visible.start)));
                setSelection({ ...emptySelection, current: { cell: [column, line], range: { x: column, y: line, width: 1, height: 1 }, rangeStack: [] } });
                grid.current?.scrollTo(column, line, 'both', 0, 0, { vAlign: 'end' });
              } else if (e.key === 'Escape' && draft && e.location?.[1] === draftLine) {
                setDraft(null);
              }
            }}
            rowHeight={rowHeight}
            headerHeight={headerHeight}
            onVisibleRegionChanged={(range) => {
              // A jump that landed elsewhere (a scroll in a capped grid after the person's own small ones
              // drifted from the proportional mapping) is put right, twice at most; near the end the
              // view cannot put the line at its top, and that is where it stays.
              const aim = landing.current;
              if (aim && Math.abs(range.y - aim.line) > 1 && aim.tries < 2 && aim.line + range.height < lineCount - 1) {
                aim.tries += 1;
                scrollToLine(aim.line);
                return;
              }
              landing.current = null;
              setVisible({ start: range.y, end: range.y + range.height });
              pages.ensure(rowNear(range.y) - 20, rowNear(range.y + range.height) + 40, [rowNear(range.y), rowNear(range.y + range.height)]);
            }}
            onCellsEdited={(items) => {
              const edits = items.flatMap(({ location: [col, line], value }) => {
                const column = columns[col];
                if (!column) return [];
                if (line === draftLine) {
                  void draftEdit(column, { text: editedText(value) });
                  return [];
                }
                const rowIndex = rowIndexAt(line);
                return rowIndex === null ? [] : [{ rowIndex, column, text: editedText(value) }];
              });
              if (edits.length) void writes.write(edits);
              return true;
            }}
            onPaste={(target, values) => {
              if (!register.canUpdate && !register.canCreate) return false;
              const startRow = rowIndexAt(target[1]);
              if (startRow === null) return false;
              const targetColumns = columns.slice(target[0], target[0] + Math.max(...values.map((r) => r.length)));
              setPaste({ startRow, columns: targetColumns, values: values.map((r) => targetColumns.map((_, i) => r[i] ?? '')) });
              return false;
            }}
            onHeaderClicked={(col, event) => {
              // A kind whose server order means nothing to a reader (keys, JSON) does not sort.
              if (!kindOf(columns[col]).sortable) return;
              const name = columns[col].name;
              const at = sorts.findIndex((s) => s.column === name);
              const flip = (s: SortColumn): SortColumn | null => (s.order === 'asc' ? { column: name, order: 'desc' } : null);
              let next: SortColumn[];
              if (event.shiftKey) {
                // Shift+click adds the column as the next sort column (or turns / drops it).
                next = at < 0 ? [...sorts, { column: name, order: 'asc' }] : sorts.flatMap((s, i) => (i === at ? (flip(s) ? [flip(s)!] : []) : [s]));
              } else {
                next = at !== 0 || sorts.length !== 1 ? [{ column: name, order: 'asc' }] : flip(sorts[0]) ? [flip(sorts[0])!] : [];
              }
              onConfigChange({ sorts: next, sort: next[0] ?? null });
            }}
            onColumnResize={(column, width) => onConfigChange({ widths: { ...config.widths, [String(column.id)]: width } })}
            onColumnMoved={(from, to) => {
              const order = columns.map((c) => c.name);
              const [moved] = order.splice(from, 1);
              order.splice(to, 0, moved);
              onConfigChange({ order: [...order, ...register.columns.map((c) => c.name).filter((n) => !order.includes(n))] });
            }}
            onCellClicked={([col, line], event) => {
              if (line === footerLine && columns[col]) setStatMenu({ column: columns[col], x: event.bounds.x + event.localEventX, y: event.bounds.y });
            }}
            onCellContextMenu={([, line], event) => {
              const rowIndex = rowIndexAt(line);
              const row = rowIndex === null ? undefined : pages.getRow(rowIndex);
              event.preventDefault();
              if (row) setRowMenu({ row, x: event.bounds.x + event.localEventX, y: event.bounds.y + event.localEventY });
            }}
            onCellActivated={([col, line]) => {
              if (line === footerLine && columns[col]) {
                const bounds = grid.current?.getBounds(col, line);
                setStatMenu({ column: columns[col], x: bounds?.x ?? 0, y: bounds?.y ?? 0 });
                return;
              }
              const rowIndex = rowIndexAt(line);
              const row = rowIndex === null ? undefined : pages.getRow(rowIndex);
              if (row && !register.canUpdate) onOpenRow(row);
            }}
          />
        </div>
        {register.canCreate && (
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '2px 0' }}>
            <Button type="dashed" size="small" onClick={appendRow} disabled={!!draft} data-testid="grid-append-row" style={{ flex: draft ? undefined : 1, textAlign: 'left' }}>
              {t('sheet.appendRow')}
            </Button>
            {draft && (
              <>
                <Typography.Text type="secondary" data-testid="grid-draft-hint">
                  {t('sheet.draftHint', { columns: requiredForNew.map((c) => labelOf(c, i18n.language)).join('、') })}
                </Typography.Text>
                <Button size="small" type="link" onClick={() => setDraft(null)} data-testid="grid-draft-discard">{t('sheet.draftDiscard')}</Button>
              </>
            )}
          </div>
        )}
        <RowMenu register={register} pages={pages} at={rowMenu} onClose={() => setRowMenu(null)} onOpenRow={onOpenRow} />
        <StatusBar total={pages.total} estimated={pages.estimated} loaded={pages.loadedCount} selection={summary} readOnly={refusal ? null : readOnlyReason} />
        {paste && <PastePreview register={register} request={paste} pages={pages} references={references} onCancel={() => setPaste(null)} onCommit={commitPaste} />}
        {writes.conflict && (
          <ConflictDialog register={register} conflict={writes.conflict} labels={references.labels(writes.conflict.column)} onResolve={(choice, theirs) => void writes.resolveConflict(choice, theirs)} />
        )}
      </div>
      {statMenu && (
        <Dropdown
          open
          onOpenChange={(open) => !open && setStatMenu(null)}
          rootClassName="grid-stat-menu"
          menu={{
            selectable: true,
            selectedKeys: [stats[columns.indexOf(statMenu.column)] ?? 'none'],
            items: [
              { key: 'title', type: 'group', label: t('sheet.footerPick', { column: labelOf(statMenu.column, i18n.language) }) },
              ...statsFor(statMenu.column).map((s) => ({ key: s, label: t(`sheet.stats.${s}`) })),
            ],
            onClick: ({ key: stat }) => {
              onConfigChange({ stats: { ...config.stats, [statMenu.column.name]: stat as ColumnStat } });
              setStatMenu(null);
            },
          }}
        >
          <span style={{ position: 'fixed', left: statMenu.x, top: statMenu.y, width: 1, height: 1 }} />
        </Dropdown>
      )}
      <AccessibleTable
        onPickStat={(col) => {
          const bounds = grid.current?.getBounds(col, footerLine);
          if (columns[col]) setStatMenu({ column: columns[col], x: bounds?.x ?? 0, y: bounds?.y ?? 0 });
        }}
        caption={t('sheet.a11yCaption', { register: labelOf(register, i18n.language), total: number(pages.total), from: visible.start + 1, to: Math.min(visible.end, footerLine) })}
        headers={columns.map((c) => `${labelOf(c, i18n.language)}${sortMark(c.name)}`)}
        lines={accessibleLines}
        totalLines={lineCount}
        footer={columns.map((_, i) => footerText(i))}
      />
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </ReferenceSearchContext.Provider>
  );
});
