// The grid draws on a canvas; this visually hidden table says the same as text, for screen
// readers (and for the browser tests, which read cells through it): the header, the rows on
// screen (group headers included, with their counts), a new row being filled in, and the footer's
// statistics. aria-rowindex gives each row's place among all rows, not only those on screen.
import { useTranslation } from 'react-i18next';

export type AccessibleLine =
  | { kind: 'group'; line: number; text: string }
  | { kind: 'row'; line: number; index: number; key: string; cells: string[] }
  | { kind: 'draft'; line: number; cells: string[] };

const hidden = { position: 'absolute', width: 1, height: 1, padding: 0, margin: -1, overflow: 'hidden', clip: 'rect(0, 0, 0, 0)', whiteSpace: 'nowrap', border: 0 } as const;

type Props = { caption: string; headers: string[]; lines: AccessibleLine[]; totalLines: number; footer: string[] | null; /** Opens the statistic menu of a column's footer cell. */ onPickStat(column: number): void };

export function AccessibleTable({ caption, headers, lines, totalLines, footer, onPickStat }: Props) {
  const { t } = useTranslation();
  return (
    <table role="grid" aria-readonly="false" aria-rowcount={totalLines + 1} aria-colcount={headers.length} data-testid="grid-accessible" style={hidden}>
      <caption>{caption}</caption>
      <thead>
        <tr aria-rowindex={1}>
          {headers.map((h, i) => (
            <th key={i} role="columnheader" scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) =>
          l.kind === 'group' ? (
            <tr key={`g${l.line}`} aria-rowindex={l.line + 2} data-kind="group">
              <th role="rowheader" scope="rowgroup" colSpan={headers.length}>{l.text}</th>
            </tr>
          ) : (
            <tr key={l.kind === 'row' ? `r${l.key}` : 'draft'} aria-rowindex={l.line + 2} data-kind={l.kind} data-row={l.kind === 'row' ? l.index : undefined}>
              {l.cells.map((c, i) => (
                <td key={i} role="gridcell">{c}</td>
              ))}
            </tr>
          ),
        )}
      </tbody>
      {footer && (
        <tfoot>
          <tr data-kind="footer" aria-label={t('sheet.footer')}>
            {footer.map((c, i) => (
              <td key={i} role="gridcell">
                <button type="button" aria-haspopup="menu" aria-label={`${headers[i]}: ${c || t('sheet.stats.none')}`} data-testid={`footer-stat-${i}`} onClick={() => onPickStat(i)}>
                  {c}
                </button>
              </td>
            ))}
          </tr>
        </tfoot>
      )}
    </table>
  );
}
