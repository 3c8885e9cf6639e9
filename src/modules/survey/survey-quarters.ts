// The survey card's arithmetic: the Beijing quarter, and the database's rows by department.
import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import type { SurveyScoreRow } from '../../data/surveys/fetch-survey-scores';

dayjs.extend(utc);
dayjs.extend(timezone);

export type DepartmentScores = { department: string; code: string; current?: SurveyScoreRow; previous?: SurveyScoreRow };

/** Today in Beijing: the database files each answer under its Beijing date. */
export const beijingToday = (): dayjs.Dayjs => dayjs().tz('Asia/Shanghai');

/** The first day of the quarter a Beijing date falls in, and of the one before. */
export function quartersOf(today: dayjs.Dayjs): { current: string; previous: string } {
  const start = today.startOf('month').month(Math.floor(today.month() / 3) * 3);
  return { current: start.format('YYYY-MM-DD'), previous: start.subtract(3, 'month').format('YYYY-MM-DD') };
}

export function byDepartment(rows: readonly SurveyScoreRow[], quarters: { current: string; previous: string }): DepartmentScores[] {
  const departments = new Map<string, DepartmentScores>();
  for (const row of rows) {
    const entry = departments.get(row.department_id) ?? { department: row.department, code: row.departmentCode };
    if (row.quarter === quarters.current) entry.current = row;
    else if (row.quarter === quarters.previous) entry.previous = row;
    departments.set(row.department_id, entry);
  }
  return [...departments.values()].sort((a, b) => a.code.localeCompare(b.code));
}
