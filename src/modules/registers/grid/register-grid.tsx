// The register as a spreadsheet: Glide Data Grid over server-side pages, sorted by a header
// click, edited in place, filled by the handle, pasted into from Excel with a checked preview,
// copied out as TSV, with a status bar of counts and sums.
import DataEditor, { CompactSelection, type DataEditorRef, type GridColumn, type GridSelection, type Item } from '@glideapps/glide-data-grid';
import '@glideapps/glide-data-grid/dist/index.css';
import type { BaseRecord } from '@refinedev/core';
import { Alert } from 'antd';
import { forwardRef, useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplyRowInput } from '../../../data/registers/apply-rows';
import { messageHalf } from '../../../providers/readable-error';
import { kindOf } from '../model/kinds';
import { labelOf, type ColumnMeta, type RegisterMeta } from '../model/register-meta';
import type { ViewConfig } from '../views/view-config';
import { ConflictDialog } from './conflict-dialog';
import { cellFor, editedText, loadingCell } from './grid-cells';
import { PastePreview, type PasteRequest } from './paste-preview';
import { RowMenu, type RowMenuAt } from './row-menu';
import { StatusBar, type SelectionSummary } from './status-bar';
import { useCellWrites } from './use-cell-writes';
import type { ReferenceLabels } from '../model/use-reference-labels';
import type { RowPages } from './use-row-pages';

export type RegisterGridHandle = {
  jumpTo(row: number): void;
  selectedRows(): BaseRecord[];
  undoLast(): Promise<number>;
};

const defaultWidth = (column: ColumnMeta) => kindOf(column).width;

const emptySelection: GridSelection = { rows: CompactSelection.empty(), columns: CompactSelection.empty() };

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

export const RegisterGrid = forwardRef<RegisterGridHandle, Props>(function RegisterGrid(
  { register, columns, config, onConfigChange, pages, references, onOpenRow, onUndoChange },
  ref,
) {
  const { t, i18n } = useTranslation();
  const grid = useRef<DataEditorRef>(null);
  const writes = useCellWrites(register, pages, references);
  const [selection, setSelection] = useState<GridSelection>(emptySelection);
  const [visible, setVisible] = useState({ start: 0, end: 40 });
  const [paste, setPaste] = useState<PasteRequest | null>(null);
  const [jump, setJump] = useState<number | null>(null);
  const [rowMenu, setRowMenu] = useState<RowMenuAt | null>(null);
  const key = register.keyColumn;
  const sort = config.sort === undefined ? register.defaultSort : config.sort;

  useEffect(() => onUndoChange(writes.canUndo), [writes.canUndo, onUndoChange]);

  useEffect(() => {
    if (jump === null || pages.total === 0) return;
    const target = Math.min(jump, pages.total - 1);
    grid.current?.scrollTo(0, target, 'vertical', 0, 0, { vAlign: 'start' });
    if (target === jump || pages.total <= jump) setJump(null);
  }, [jump, pages.total]);

  // Labels for the references on screen.
  useEffect(() => {
    for (const column of columns.filter((c) => kindOf(c).references)) {
      const keys: unknown[] = [];
      for (let i = visible.start; i <= visible.end; i++) keys.push(pages.getRow(i)?.[column.name]);
      references.ensure(column, keys);
    }
  }, [columns, pages, references, visible]);

  const gridColumns = useMemo<GridColumn[]>(
    () =>
      columns.map((c) => ({
        id: c.name,
        title: `${labelOf(c, i18n.language)}${sort?.column === c.name ? (sort.order === 'asc' ? ' ↑' : ' ↓') : ''}`,
        width: config.widths?.[c.name] ?? defaultWidth(c),
      })),
    [columns, config.widths, sort, i18n.language],
  );

  const getCellContent = useCallback(
    ([col, rowIndex]: Item) => {
      const row = pages.getRow(rowIndex);
      const column = columns[col];
      if (!row || !column) return loadingCell();
      // Editable where the column is granted and the row's own RLS policy lets this person write it.
      const editable = column.editable && register.canUpdate && pages.rightsOf(row)?.update !== false;
      return cellFor(column, row[column.name], editable, references.labels(column), writes.refusalAt(row[key], column.name));
    },
    [pages, columns, register.canUpdate, references, writes, key],
  );

  const selectedRowIndexes = useCallback(() => {
    const rows = new Set(selection.rows.toArray());
    const range = selection.current?.range;
    if (range) for (let r = range.y; r < range.y + range.height; r++) rows.add(r);
    return [...rows].sort((a, b) => a - b);
  }, [selection]);

  useImperativeHandle(ref, () => ({
    jumpTo: (row: number) => {
      const target = Math.max(0, row);
      // Past an estimated count the grid first grows; the scroll waits for the new row count.
      pages.reach(target);
      setJump(target);
    },
    selectedRows: () => selectedRowIndexes().map((i) => pages.getRow(i)).filter((r): r is BaseRecord => !!r),
    undoLast: writes.undoLast,
  }));

  const summary = useMemo<SelectionSummary>(() => {
    const range = selection.current?.range;
    const rowCount = selection.rows.length;
    if (!range && rowCount === 0) return { cells: 0, rows: 0, sums: [] };
    if (!range) return { cells: rowCount * columns.length, rows: rowCount, sums: [] };
    const sums: SelectionSummary['sums'] = [];
    for (let c = range.x; c < range.x + range.width; c++) {
      const column = columns[c];
      if (!column || !kindOf(column).summable) continue;
      let sum = 0;
      for (let r = range.y; r < Math.min(range.y + range.height, range.y + 100_000); r++) sum += Number(pages.getRow(r)?.[column.name] ?? 0);
      sums.push({ label: labelOf(column, i18n.language), sum });
    }
    return { cells: range.width * range.height, rows: Math.max(range.height, rowCount), sums };
  }, [selection, columns, pages, i18n.language]);

  const commitPaste = async (inputs: ApplyRowInput[]) => {
    await writes.commitRows(inputs);
    setPaste(null);
  };

  const selectedCell = selection.current?.cell;
  const selectedRow = selectedCell ? pages.getRow(selectedCell[1]) : undefined;
  const refusal = selectedRow && selectedCell ? writes.refusalAt(selectedRow[key], columns[selectedCell[0]]?.name ?? '') : undefined;
  // A cell the database alone writes says why (in the status bar), where the person would try to edit it.
  const selectedColumn = selectedCell ? columns[selectedCell[0]] : undefined;
  const readOnlyReason = register.canUpdate && selectedColumn?.readOnlyReason && !selectedColumn.bookkeeping ? messageHalf(selectedColumn.readOnlyReason) : null;
  const firstVisibleLoaded = pages.isLoaded(visible.start, Math.min(visible.end, visible.start + 20));

  return (
    <div
      data-testid="register-grid"
      data-total={pages.total}
      data-loaded={pages.loadedCount}
      data-visible-start={visible.start}
      data-visible-ready={String(pages.total === 0 ? pages.loadedCount === 0 : firstVisibleLoaded)}
      style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
    >
      {pages.error && <Alert type="error" showIcon message={pages.error} />}
      {refusal && (
        <Alert
          type="error"
          showIcon
          data-testid="cell-error"
          message={t('registers.grid.cellRefused', { row: (selectedCell?.[1] ?? 0) + 1, column: labelOf(columns[selectedCell![0]], i18n.language), message: refusal.message })}
        />
      )}
      <div style={{ flex: 1, minHeight: 300, border: '1px solid #f0f0f0' }}>
        <DataEditor
          ref={grid}
          columns={gridColumns}
          rows={pages.total}
          getCellContent={getCellContent}
          width="100%"
          height="100%"
          rowMarkers="both"
          smoothScrollX
          smoothScrollY
          freezeColumns={Math.min(config.freeze ?? 1, columns.length)}
          gridSelection={selection}
          onGridSelectionChange={setSelection}
          getCellsForSelection
          fillHandle={register.canUpdate}
          keybindings={{ search: false, downFill: true, rightFill: true }}
          onVisibleRegionChanged={(range) => {
            setVisible({ start: range.y, end: range.y + range.height });
            pages.ensure(range.y - 20, range.y + range.height + 40);
          }}
          onCellsEdited={(items) => {
            void writes.write(items.map(({ location: [col, rowIndex], value }) => ({ rowIndex, column: columns[col], text: editedText(value) })));
            return true;
          }}
          onPaste={(target, values) => {
            if (!register.canUpdate && !register.canCreate) return false;
            const targetColumns = columns.slice(target[0], target[0] + Math.max(...values.map((r) => r.length)));
            setPaste({ startRow: target[1], columns: targetColumns, values: values.map((r) => targetColumns.map((_, i) => r[i] ?? '')) });
            return false;
          }}
          onHeaderClicked={(col) => {
            // A kind whose server order means nothing to a reader (keys, JSON) does not sort.
            if (!kindOf(columns[col]).sortable) return;
            const name = columns[col].name;
            const next = sort?.column !== name ? { column: name, order: 'asc' as const } : sort.order === 'asc' ? { column: name, order: 'desc' as const } : null;
            onConfigChange({ sort: next });
          }}
          onColumnResize={(column, width) => onConfigChange({ widths: { ...config.widths, [String(column.id)]: width } })}
          onColumnMoved={(from, to) => {
            const order = columns.map((c) => c.name);
            const [moved] = order.splice(from, 1);
            order.splice(to, 0, moved);
            onConfigChange({ order: [...order, ...register.columns.map((c) => c.name).filter((n) => !order.includes(n))] });
          }}
          onCellContextMenu={([, rowIndex], event) => {
            const row = pages.getRow(rowIndex);
            event.preventDefault();
            if (row) setRowMenu({ row, x: event.bounds.x + event.localEventX, y: event.bounds.y + event.localEventY });
          }}
          onCellActivated={([, rowIndex]) => {
            const row = pages.getRow(rowIndex);
            if (row && !register.canUpdate) onOpenRow(row);
          }}
        />
      </div>
      <RowMenu register={register} pages={pages} at={rowMenu} onClose={() => setRowMenu(null)} onOpenRow={onOpenRow} />
      <StatusBar total={pages.total} estimated={pages.estimated} loaded={pages.loadedCount} selection={summary} readOnly={refusal ? null : readOnlyReason} />
      {paste && <PastePreview register={register} request={paste} pages={pages} references={references} onCancel={() => setPaste(null)} onCommit={commitPaste} />}
      {writes.conflict && (
        <ConflictDialog register={register} conflict={writes.conflict} labels={references.labels(writes.conflict.column)} onResolve={(choice, theirs) => void writes.resolveConflict(choice, theirs)} />
      )}
    </div>
  );
});
