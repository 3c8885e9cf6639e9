// Flattens a monthly report's JSON into labelled rows (用于图表和导出), one per counted value.
export type ReportData = Record<string, number | Record<string, number>>;
export type ReportRow = { group: string; item: string; value: number };

export function reportRows(data: ReportData, groupLabel: (key: string) => string): ReportRow[] {
  return Object.entries(data).flatMap(([key, value]) =>
    typeof value === 'number'
      ? [{ group: groupLabel(key), item: groupLabel(key), value }]
      : Object.entries(value).map(([item, n]) => ({ group: groupLabel(key), item, value: n })),
  );
}
